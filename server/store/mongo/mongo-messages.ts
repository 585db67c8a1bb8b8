// Messages on MongoDB. A seq is claimed by inserting under the unique (conversationId, seq) index, always
// at the highest stored seq + 1: seq n+1 is only ever written once n exists, so readers see a gap-free
// prefix. A named message (author + client id) takes an _id derived from that name, so a resend
// collides on the primary key and finding the original is a read by _id: every step of an append, and
// the resend check before it, is a primary-key operation, which FerretDB runs without scanning the
// collection. The unique dedupeKey stays as a second guard, and finds messages stored before ids were
// derived. Within a process appends to one conversation run one at a time, so they never fight each
// other; across processes the indexes settle every race.
import { createHash } from 'node:crypto'
import type { Document, Filter } from 'mongodb'
import { TandemError } from '../../errors.ts'
import { newId } from '../../ids.ts'
import { appendedMessageMoves, completedAnswerMoves, type FactMoves } from '../conversation-facts.ts'
import type { MessagePatch, Store } from '../store.ts'
import { conversationKey, type MongoContext } from './mongo-collections.ts'
import { isDuplicateKey } from './mongo-errors.ts'
import { pickDefined, toMessage, type MessageDoc } from './mongo-documents.ts'
import { groupedInserts, groupedUpdates } from './mongo-batches.ts'
import { factUpdate } from './mongo-facts.ts'
import { findInWorkspace } from './mongo-reads.ts'
import { BoundedMap } from '../../bounded-map.ts'

type MessageMethods = Pick<Store, 'appendMessage' | 'findMessageByClientId' | 'listMessages' | 'updateMessage' | 'interruptStreamingMessages'>

/** Tries at claiming a seq before giving up; each failure means another process stored one meanwhile. */
const APPEND_MAX_ATTEMPTS = 50
/** Upper bound of the random pause between tries, so two processes stop colliding in step. */
const APPEND_BACKOFF_MAX_MS = 20

const MESSAGE_PATCH_FIELDS = ['text', 'status', 'citations', 'outcome'] as const satisfies readonly (keyof MessagePatch)[]

/** Author ids never contain ':', so this names one (workspace, author, client id) unambiguously. */
function dedupeKeyOf(workspaceId: string, authorId: string, clientId: string): string {
  return `${workspaceId}:${authorId}:${clientId}`
}

/**
 * The _id of a named message: a digest of its dedupe key, so the id is a pure function of the name yet
 * says nothing about the workspace or author it was made from. 128 bits, as hex like other ids.
 */
function namedMessageId(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)
}

/**
 * The original of a named message, after an append collided: by its derived _id, else (a message
 * stored before ids were derived) by its key.
 */
async function findNamed(ctx: MongoContext, workspaceId: string, dedupeKey: string): Promise<MessageDoc | null> {
  const doc = await findInWorkspace(ctx.messages, workspaceId, namedMessageId(dedupeKey))
  return doc ?? ctx.messages.findOne({ dedupeKey, workspaceId })
}

function pause(maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs))
}

async function highestSeq(ctx: MongoContext, conversationId: string): Promise<number> {
  const [top] = await ctx.messages
    .find({ conversationId }, { projection: { seq: 1 } })
    .sort({ seq: -1 })
    .limit(1)
    .toArray()
  return top?.seq ?? 0
}

/**
 * Conversations whose last seq this process wrote, remembered so the next append needs no read:
 * a guess like the stored lastSeq, checked by the unique (conversationId, seq) index all the same.
 * Past this many the oldest are forgotten (and read again when next written to).
 */
export const KNOWN_SEQS_MAX = 10_000

export function messageMethods(ctx: MongoContext): MessageMethods {
  const insertMessage = groupedInserts(ctx.messages)
  const updateConversation = groupedUpdates(ctx.conversations)
  /** conversationId → the workspace it belongs to and the last seq this process stored in it. */
  const knownSeqs = new BoundedMap<string, { workspaceId: string; lastSeq: number }>(KNOWN_SEQS_MAX)
  const remember = (conversationId: string, workspaceId: string, lastSeq: number) => knownSeqs.set(conversationId, { workspaceId, lastSeq })

  /** The seq to try first, or null when the workspace has no such conversation. */
  async function nextSeqGuess(workspaceId: string, conversationId: string): Promise<number | null> {
    const known = knownSeqs.get(conversationId)
    if (known) return known.workspaceId === workspaceId ? known.lastSeq + 1 : null
    const conversation = await findInWorkspace(ctx.conversations, workspaceId, conversationId, { projection: { lastSeq: 1 } })
    return conversation ? conversation.lastSeq + 1 : null
  }

  /**
   * Moves the conversation's counters up to this message ($max, so a late writer never moves them
   * back), and the facts the message moves, in one update.
   */
  function recordOnConversation(conversationId: string, seq: number, at: Date, moves: FactMoves) {
    const facts = factUpdate(moves, seq)
    const update = { ...facts, $max: { lastSeq: seq, lastActivityAt: at, updatedAt: at, ...facts.$max } }
    return ctx.lock.run(conversationKey(conversationId), () => updateConversation({ updateOne: { filter: { _id: conversationId }, update } }))
  }

  return {
    appendMessage(workspaceId, input) {
      return ctx.lock.run(`append:${input.conversationId}`, async () => {
        const guess = await nextSeqGuess(workspaceId, input.conversationId)
        if (guess === null) return null
        const authorId = input.authorId ?? null
        const clientId = input.clientId ?? null
        const dedupeKey = authorId !== null && clientId !== null ? dedupeKeyOf(workspaceId, authorId, clientId) : null
        const id = dedupeKey === null ? newId() : namedMessageId(dedupeKey)
        const base = {
          _id: id,
          workspaceId,
          conversationId: input.conversationId,
          kind: input.kind,
          visibility: input.visibility ?? (input.kind === 'note' ? 'internal' : 'public'),
          authorId,
          authorName: input.authorName ?? null,
          text: input.text,
          notice: input.notice ?? null,
          citations: input.citations ?? [],
          clientId,
          status: input.status ?? 'complete',
          createdAt: input.createdAt ?? new Date(),
          // A message nobody named can never be a resend: its own id keeps the index unique.
          dedupeKey: dedupeKey ?? id,
        } satisfies Omit<MessageDoc, 'seq'>

        // lastSeq never runs ahead of the stored messages, so it is a safe first guess; it lags only
        // after another process's append or a crash, and then the first try fails and we look.
        let seq = guess
        for (let attempt = 1; ; attempt++) {
          const doc: MessageDoc = { ...base, seq }
          try {
            await insertMessage(doc)
          } catch (error) {
            if (!isDuplicateKey(error)) throw error
            if (dedupeKey !== null) {
              const original = await findNamed(ctx, workspaceId, dedupeKey)
              if (original) return { message: toMessage(original), created: false }
            }
            if (attempt >= APPEND_MAX_ATTEMPTS) {
              throw new TandemError('ERR_STORE_UNAVAILABLE', 'Could not store the message: too many concurrent writers.', {
                cause: error,
              })
            }
            if (attempt > 1) await pause(APPEND_BACKOFF_MAX_MS)
            seq = (await highestSeq(ctx, input.conversationId)) + 1
            continue
          }
          await recordOnConversation(input.conversationId, seq, base.createdAt, appendedMessageMoves(base, base.createdAt))
          remember(input.conversationId, workspaceId, seq)
          return { message: toMessage(doc), created: true }
        }
      })
    },

    async findMessageByClientId(workspaceId, authorId, clientId) {
      // By _id alone: this runs before every append. A message stored before ids were derived is
      // still caught, by the append's unique dedupeKey.
      const doc = await findInWorkspace(ctx.messages, workspaceId, namedMessageId(dedupeKeyOf(workspaceId, authorId, clientId)))
      return doc ? toMessage(doc) : null
    },

    async listMessages(workspaceId, conversationId, query) {
      // MongoDB reads a limit of 0 as "no limit".
      if (query.limit <= 0) return []
      const filter: Filter<MessageDoc> = { conversationId, workspaceId }
      const seq: Document = {}
      if (query.afterSeq !== undefined) seq.$gt = query.afterSeq
      if (query.beforeSeq !== undefined) seq.$lt = query.beforeSeq
      if (Object.keys(seq).length > 0) filter.seq = seq
      if (query.publicOnly) filter.visibility = 'public'
      // Paging backwards takes the newest below the bound, then turns them back into seq order.
      const backwards = query.beforeSeq !== undefined && query.afterSeq === undefined
      const docs = await ctx.messages
        .find(filter)
        .sort({ seq: backwards ? -1 : 1 })
        .limit(query.limit)
        .toArray()
      if (backwards) docs.reverse()
      return docs.map(toMessage)
    },

    async interruptStreamingMessages() {
      // At start-up, before any connection exists, so nothing else writes these documents.
      const result = await ctx.messages.updateMany({ status: 'streaming' }, { $set: { status: 'interrupted' } })
      return result.modifiedCount
    },

    async updateMessage(workspaceId, conversationId, seq, patch) {
      const filter: Filter<MessageDoc> = { conversationId, seq, workspaceId }
      const set = pickDefined(patch, MESSAGE_PATCH_FIELDS)
      const empty = Object.keys(set).length === 0
      // The message as it was, to know whether this completes it; as it is now is that plus the patch.
      const before = await ctx.lock.run(`message:${conversationId}:${seq}`, () =>
        empty ? ctx.messages.findOne(filter) : ctx.messages.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'before' }),
      )
      if (!before) return null
      // A second write, to the conversation: without transactions a crash between the two loses the fact.
      if (before.kind === 'ai' && before.status !== 'complete' && set.status === 'complete') {
        const update = factUpdate(completedAnswerMoves(new Date()), seq)
        await ctx.lock.run(conversationKey(conversationId), () => ctx.conversations.updateOne({ _id: conversationId }, update))
      }
      if (set.outcome !== undefined) {
        // Only while this is the latest answer: the filter decides it in the update itself.
        await ctx.lock.run(conversationKey(conversationId), () =>
          ctx.conversations.updateOne({ _id: conversationId, 'facts.lastAiAnswerSeq': seq }, { $set: { 'facts.lastAiAnswerOutcome': set.outcome } }),
        )
      }
      return toMessage({ ...before, ...set })
    },
  }
}
