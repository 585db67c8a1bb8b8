// What a new record holds when its creator says nothing, shared by every adapter so they agree.
import type { RoutingPolicy } from '../../protocol/enums.ts'
import type { ConversationFacts } from './records.ts'

export const SITE_DEFAULTS = {
  routingPolicy: 'human-first' as RoutingPolicy,
  greeting: 'Hi there! How can we help you today?',
  // Empty: the queue's own away notice, worded for the site's policy (routing-texts.ts), is said;
  // a site's own message replaces it.
  awayMessage: '',
  locale: 'en',
  color: '#2563eb',
}

/** Open conversations one agent handles at once unless an admin says otherwise. */
export const AGENT_DEFAULT_CAPACITY = 5

/** A new conversation's facts: recorded from its start, nothing happened yet but maybe the need of a person. */
export function newConversationFacts(humanNeededAt: Date | null = null): ConversationFacts {
  return {
    recorded: true,
    firstCustomerMessageAt: null,
    lastCustomerMessageAt: null,
    firstAiReplyAt: null,
    lastAiAnswerAt: null,
    lastAiAnswerSeq: null,
    lastAiAnswerOutcome: null,
    humanNeededAt,
    firstHumanReplyAt: null,
    handoffReason: null,
    handoffAt: null,
    resolvedBy: null,
    resolverId: null,
  }
}
