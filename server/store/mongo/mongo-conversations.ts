// Conversations on MongoDB: opening, reading, listing and counting them. Loads and queue positions are
// counted from the conversations themselves on every call, never kept in counters: FerretDB loses
// concurrent $inc updates, and a counter outlives the crash that should have decremented it.
import type { Document, Filter, Sort } from 'mongodb'
import { TandemError } from '../../errors.ts'
import { newId } from '../../ids.ts'
import { decodeCursor, encodeCursor } from '../cursor.ts'
import { newConversationFacts } from '../defaults.ts'
import type { ConversationPatch, Store } from '../store.ts'
import type { MongoContext } from './mongo-collections.ts'
import { pickDefined, toConversation, toStoredFacts, type ConversationDoc } from './mongo-documents.ts'
import { readConversation } from './mongo-transitions.ts'
import { insertDocument, patchDocument } from './mongo-writes.ts'

type ConversationMethods = Pick<
  Store,
  | 'createConversation'
  | 'getConversation'
  | 'listConversations'
  | 'updateConversation'
  | 'countOpenByAssignee'
  | 'queuePosition'
  | 'listIdleConversations'
  | 'listConversationsCreated'
>

const CONVERSATION_PATCH_FIELDS = ['rating', 'lastActivityAt'] as const satisfies readonly (keyof ConversationPatch)[]

/** Waiting for a human: open, nobody holds it, and it has joined the queue. */
const QUEUED: Filter<ConversationDoc> = { status: 'open', assigneeId: null, queuedAt: { $ne: null } }

/** A regex matching `text` as typed: every character that means something to a regex is escaped. */
function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/**
 * The conversations a search finds: their visitor's name, email or external id (or the name and
 * email they gave themselves, unverified), or any of their
 * messages, holds the text in any case. Two lookups whose results the conversation query then takes
 * as lists of ids, because FerretDB 1.24 implements no $lookup to join them in one query.
 */
async function searchFilter(ctx: MongoContext, workspaceId: string, search: string): Promise<Filter<ConversationDoc>> {
  const pattern = { $regex: literalPattern(search), $options: 'i' }
  const [visitorIds, conversationIds] = await Promise.all([
    ctx.visitors.distinct('_id', { workspaceId, $or: [{ name: pattern }, { email: pattern }, { externalId: pattern }, { 'claims.name': pattern }, { 'claims.email': pattern }] }),
    ctx.messages.distinct('conversationId', { workspaceId, text: pattern }),
  ])
  return { $or: [{ visitorId: { $in: visitorIds } }, { _id: { $in: conversationIds } }] }
}

export function conversationMethods(ctx: MongoContext): ConversationMethods {
  return {
    async createConversation(workspaceId, input) {
      const now = input.createdAt ?? new Date()
      const doc: ConversationDoc = {
        _id: newId(),
        workspaceId,
        siteId: input.siteId,
        visitorId: input.visitorId,
        status: 'open',
        assigneeId: null,
        queuedAt: input.queuedAt ?? null,
        revision: 0,
        lastSeq: 0,
        rating: null,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
        resolvedAt: null,
        facts: toStoredFacts(newConversationFacts(input.humanNeededAt ?? null)),
      }
      await insertDocument(ctx.conversations, doc)
      return toConversation(doc)
    },

    async getConversation(workspaceId, conversationId) {
      const doc = await readConversation(ctx, workspaceId, conversationId)
      return doc ? toConversation(doc) : null
    },

    async listConversations(workspaceId, filter, page) {
      const and: Filter<ConversationDoc>[] = [{ workspaceId }]
      if (filter.siteId !== undefined) and.push({ siteId: filter.siteId })
      if (filter.status !== undefined) and.push({ status: filter.status })
      if (filter.assigneeId !== undefined) and.push({ assigneeId: filter.assigneeId })
      if (filter.visitorIds !== undefined) and.push({ visitorId: { $in: filter.visitorIds } })
      if (filter.search !== undefined) and.push(await searchFilter(ctx, workspaceId, filter.search))

      let sort: Sort
      if (filter.queued) {
        and.push(QUEUED)
        sort = { queuedAt: 1, _id: 1 }
        if (page.cursor) {
          const [queuedAtMs, id] = decodeCursor(page.cursor)
          if (typeof queuedAtMs !== 'number') throw new TandemError('ERR_REQUEST_INVALID', 'The page cursor is not valid.')
          const queuedAt = new Date(queuedAtMs)
          and.push({ $or: [{ queuedAt: { $gt: queuedAt } }, { queuedAt, _id: { $gt: id } }] })
        }
      } else {
        sort = { _id: -1 }
        if (page.cursor) and.push({ _id: { $lt: decodeCursor(page.cursor)[1] } })
      }

      // One more than asked tells whether there is a next page.
      const docs = await ctx.conversations
        .find({ $and: and })
        .sort(sort)
        .limit(Math.max(page.limit, 0) + 1)
        .toArray()
      const items = docs.slice(0, Math.max(page.limit, 0)).map(toConversation)
      const last = items.at(-1)
      let nextCursor: string | null = null
      if (docs.length > items.length && last) {
        nextCursor = encodeCursor(filter.queued ? [last.queuedAt?.getTime() ?? 0, last.id] : [last.id, last.id])
      }
      return { items, nextCursor }
    },

    async updateConversation(workspaceId, conversationId, patch) {
      const set: Document = { ...pickDefined(patch, CONVERSATION_PATCH_FIELDS), updatedAt: new Date() }
      const doc = await patchDocument(ctx, ctx.conversations, workspaceId, conversationId, set)
      return doc ? toConversation(doc) : null
    },

    async countOpenByAssignee(workspaceId) {
      const rows = await ctx.conversations
        .aggregate<{ _id: string; open: number }>([
          { $match: { workspaceId, status: 'open', assigneeId: { $ne: null } } },
          { $group: { _id: '$assigneeId', open: { $sum: 1 } } },
        ])
        .toArray()
      return new Map(rows.map((row) => [row._id, row.open]))
    },

    async listConversationsCreated(workspaceId, { from, to, siteId, limit }) {
      const filter: Filter<ConversationDoc> = { workspaceId, createdAt: { $gte: from, $lt: to }, ...(siteId === undefined ? {} : { siteId }) }
      // limit(0) would be no limit at all in MongoDB.
      if (limit <= 0) return []
      // In the indexes' order: oldest first, ties by id, as SQLite sorts.
      const docs = await ctx.conversations.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray()
      return docs.map((doc) => {
        const { id, siteId, status, assigneeId, rating, createdAt, resolvedAt, facts } = toConversation(doc)
        return { id, siteId, status, assigneeId, rating, createdAt, resolvedAt, facts }
      })
    },

    async listIdleConversations(before, page) {
      const and: Filter<ConversationDoc>[] = [{ status: 'open', queuedAt: null, lastActivityAt: { $lt: before } }]
      if (page.cursor) {
        const [atMs, id] = decodeCursor(page.cursor)
        if (typeof atMs !== 'number') throw new TandemError('ERR_REQUEST_INVALID', 'The page cursor is not valid.')
        const at = new Date(atMs)
        and.push({ $or: [{ lastActivityAt: { $gt: at } }, { lastActivityAt: at, _id: { $gt: id } }] })
      }
      const limit = Math.max(page.limit, 0)
      const docs = await ctx.conversations.find({ $and: and }).sort({ lastActivityAt: 1, _id: 1 }).limit(limit + 1).toArray()
      const items = docs.slice(0, limit).map(toConversation)
      const last = items.at(-1)
      return { items, nextCursor: docs.length > limit && last ? encodeCursor([last.lastActivityAt.getTime(), last.id]) : null }
    },

    async queuePosition(workspaceId, conversationId) {
      const doc = await readConversation(ctx, workspaceId, conversationId)
      if (!doc || doc.status !== 'open' || doc.assigneeId !== null || doc.queuedAt === null) return null
      const ahead = await ctx.conversations.countDocuments({
        workspaceId,
        ...QUEUED,
        $or: [{ queuedAt: { $lt: doc.queuedAt } }, { queuedAt: doc.queuedAt, _id: { $lt: doc._id } }],
      })
      return ahead + 1
    },
  }
}
