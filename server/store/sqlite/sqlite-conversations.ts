// Conversations and their messages on SQLite. Appends and transitions run in IMMEDIATE transactions:
// the read of the current seq or revision and the write that follows it cannot interleave with
// another writer's, in this process or another.
import type { Database } from 'better-sqlite3'
import { newId } from '../../ids.ts'
import { appendedMessageMoves, completedAnswerMoves, transitionFacts } from '../conversation-facts.ts'
import { decodeCursor, encodeCursor } from '../cursor.ts'
import { newConversationFacts } from '../defaults.ts'
import type { ReportConversation, Store } from '../store.ts'
import { factColumns, moveAssignments, REPORT_COLUMNS, reportConversationOf, toFacts } from './sqlite-facts.ts'
import { assignments, toConversation, toJson, toMessage, toMs, type Row } from './sqlite-rows.ts'
import type { ReadCache } from './sqlite-read-cache.ts'
import { insertRow } from './sqlite-writes.ts'

type ConversationMethods = Pick<
  Store,
  | 'createConversation'
  | 'getConversation'
  | 'listConversations'
  | 'transitionConversation'
  | 'updateConversation'
  | 'countOpenByAssignee'
  | 'queuePosition'
  | 'listIdleConversations'
  | 'listConversationsCreated'
  | 'appendMessage'
  | 'findMessageByClientId'
  | 'listMessages'
  | 'updateMessage'
  | 'interruptStreamingMessages'
>

/** Rows a report reads at a go (~25 ms here) before letting other work run. */
const REPORT_PAGE_ROWS = 5_000

export function conversationMethods(db: Database, cache: ReadCache): ConversationMethods {
  const getRow = (workspaceId: string, id: string) =>
    db.prepare('SELECT * FROM conversations WHERE id = ? AND workspace_id = ?').get(id, workspaceId) as Row | undefined

  const messageByClientId = (workspaceId: string, authorId: string, clientId: string) =>
    db
      .prepare('SELECT * FROM messages WHERE author_id = ? AND client_id = ? AND workspace_id = ?')
      .get(authorId, clientId, workspaceId) as Row | undefined

  const transition = db.transaction(
    (workspaceId: string, id: string, fromRevision: number, change: Parameters<Store['transitionConversation']>[3]) => {
      const row = getRow(workspaceId, id)
      if (!row) return null
      if (row.revision !== fromRevision) return { conversation: toConversation(row), won: false }
      const now = change.at?.getTime() ?? Date.now()
      const next: Row = { ...row, revision: fromRevision + 1, updated_at: now }
      if (change.status !== undefined) {
        next.status = change.status
        next.resolved_at = change.status === 'resolved' ? now : null
      }
      if (change.assigneeId !== undefined) next.assignee_id = change.assigneeId
      if (change.queuedAt !== undefined) next.queued_at = toMs(change.queuedAt)
      Object.assign(next, factColumns(transitionFacts(toFacts(row), change)))
      db.prepare(
        `UPDATE conversations SET status = @status, assignee_id = @assignee_id, queued_at = @queued_at,
           revision = @revision, updated_at = @updated_at, resolved_at = @resolved_at,
           human_needed_at = @human_needed_at, handoff_reason = @handoff_reason, handoff_at = @handoff_at,
           resolved_by = @resolved_by, resolver_id = @resolver_id WHERE id = @id`,
      ).run(next)
      return { conversation: toConversation(next), won: true }
    },
  )

  /** An append's result, and the conversation's row as the append left it (null for a resend). */
  type Appended = { result: NonNullable<AppendResult>; conversation: Row | null } | null

  const append = db.transaction((workspaceId: string, input: Parameters<Store['appendMessage']>[1]): Appended => {
    const authorId = input.authorId ?? null
    const clientId = input.clientId ?? null
    if (authorId !== null && clientId !== null) {
      const original = messageByClientId(workspaceId, authorId, clientId)
      if (original) return { result: { message: toMessage(original), created: false }, conversation: null }
    }
    const at = input.createdAt ?? new Date()
    const createdAt = at.getTime()
    const visibility = input.visibility ?? (input.kind === 'note' ? 'internal' : 'public')
    const status = input.status ?? 'complete'
    // The seq is taken, the activity stamped and the facts moved in one statement; a failed insert
    // below rolls it back. In an UPDATE every column reads as it was before, so last_seq + 1 is the new seq.
    const facts = moveAssignments(appendedMessageMoves({ kind: input.kind, visibility, status }, at), 'last_seq + 1')
    const taken = db
      .prepare(
        `UPDATE conversations SET ${[
          'last_seq = last_seq + 1',
          'updated_at = max(updated_at, @at)',
          'last_activity_at = max(last_activity_at, @at)',
          ...facts.sql,
        ].join(', ')} WHERE id = @id AND workspace_id = @ws RETURNING *`,
      )
      .get({ ...facts.params, at: createdAt, id: input.conversationId, ws: workspaceId }) as Row | undefined
    if (!taken) return null
    const row: Row = {
      id: newId(),
      workspace_id: workspaceId,
      conversation_id: input.conversationId,
      seq: taken.last_seq as number,
      kind: input.kind,
      visibility,
      author_id: authorId,
      author_name: input.authorName ?? null,
      text: input.text,
      notice: input.notice ? toJson(input.notice) : null,
      citations: toJson(input.citations ?? []),
      client_id: clientId,
      status,
      outcome: null,
      created_at: createdAt,
    }
    insertRow(db, 'messages', row)
    return { result: { message: toMessage(row), created: true }, conversation: taken }
  })

  /**
   * A message rewritten, and the facts it moves in the same transaction: an AI answer becoming
   * complete is the latest answer; an outcome on the latest answer is its outcome (on an older one,
   * the message's alone).
   */
  const rewriteMessage = db.transaction(
    (workspaceId: string, conversationId: string, seq: number, patch: Parameters<Store['updateMessage']>[3]) => {
      const set = assignments(patch, { text: ['text'], status: ['status'], citations: ['citations', toJson], outcome: ['outcome'] })
      const params: Row = { ...set.params, conv: conversationId, ws: workspaceId, seq }
      const where = 'conversation_id = @conv AND workspace_id = @ws AND seq = @seq'
      const before =
        patch.status === 'complete'
          ? (db.prepare(`SELECT kind, status FROM messages WHERE ${where}`).get(params) as Row | undefined)
          : undefined
      if (set.sql.length > 0) db.prepare(`UPDATE messages SET ${set.sql.join(', ')} WHERE ${where}`).run(params)
      const row = db.prepare(`SELECT * FROM messages WHERE ${where}`).get(params) as Row | undefined
      if (!row) return null
      const conversation = { id: conversationId, ws: workspaceId, seq }
      if (before && before.kind === 'ai' && before.status !== 'complete') {
        const facts = moveAssignments(completedAnswerMoves(new Date()), '@seq')
        db.prepare(`UPDATE conversations SET ${facts.sql.join(', ')} WHERE id = @id AND workspace_id = @ws`).run({ ...facts.params, ...conversation })
      }
      if (patch.outcome !== undefined) {
        db.prepare(
          'UPDATE conversations SET last_ai_answer_outcome = @outcome WHERE id = @id AND workspace_id = @ws AND last_ai_answer_seq = @seq',
        ).run({ ...conversation, outcome: patch.outcome })
      }
      return toMessage(row)
    },
  )

  type AppendInput = Parameters<Store['appendMessage']>[1]
  type AppendResult = Awaited<ReturnType<Store['appendMessage']>>
  interface PendingAppend {
    workspaceId: string
    input: AppendInput
    resolve(result: AppendResult): void
    reject(error: unknown): void
  }
  let pendingAppends: PendingAppend[] = []

  /**
   * Group commit: the appends asked for in one turn of the event loop are written in one
   * transaction, each in its own savepoint (a failing one is rolled back alone), and every caller
   * hears back only once that transaction has committed. One commit instead of one per message:
   * the pages a batch shares (the conversation rows, the indexes) are written once.
   */
  const appendAll = db.transaction((batch: PendingAppend[]) =>
    batch.map((item): { ok: true; value: Appended } | { ok: false; error: unknown } => {
      try {
        return { ok: true, value: append(item.workspaceId, item.input) }
      } catch (error) {
        return { ok: false, error }
      }
    }),
  )

  function flushAppends() {
    const batch = pendingAppends
    pendingAppends = []
    let outcomes
    try {
      outcomes = appendAll.immediate(batch)
    } catch (error) {
      // The commit itself failed (the disk, a lock held too long): none of them is stored.
      for (const item of batch) item.reject(error)
      return
    }
    // Committed: the conversations are cached as their appends left them (in order, so the last wins).
    for (const outcome of outcomes) if (outcome.ok && outcome.value?.conversation) cache.conversationWritten(toConversation(outcome.value.conversation))
    outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.value?.result ?? null) : batch[i]!.reject(outcome.error)))
  }

  return {
    async createConversation(workspaceId, input) {
      const now = input.createdAt?.getTime() ?? Date.now()
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        site_id: input.siteId,
        visitor_id: input.visitorId,
        status: 'open',
        assignee_id: null,
        queued_at: toMs(input.queuedAt),
        revision: 0,
        last_seq: 0,
        rating_score: null,
        rating_comment: null,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        resolved_at: null,
        ...factColumns(newConversationFacts(input.humanNeededAt ?? null)),
      }
      insertRow(db, 'conversations', row)
      return toConversation(row)
    },

    async getConversation(workspaceId, conversationId) {
      return cache.conversation(workspaceId, conversationId, () => {
        const row = getRow(workspaceId, conversationId)
        return row ? toConversation(row) : null
      })
    },

    async listConversations(workspaceId, filter, page) {
      const where = ['workspace_id = @ws']
      const params: Row = { ws: workspaceId, limit: page.limit + 1 }
      if (filter.siteId !== undefined) {
        where.push('site_id = @site')
        params.site = filter.siteId
      }
      if (filter.status !== undefined) {
        where.push('status = @status')
        params.status = filter.status
      }
      if (filter.assigneeId !== undefined) {
        where.push(filter.assigneeId === null ? 'assignee_id IS NULL' : 'assignee_id = @assignee')
        params.assignee = filter.assigneeId
      }
      if (filter.visitorIds !== undefined) {
        const names = filter.visitorIds.map((id, i) => {
          params[`v${i}`] = id
          return `@v${i}`
        })
        where.push(`visitor_id IN (${names.join(', ') || 'NULL'})`)
      }
      if (filter.search !== undefined) {
        // LIKE with its wildcards escaped: the search is for the text as typed.
        params.q = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`
        where.push(`(visitor_id IN (SELECT id FROM visitors WHERE workspace_id = @ws AND (
            lower(name) LIKE @q ESCAPE '\\' OR lower(email) LIKE @q ESCAPE '\\' OR lower(external_id) LIKE @q ESCAPE '\\'
            OR lower(json_extract(claims, '$.name')) LIKE @q ESCAPE '\\' OR lower(json_extract(claims, '$.email')) LIKE @q ESCAPE '\\'))
          OR id IN (SELECT conversation_id FROM messages WHERE workspace_id = @ws AND lower(text) LIKE @q ESCAPE '\\'))`)
      }
      let order = 'id DESC'
      if (filter.queued) {
        where.push("status = 'open' AND assignee_id IS NULL AND queued_at IS NOT NULL")
        order = 'queued_at ASC, id ASC'
        if (page.cursor) {
          const [queuedAt, id] = decodeCursor(page.cursor)
          where.push('(queued_at > @cq OR (queued_at = @cq AND id > @cid))')
          Object.assign(params, { cq: queuedAt, cid: id })
        }
      } else if (page.cursor) {
        where.push('id < @cid')
        params.cid = decodeCursor(page.cursor)[1]
      }
      const rows = db
        .prepare(`SELECT * FROM conversations WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`)
        .all(params) as Row[]
      const items = rows.slice(0, page.limit).map(toConversation)
      const last = items.at(-1)
      const nextCursor =
        rows.length > page.limit && last
          ? encodeCursor(filter.queued ? [toMs(last.queuedAt) ?? 0, last.id] : [last.id, last.id])
          : null
      return { items, nextCursor }
    },

    async transitionConversation(workspaceId, conversationId, fromRevision, change) {
      return transition.immediate(workspaceId, conversationId, fromRevision, change)
    },

    async updateConversation(workspaceId, conversationId, patch) {
      const sets: string[] = []
      const params: Row = { id: conversationId, ws: workspaceId, now: Date.now() }
      if (patch.rating !== undefined) {
        sets.push('rating_score = @score', 'rating_comment = @comment')
        params.score = patch.rating?.score ?? null
        params.comment = patch.rating?.comment ?? null
      }
      if (patch.lastActivityAt !== undefined) {
        sets.push('last_activity_at = @activity')
        params.activity = patch.lastActivityAt.getTime()
      }
      db.prepare(
        `UPDATE conversations SET ${[...sets, 'updated_at = @now'].join(', ')} WHERE id = @id AND workspace_id = @ws`,
      ).run(params)
      const row = getRow(workspaceId, conversationId)
      return row ? toConversation(row) : null
    },

    async countOpenByAssignee(workspaceId) {
      const rows = db
        .prepare(
          `SELECT assignee_id, count(*) AS n FROM conversations
           WHERE workspace_id = ? AND status = 'open' AND assignee_id IS NOT NULL GROUP BY assignee_id`,
        )
        .all(workspaceId) as { assignee_id: string; n: number }[]
      return new Map(rows.map((row) => [row.assignee_id, row.n]))
    },

    async queuePosition(workspaceId, conversationId) {
      const row = getRow(workspaceId, conversationId)
      if (!row || row.status !== 'open' || row.assignee_id !== null || row.queued_at === null) return null
      const ahead = db
        .prepare(
          `SELECT count(*) AS n FROM conversations
           WHERE workspace_id = @ws AND status = 'open' AND assignee_id IS NULL AND queued_at IS NOT NULL
             AND (queued_at < @q OR (queued_at = @q AND id < @id))`,
        )
        .get({ ws: workspaceId, q: row.queued_at, id: conversationId }) as { n: number }
      return ahead.n + 1
    },

    async listConversationsCreated(workspaceId, { from, to, siteId, limit }) {
      const site = siteId === undefined ? '' : 'AND site_id = @site'
      // The columns a report reads, in the index's order, a page at a time after the last one read
      // (created_at is column 6, id column 0 of REPORT_COLUMNS), with the event loop let go between
      // pages: a year of a busy site is 100,000 rows, half a second of reading that must not stall
      // every socket of the process at once.
      const page = db
        .prepare(`SELECT ${REPORT_COLUMNS} FROM conversations WHERE workspace_id = @ws ${site} AND (created_at, id) > (@at, @id) AND created_at < @to ORDER BY created_at, id LIMIT @limit`)
        .raw(true)
      const found: ReportConversation[] = []
      const params = { ws: workspaceId, to: to.getTime(), ...(siteId === undefined ? {} : { site: siteId }) }
      let after: [number, string] = [from.getTime(), '']
      while (found.length < limit) {
        const rows = page.all({ ...params, at: after[0], id: after[1], limit: Math.min(REPORT_PAGE_ROWS, limit - found.length) }) as unknown[][]
        for (const row of rows) found.push(reportConversationOf(row))
        if (rows.length < REPORT_PAGE_ROWS) break
        const last = rows[rows.length - 1]!
        after = [last[6] as number, last[0] as string]
        await new Promise((resolve) => setImmediate(resolve))
      }
      return found
    },

    async listIdleConversations(before, page) {
      const params: Row = { before: before.getTime(), limit: page.limit + 1 }
      let after = ''
      if (page.cursor) {
        const [at, id] = decodeCursor(page.cursor)
        Object.assign(params, { at, id })
        after = 'AND (last_activity_at > @at OR (last_activity_at = @at AND id > @id))'
      }
      const rows = db
        .prepare(
          `SELECT * FROM conversations WHERE status = 'open' AND queued_at IS NULL AND last_activity_at < @before ${after}
           ORDER BY last_activity_at, id LIMIT @limit`,
        )
        .all(params) as Row[]
      const items = rows.slice(0, page.limit).map(toConversation)
      const last = items.at(-1)
      const nextCursor = rows.length > page.limit && last ? encodeCursor([last.lastActivityAt.getTime(), last.id]) : null
      return { items, nextCursor }
    },

    appendMessage(workspaceId, input) {
      return new Promise<AppendResult>((resolve, reject) => {
        if (pendingAppends.length === 0) setImmediate(flushAppends)
        pendingAppends.push({ workspaceId, input, resolve, reject })
      })
    },

    async findMessageByClientId(workspaceId, authorId, clientId) {
      const row = messageByClientId(workspaceId, authorId, clientId)
      return row ? toMessage(row) : null
    },

    async listMessages(workspaceId, conversationId, query) {
      const where = ['conversation_id = @conv', 'workspace_id = @ws']
      const params: Row = { conv: conversationId, ws: workspaceId, limit: query.limit }
      if (query.afterSeq !== undefined) {
        where.push('seq > @after')
        params.after = query.afterSeq
      }
      if (query.beforeSeq !== undefined) {
        where.push('seq < @before')
        params.before = query.beforeSeq
      }
      if (query.publicOnly) where.push("visibility = 'public'")
      // Paging backwards takes the newest below the bound, then turns them back into seq order.
      const backwards = query.beforeSeq !== undefined && query.afterSeq === undefined
      const rows = db
        .prepare(
          `SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT @limit`,
        )
        .all(params) as Row[]
      if (backwards) rows.reverse()
      return rows.map(toMessage)
    },

    async interruptStreamingMessages() {
      return db.prepare("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").run().changes
    },

    async updateMessage(workspaceId, conversationId, seq, patch) {
      return rewriteMessage.immediate(workspaceId, conversationId, seq, patch)
    },
  }
}
