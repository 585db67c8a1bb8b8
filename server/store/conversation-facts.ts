// Which write moves which of a conversation's facts (records.ts, ConversationFacts), decided once here
// so every adapter records the same thing; each adapter writes the moves in the same statement or
// update document as the write they belong to.
import type { MessageKind, MessageStatus, MessageVisibility } from '../../protocol/enums.ts'
import type { ConversationFacts } from './records.ts'
import type { ConversationChange } from './store.ts'

/** The facts that keep the earliest time given to them: a first time. */
export type FirstFact = 'firstCustomerMessageAt' | 'firstAiReplyAt' | 'firstHumanReplyAt'
/** The facts that keep the latest time given to them. */
export type LastFact = 'lastCustomerMessageAt'

/**
 * What one message moves. Times are kept as the earliest and the latest rather than "the first
 * written", so the moves need no read and give the same result in any order (MongoDB writes them with
 * $min and $max, from several processes at once); messages are stamped in seq order, so it is the same.
 */
export interface FactMoves {
  earliest: Partial<Record<FirstFact, Date>>
  latest: Partial<Record<LastFact, Date>>
  /**
   * Set when the message is a complete AI answer: it becomes the latest answer (lastAiAnswerAt this
   * time, lastAiAnswerSeq its seq, lastAiAnswerOutcome null until the customer says).
   */
  answerAt: Date | null
}

const NO_MOVES: FactMoves = Object.freeze({ earliest: Object.freeze({}), latest: Object.freeze({}), answerAt: null })

/** What a newly stored message moves, at its createdAt. A resend stores nothing and moves nothing. */
export function appendedMessageMoves(
  message: { kind: MessageKind; visibility: MessageVisibility; status: MessageStatus },
  at: Date,
): FactMoves {
  switch (message.kind) {
    case 'customer':
      return { earliest: { firstCustomerMessageAt: at }, latest: { lastCustomerMessageAt: at }, answerAt: null }
    case 'agent':
      // Only what the customer sees is a reply.
      return message.visibility === 'public' ? { earliest: { firstHumanReplyAt: at }, latest: {}, answerAt: null } : NO_MOVES
    case 'ai':
      // Usually appended streaming and completed later (completedAnswerMoves).
      return message.status === 'complete' ? completedAnswerMoves(at) : NO_MOVES
    default:
      return NO_MOVES
  }
}

/** What an AI answer moves when it becomes complete, at `at`. */
export function completedAnswerMoves(at: Date): FactMoves {
  return { earliest: { firstAiReplyAt: at }, latest: {}, answerAt: at }
}

/**
 * The facts a transition writes, given the facts of the revision it starts from: the first time a
 * person was needed and the first handoff are kept, the resolver is replaced. Empty when it writes none.
 */
export function transitionFacts(current: ConversationFacts, change: ConversationChange): Partial<ConversationFacts> {
  const facts: Partial<ConversationFacts> = {}
  if (change.humanNeededAt !== undefined && current.humanNeededAt === null) facts.humanNeededAt = change.humanNeededAt
  if (change.handoff !== undefined && current.handoffReason === null) {
    facts.handoffReason = change.handoff.reason
    facts.handoffAt = change.handoff.at
  }
  if (change.resolvedBy !== undefined) {
    facts.resolvedBy = change.resolvedBy.by
    facts.resolverId = change.resolvedBy.agentId
  }
  return facts
}
