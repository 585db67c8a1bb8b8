// The real-time protocol: every frame on /v1/ws, as TypeBox schemas. One WebSocket per client
// carries all of its conversations. The server validates each inbound frame with these schemas;
// clients import the types. Versioned by adding: new optional fields, new frame types.
import { Type, type Static } from 'typebox'
import { MESSAGE_MAX_CHARS, RESUME_POINTS_MAX, SUMMARIES_PER_FRAME_MAX, URL_MAX_CHARS } from './limits.ts'
import { VisitorView } from './rest/visitors.ts'

/** Page titles and user agents are shown to agents, never parsed: bounded, nothing more. */
export const PAGE_TITLE_MAX_CHARS = 300
export const USER_AGENT_MAX_CHARS = 500
import { AgentStatus, AnswerOutcome, RoutingEvent } from './enums.ts'
import { Id, Nullable, Strict, Text } from './rest/common.ts'
import { ConversationSummary, ConversationView, MessageView } from './rest/conversations.ts'
import { AvailabilityView, SiteKey } from './rest/sites.ts'

/**
 * The protocol version this file describes. 2: agents get a conversation's full frames only while they
 * hold or watch it, and everything else as inbox summaries; a version-1 client would wait for
 * messages that no longer come to it, so 1 is refused.
 */
export const PROTOCOL_VERSION = 2
/** Versions the server speaks, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = [2] as const

/** A client's own id for a frame it sends, so a resend after a lost ack is recognised. */
export const ClientId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })

const VisitorCredentials = Strict({ kind: Type.Literal('visitor'), siteKey: SiteKey, visitorToken: Type.String({ minLength: 1, maxLength: 100 }) })
const AgentCredentials = Strict({ kind: Type.Literal('agent'), accessToken: Type.String({ minLength: 1, maxLength: 4096 }) })

/** Where the client left each conversation: it receives every message with a higher seq. */
export const ResumePoint = Strict({ conversationId: Id, afterSeq: Type.Integer({ minimum: 0 }) })

// ---- client to server ----

/** Must be the first frame, within the server's hello timeout. */
export const HelloFrame = Strict({
  type: Type.Literal('hello'),
  protocol: Type.Integer({ minimum: 1 }),
  auth: Type.Union([VisitorCredentials, AgentCredentials]),
  resume: Type.Optional(Type.Array(ResumePoint, { maxItems: RESUME_POINTS_MAX })),
})
export type HelloFrame = Static<typeof HelloFrame>

/** A message. Without conversationId a customer opens a new conversation; `note` is agents-only. */
export const SendFrame = Strict({
  type: Type.Literal('send'),
  clientId: ClientId,
  conversationId: Type.Optional(Id),
  text: Text(MESSAGE_MAX_CHARS),
  note: Type.Optional(Type.Boolean()),
})
export type SendFrame = Static<typeof SendFrame>

/** A conversation named twice is resumed once, from the lower afterSeq. */
export const ResumeFrame = Strict({ type: Type.Literal('resume'), conversations: Type.Array(ResumePoint, { minItems: 1, maxItems: RESUME_POINTS_MAX }) })
export type ResumeFrame = Static<typeof ResumeFrame>

export const TypingFrame = Strict({ type: Type.Literal('typing'), conversationId: Id, typing: Type.Boolean() })
export type TypingFrame = Static<typeof TypingFrame>

/** Everything up to `seq` has been read by this side. */
export const ReadFrame = Strict({ type: Type.Literal('read'), conversationId: Id, seq: Type.Integer({ minimum: 1 }) })
export type ReadFrame = Static<typeof ReadFrame>

/** Visitors only: the page the widget is on, sent on load and on single-page navigation. */
export const ContextFrame = Strict({
  type: Type.Literal('context'),
  url: Type.String({ pattern: '^https?://', maxLength: URL_MAX_CHARS }),
  title: Type.Optional(Text(PAGE_TITLE_MAX_CHARS, 0)),
  referrer: Type.Optional(Type.String({ maxLength: URL_MAX_CHARS, pattern: '^[^\\u0000]*$' })),
  locale: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
  userAgent: Type.Optional(Text(USER_AGENT_MAX_CHARS, 0)),
})
export type ContextFrame = Static<typeof ContextFrame>

/** Visitors only: "Talk to a person". The conversation joins the queue for a human (or gets one at once). */
export const HandoffFrame = Strict({ type: Type.Literal('handoff'), conversationId: Id })
export type HandoffFrame = Static<typeof HandoffFrame>

/**
 * Agents only: this socket gets the conversation's full frames from now on, besides those its agent
 * holds (at most WATCHED_CONVERSATIONS_MAX). With `afterSeq`, what came after it is sent first, as a
 * resume would.
 */
export const WatchFrame = Strict({ type: Type.Literal('watch'), conversationId: Id, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })) })
export type WatchFrame = Static<typeof WatchFrame>

/** Agents only: back to summaries for this conversation, unless the agent holds it. */
export const UnwatchFrame = Strict({ type: Type.Literal('unwatch'), conversationId: Id })
export type UnwatchFrame = Static<typeof UnwatchFrame>

/**
 * Visitors only: the quick replies after an AI answer. `confirmed` ("That helped") is recorded on the
 * answer; `more_help` ("I need more help") is recorded too and hands off as "Talk to a person" does, or,
 * where only the AI answers, asks the customer to rephrase.
 */
export const FeedbackFrame = Strict({ type: Type.Literal('feedback'), conversationId: Id, seq: Type.Integer({ minimum: 1 }), outcome: AnswerOutcome })
export type FeedbackFrame = Static<typeof FeedbackFrame>

export const PingFrame = Strict({ type: Type.Literal('ping') })

export const ClientFrame = Type.Union([HelloFrame, SendFrame, ResumeFrame, TypingFrame, ReadFrame, ContextFrame, HandoffFrame, FeedbackFrame, WatchFrame, UnwatchFrame, PingFrame])
export type ClientFrame = Static<typeof ClientFrame>
export const CLIENT_FRAME_TYPES = ['hello', 'send', 'resume', 'typing', 'read', 'context', 'handoff', 'feedback', 'watch', 'unwatch', 'ping'] as const

// ---- server to client ----

export const WelcomeFrame = Strict({
  type: Type.Literal('welcome'),
  protocol: Type.Integer(),
  supported: Type.Array(Type.Integer()),
  role: Type.Union([Type.Literal('visitor'), Type.Literal('agent')]),
  /** Who this connection acts as: the visitor's or the agent's id. */
  actorId: Id,
  /** The server pings this often; a client that hears nothing for twice as long should reconnect. */
  heartbeatMs: Type.Integer(),
})

/** The message is durable at `seq`. A resend of the same clientId gets the same ack. */
export const AckFrame = Strict({
  type: Type.Literal('ack'),
  clientId: ClientId,
  conversationId: Id,
  seq: Type.Integer(),
  createdAt: Type.String(),
})

export const MessageFrame = Strict({ type: Type.Literal('message'), message: MessageView })

/**
 * Sent after the missed messages of a resume point: the client is caught up to `lastSeq`. `more`: the
 * resume's budget ran out first; resume this conversation again from `lastSeq` for the rest.
 */
export const ResumedFrame = Strict({ type: Type.Literal('resumed'), conversationId: Id, lastSeq: Type.Integer(), more: Type.Optional(Type.Literal(true)) })

export const ConversationFrame = Strict({ type: Type.Literal('conversation'), conversation: ConversationView })

export const PeerTypingFrame = Strict({
  type: Type.Literal('typing'),
  conversationId: Id,
  role: Type.Union([Type.Literal('visitor'), Type.Literal('agent')]),
  actorId: Id,
  typing: Type.Boolean(),
})

/**
 * `role` and `actorId` have read everything up to `seq`, as stored: it never moves back, so a late or
 * repeated read frame is answered with the position already held. The reader's own other tabs and
 * devices get it too.
 */
export const PeerReadFrame = Strict({
  type: Type.Literal('read'),
  conversationId: Id,
  role: Type.Union([Type.Literal('visitor'), Type.Literal('agent')]),
  actorId: Id,
  seq: Type.Integer(),
})

/**
 * A piece of an AI answer as it is generated. The answer's `message` frame (status streaming) comes
 * first and takes the seq; deltas append to its text; a final `message` frame carries the whole
 * text with status complete (or interrupted).
 */
export const StreamFrame = Strict({ type: Type.Literal('stream'), conversationId: Id, seq: Type.Integer(), delta: Type.String() })

export const PongFrame = Strict({ type: Type.Literal('pong') })

/**
 * To agents, for their inbox: the conversations that changed in one moment (a message, a move), each
 * once, as it is now. Several frames when more than SUMMARIES_PER_FRAME_MAX changed at once.
 */
export const SummariesFrame = Strict({
  type: Type.Literal('summaries'),
  conversations: Type.Array(ConversationSummary, { minItems: 1, maxItems: SUMMARIES_PER_FRAME_MAX }),
})

/** To agents: a customer's details changed (the page they are on, their identity). */
export const VisitorFrame = Strict({ type: Type.Literal('visitor'), visitor: VisitorView })

/** To agents: a colleague's first socket opened (online) or their last one closed. */
export const PresenceFrame = Strict({ type: Type.Literal('presence'), agentId: Id, connected: Type.Boolean() })

/** An agent as customers see them: a name to show, nothing more. */
export const AgentBadge = Strict({ id: Id, name: Type.String() })
export type AgentBadge = Static<typeof AgentBadge>

/**
 * Routing moved a conversation. `agent` holds it now (null: nobody); `previousAgent` held it before a
 * transfer or before leaving. Agents also get the changed conversation as a `conversation` frame.
 */
export const RoutingFrame = Strict({
  type: Type.Literal('routing'),
  conversationId: Id,
  event: RoutingEvent,
  agent: Nullable(AgentBadge),
  previousAgent: Nullable(AgentBadge),
})

/**
 * To the customer while their conversation waits for a person, and again whenever the queue moves.
 * `expectedWaitSeconds` is null when nobody who could take it is online.
 */
export const QueueFrame = Strict({
  type: Type.Literal('queue'),
  conversationId: Id,
  position: Type.Integer({ minimum: 1 }),
  expectedWaitSeconds: Nullable(Type.Integer({ minimum: 0 })),
  /** Whether any agent is online now, and whether it is within the site's business hours. */
  agentsOnline: Type.Boolean(),
  withinBusinessHours: Type.Boolean(),
})

/** To agents: a colleague's status changed (they chose online or away, or went offline). */
export const AgentStatusFrame = Strict({ type: Type.Literal('status'), agentId: Id, status: AgentStatus })

/** To customers: whether a person can answer changed (the first agent came online, or the last left). */
export const AvailabilityFrame = Strict({ type: Type.Literal('availability'), ...AvailabilityView.properties })

/** Something about one frame was wrong; the connection stays open. */
export const ErrorFrame = Strict({
  type: Type.Literal('error'),
  code: Type.String(),
  message: Type.String(),
  clientId: Type.Optional(Type.String()),
})

export type ServerFrame =
  | Static<typeof WelcomeFrame>
  | Static<typeof AckFrame>
  | Static<typeof MessageFrame>
  | Static<typeof ResumedFrame>
  | Static<typeof ConversationFrame>
  | Static<typeof PeerTypingFrame>
  | Static<typeof PeerReadFrame>
  | Static<typeof StreamFrame>
  | Static<typeof PongFrame>
  | Static<typeof VisitorFrame>
  | Static<typeof SummariesFrame>
  | Static<typeof PresenceFrame>
  | Static<typeof RoutingFrame>
  | Static<typeof QueueFrame>
  | Static<typeof AgentStatusFrame>
  | Static<typeof AvailabilityFrame>
  | Static<typeof ErrorFrame>
