// Value sets shared by the server, the widget and the agent app. Each is a TypeBox schema so the
// server validates with it, and a type the clients import with `import type` at no byte cost.
import { Type, type Static } from 'typebox'

/** Who answers a site's new conversations: see design.md, Routing. */
export const RoutingPolicy = Type.Union([
  Type.Literal('human-first'),
  Type.Literal('ai-first'),
  Type.Literal('ai-only'),
  Type.Literal('human-only'),
])
export type RoutingPolicy = Static<typeof RoutingPolicy>

export const AgentRole = Type.Union([Type.Literal('admin'), Type.Literal('agent')])
export type AgentRole = Static<typeof AgentRole>

/** online takes new conversations; away keeps its own but takes none; offline has no socket left. */
export const AgentStatus = Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')])
export type AgentStatus = Static<typeof AgentStatus>

/** Conversations are resolved, never erased; a new customer message reopens one. */
export const ConversationStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')])
export type ConversationStatus = Static<typeof ConversationStatus>

/** Who wrote a message. `note` is an agent's private note and never reaches a customer. */
export const MessageKind = Type.Union([
  Type.Literal('customer'),
  Type.Literal('ai'),
  Type.Literal('agent'),
  Type.Literal('system'),
  Type.Literal('note'),
])
export type MessageKind = Static<typeof MessageKind>

/**
 * What a system message says, as a code each client words in its own locale (the stored text is
 * Tandem's English, for clients that do not know the code). Parameters, when any, are named per code:
 * agent_joined, agent_left, agent_left_to_assistant {agent}; transferred {from, to}; abandoned {minutes}.
 * away_message is the site's own away text, shown as stored. ask_rephrase answers "I need more help"
 * where only the assistant answers.
 */
export const NoticeCode = Type.Union([
  Type.Literal('agent_joined'),
  Type.Literal('transferred'),
  Type.Literal('agent_left'),
  Type.Literal('agent_left_to_assistant'),
  Type.Literal('queued'),
  Type.Literal('queued_ai_helps'),
  Type.Literal('queued_away'),
  Type.Literal('queued_away_ai_helps'),
  Type.Literal('away_message'),
  Type.Literal('resolved'),
  Type.Literal('abandoned'),
  Type.Literal('no_people_here'),
  Type.Literal('ask_rephrase'),
])
export type NoticeCode = Static<typeof NoticeCode>

/**
 * What the customer made of an AI answer, from the quick replies after it: it helped (confirmed), or
 * they asked for more help. No reply leaves it null.
 */
export const AnswerOutcome = Type.Union([Type.Literal('confirmed'), Type.Literal('more_help')])
export type AnswerOutcome = Static<typeof AnswerOutcome>

/**
 * Why a conversation was handed from the AI to a person, as reports count it: the customer asked, the
 * AI found no answer it trusts, the model decided so, the AI failed, or a limit (AI answers per
 * visitor or site) was reached.
 */
export const HandoffReason = Type.Union([
  Type.Literal('customer_asked'),
  Type.Literal('ai_unsure'),
  Type.Literal('model_decided'),
  Type.Literal('ai_failure'),
  Type.Literal('limit'),
])
export type HandoffReason = Static<typeof HandoffReason>

/** How a conversation was last resolved: by an agent, or by the inactivity sweep (abandoned). */
export const ResolvedBy = Type.Union([Type.Literal('agent'), Type.Literal('inactivity')])
export type ResolvedBy = Static<typeof ResolvedBy>

/** public: customer and agents see it; internal: agents only. */
export const MessageVisibility = Type.Union([Type.Literal('public'), Type.Literal('internal')])
export type MessageVisibility = Static<typeof MessageVisibility>

/** An AI message is stored when it starts streaming; a restart mid-stream leaves it interrupted. */
export const MessageStatus = Type.Union([
  Type.Literal('complete'),
  Type.Literal('streaming'),
  Type.Literal('interrupted'),
])
export type MessageStatus = Static<typeof MessageStatus>

/**
 * What routing did to a conversation: a person took it (assigned), it joined the queue for one
 * (queued), it passed between agents (transferred), its agent left it, going offline (unassigned), it
 * was resolved, or a customer message reopened it.
 */
export const RoutingEvent = Type.Union([
  Type.Literal('assigned'),
  Type.Literal('queued'),
  Type.Literal('transferred'),
  Type.Literal('unassigned'),
  Type.Literal('resolved'),
  Type.Literal('reopened'),
])
export type RoutingEvent = Static<typeof RoutingEvent>

/** The statuses an agent chooses; offline is reached only by leaving (every socket gone, past a grace period). */
export const ChosenAgentStatus = Type.Union([Type.Literal('online'), Type.Literal('away')])
export type ChosenAgentStatus = Static<typeof ChosenAgentStatus>
