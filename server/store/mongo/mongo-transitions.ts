// Conversation transitions on MongoDB, without transactions. A transition from revision r is won by
// inserting the claim `conversationId:r+1` into conversation_transitions: the unique _id lets exactly
// one writer in, in this process or any other. The winner then copies the change onto the conversation.
// A writer that dies between the two writes leaves a claim ahead of its conversation; whoever reads
// the conversation next under a transition applies it, which is idempotent because the update only
// matches the revision just before the claim. A claim takes effect when it is applied: until then
// plain reads show the revision before it, which is what the conversation was when its writer died.
import type { Document } from 'mongodb'
import { transitionFacts } from '../conversation-facts.ts'
import type { ConversationChange, Store } from '../store.ts'
import { conversationKey, type MongoContext } from './mongo-collections.ts'
import { isDuplicateKey } from './mongo-errors.ts'
import { pickDefined, toConversation, type ConversationDoc, type TransitionDoc } from './mongo-documents.ts'
import { factFields } from './mongo-facts.ts'
import { findInWorkspace } from './mongo-reads.ts'

const CHANGE_FIELDS = ['status', 'assigneeId', 'queuedAt'] as const satisfies readonly (keyof ConversationChange)[]

function claimId(conversationId: string, revision: number): string {
  return `${conversationId}:${revision}`
}

/**
 * Copies a won claim onto its conversation if the conversation is still one revision behind it, and
 * returns the conversation as it then is. Takes its times from the claim, so whoever applies it, the
 * winner or a reader finishing a dead writer's work, writes the same thing.
 */
async function applyClaim(ctx: MongoContext, claim: TransitionDoc): Promise<ConversationDoc | null> {
  const set: Document = {
    ...pickDefined(claim.change, CHANGE_FIELDS),
    ...factFields(claim.facts ?? {}),
    revision: claim.revision,
    updatedAt: claim.at,
  }
  if (claim.change.status !== undefined) set.resolvedAt = claim.change.status === 'resolved' ? claim.at : null
  const applied = await ctx.conversations.findOneAndUpdate(
    { _id: claim.conversationId, workspaceId: claim.workspaceId, revision: claim.revision - 1 },
    { $set: set },
    { returnDocument: 'after' },
  )
  return applied ?? findInWorkspace(ctx.conversations, claim.workspaceId, claim.conversationId)
}

/** Applies every claim ahead of the conversation (normally none). The caller holds its lock. */
async function rollForward(ctx: MongoContext, doc: ConversationDoc): Promise<ConversationDoc> {
  let current = doc
  for (;;) {
    const claim = await ctx.transitions.findOne({ _id: claimId(current._id, current.revision + 1) })
    if (!claim) return current
    const next = await applyClaim(ctx, claim)
    // No progress would mean the conversation vanished or moved on oddly: report what there is.
    if (!next || next.revision <= current.revision) return next ?? current
    current = next
  }
}

/**
 * The conversation as its last applied transition left it: one read by _id. A claim a dead writer left
 * unapplied is not looked for here (that would cost every read a second round trip); the next
 * transition finds and applies it before deciding anything.
 */
export function readConversation(ctx: MongoContext, workspaceId: string, conversationId: string): Promise<ConversationDoc | null> {
  return findInWorkspace(ctx.conversations, workspaceId, conversationId)
}

export function transitionMethod(ctx: MongoContext): Pick<Store, 'transitionConversation'> {
  return {
    transitionConversation(workspaceId, conversationId, fromRevision, change) {
      return ctx.lock.run(conversationKey(conversationId), async () => {
        const found = await readConversation(ctx, workspaceId, conversationId)
        if (!found) return null
        const current = await rollForward(ctx, found)
        // Only ever claim the revision right after the current one: a claim further ahead would be
        // applied by nobody and would block the real transition to that revision.
        if (current.revision !== fromRevision) return { conversation: toConversation(current), won: false }

        const claim: TransitionDoc = {
          _id: claimId(conversationId, fromRevision + 1),
          workspaceId,
          conversationId,
          revision: fromRevision + 1,
          change: pickDefined(change, CHANGE_FIELDS),
          // Decided now, from the revision this claim follows: the transition facts change only by
          // transitions, so whoever applies the claim later finds them as they are here.
          facts: transitionFacts(toConversation(current).facts, change),
          at: change.at ?? new Date(),
        }
        try {
          await ctx.transitions.insertOne(claim)
        } catch (error) {
          if (!isDuplicateKey(error)) throw error
          // Another process won; it may not have updated the conversation yet, so finish its work.
          return { conversation: toConversation(await rollForward(ctx, current)), won: false }
        }
        const applied = await applyClaim(ctx, claim)
        return { conversation: toConversation(applied ?? current), won: true }
      })
    },
  }
}
