// How routing changes a conversation: a Store transition from the revision the decision was made on,
// decided again on the fresh conversation whenever another writer (a second server, a colleague's
// take) got there first, so racing events move a conversation once.
import { TandemError } from '../errors.ts'
import type { Conversation } from '../store/records.ts'
import type { ConversationChange, Store } from '../store/store.ts'

/** A decision lost to another writer this many times in a row means something is wrong, not busy. */
export const TRANSITION_ATTEMPTS = 8

export interface Moved {
  /** The conversation as it is now. */
  conversation: Conversation
  /** As it was just before this change; null when nothing changed. */
  before: Conversation | null
}

export type Move = (conversation: Conversation, decide: (current: Conversation) => ConversationChange | null) => Promise<Moved>

/**
 * Applies the change `decide` makes of the conversation. `decide` returns null when there is nothing
 * to do, and throws when the change is not allowed.
 */
export function conversationMove(store: Store): Move {
  return async function move(conversation, decide) {
    let current = conversation
    for (let attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
      const change = decide(current)
      if (!change) return { conversation: current, before: null }
      const result = await store.transitionConversation(current.workspaceId, current.id, current.revision, change)
      if (!result) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
      if (result.won) return { conversation: result.conversation, before: current }
      current = result.conversation
    }
    throw new TandemError('ERR_SERVER_INTERNAL', `Conversation ${conversation.id} kept changing while being routed.`)
  }
}
