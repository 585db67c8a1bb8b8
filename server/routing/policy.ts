// What a site's routing policy means for one conversation (design.md, Routing).
import type { RoutingPolicy } from '../../protocol/enums.ts'
import type { Conversation } from '../store/records.ts'

/** Policies under which a new conversation asks for a person from its first message. */
export function humanFromStart(policy: RoutingPolicy): boolean {
  return policy === 'human-first' || policy === 'human-only'
}

/** Policies under which a person may ever take over. */
export function humansMayJoin(policy: RoutingPolicy): boolean {
  return policy !== 'ai-only'
}

/**
 * Whether the AI answers the customer now: the conversation is open, no person holds it, and the policy
 * lets the AI speak (under human-first it helps while the customer waits in the queue).
 */
export function aiAnswers(policy: RoutingPolicy, conversation: Conversation): boolean {
  return policy !== 'human-only' && conversation.status === 'open' && conversation.assigneeId === null
}
