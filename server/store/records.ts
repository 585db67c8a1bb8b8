// What the Store keeps. Every record belongs to a workspace; ids are opaque strings made by the server
// (see ids.ts); times are Dates. Adapters map these to rows or documents and back, and nothing else
// sees a row or a document.
import type {
  AgentRole,
  AnswerOutcome,
  AgentStatus,
  ConversationStatus,
  MessageKind,
  MessageStatus,
  MessageVisibility,
  NoticeCode,
  RoutingPolicy,
  HandoffReason,
  ResolvedBy,
} from '../../protocol/enums.ts'

export interface Workspace {
  id: string
  name: string
  createdAt: Date
}

/** One opening interval in a site's time zone; `day` is 0 (Sunday) to 6, times are "HH:MM". */
export interface OpeningHours {
  day: number
  open: string
  close: string
}

export interface BusinessHours {
  timeZone: string
  hours: OpeningHours[]
}

/** A field the widget asks for before the first message. */
export interface PreChatField {
  name: string
  label: string
  type: 'text' | 'email'
  required: boolean
}

export interface Site {
  id: string
  workspaceId: string
  name: string
  /** Public: goes in the script tag and in visitor routes. */
  key: string
  /** The identity-verification secret, encrypted by the server key; the Store never sees it in clear. */
  secretEncrypted: string
  allowedOrigins: string[]
  routingPolicy: RoutingPolicy
  greeting: string
  awayMessage: string
  /** null: always open. */
  businessHours: BusinessHours | null
  preChatFields: PreChatField[]
  locale: string
  color: string
  createdAt: Date
  updatedAt: Date
}

export interface Agent {
  id: string
  workspaceId: string
  name: string
  /** Stored lower-cased; unique across workspaces because login asks for nothing else. */
  email: string
  passwordHash: string
  role: AgentRole
  /** How many open conversations routing may give this agent at once. */
  capacity: number
  status: AgentStatus
  active: boolean
  mustChangePassword: boolean
  /** When the agent last got a conversation: routing breaks load ties in favour of the longest idle. */
  lastAssignedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

export type AttributeValue = string | number | boolean

/** The page the customer has open, as the widget reports it (and again on single-page navigation). */
export interface PageContext {
  url: string
  title: string | null
  referrer: string | null
  locale: string | null
  userAgent: string | null
  at: Date
}

export interface VisitorClaims {
  name: string | null
  email: string | null
  attributes: Record<string, AttributeValue>
}

export const NO_CLAIMS: VisitorClaims = Object.freeze({ name: null, email: null, attributes: Object.freeze({}) }) as VisitorClaims

export interface Visitor {
  id: string
  workspaceId: string
  siteId: string
  /** SHA-256 of the visitor token; the token itself is never stored. */
  tokenHash: string
  /** The host site's user id, set only by a verified identity; links this visitor's devices. */
  externalId: string | null
  name: string | null
  email: string | null
  attributes: Record<string, AttributeValue>
  blocked: boolean
  /** The last page the widget reported; null before the first report. */
  pageContext: PageContext | null
  /** What the customer said about themselves (a pre-chat form, setAttributes): never verified. */
  claims: VisitorClaims
  createdAt: Date
  lastSeenAt: Date
}

export interface Rating {
  score: number
  comment: string | null
}

export interface Conversation {
  id: string
  workspaceId: string
  siteId: string
  visitorId: string
  status: ConversationStatus
  assigneeId: string | null
  /** Set while the conversation waits for a human; the queue is ordered by it. */
  queuedAt: Date | null
  /** Bumped by every status or assignment change; a transition names the revision it starts from. */
  revision: number
  /** The highest seq stored so far (0 before the first message). */
  lastSeq: number
  rating: Rating | null
  createdAt: Date
  updatedAt: Date
  lastActivityAt: Date
  resolvedAt: Date | null
  /** What reports are built from, stored by the Store as it happens. */
  facts: ConversationFacts
}

/**
 * The moments and reasons support reports need (issue [11b]), each stored when it happens: by the
 * Store itself as messages are appended or completed, and from the transitions routing makes. Null
 * until it happens.
 */
export interface ConversationFacts {
  /** false for a conversation stored before facts were: reports leave it out and count it as such. */
  recorded: boolean
  firstCustomerMessageAt: Date | null
  lastCustomerMessageAt: Date | null
  /** When the first AI message was complete. */
  firstAiReplyAt: Date | null
  /** The latest complete AI message: when, its seq, and what the customer made of it (null until they say). */
  lastAiAnswerAt: Date | null
  lastAiAnswerSeq: number | null
  lastAiAnswerOutcome: AnswerOutcome | null
  /** When a person was first needed: its creation under a human-first policy, else its first queueing or handoff. */
  humanNeededAt: Date | null
  /** The first public message of an agent. */
  firstHumanReplyAt: Date | null
  /** The first handoff from the AI to a person: why and when. */
  handoffReason: HandoffReason | null
  handoffAt: Date | null
  /** How and by whom it was last resolved (the agent's id; null for the inactivity sweep). */
  resolvedBy: ResolvedBy | null
  resolverId: string | null
}

export interface Citation {
  title: string
  url: string | null
}

export interface Notice {
  code: NoticeCode
  params: Record<string, string>
}

export interface Message {
  id: string
  workspaceId: string
  conversationId: string
  /** 1, 2, 3... per conversation, never shared, never skipped. */
  seq: number
  kind: MessageKind
  visibility: MessageVisibility
  /** The visitor's or agent's id; null for ai and system messages. */
  authorId: string | null
  /** An agent author's display name when they wrote; null for others. */
  authorName: string | null
  text: string
  /** A system message's code and parameters; null for others. */
  notice: Notice | null
  citations: Citation[]
  /** The sender's own id for this message, which makes a resend harmless. */
  clientId: string | null
  status: MessageStatus
  /** AI answers: what the customer made of it; null until they say (and for every other message). */
  outcome: AnswerOutcome | null
  createdAt: Date
}

export interface HelpArticle {
  id: string
  workspaceId: string
  siteId: string
  title: string
  body: string
  url: string | null
  createdAt: Date
  updatedAt: Date
}

/**
 * What an embedding model made of a help article's passages (server/ai/article-embeddings.ts): one
 * vector per passage, in the order knowledge-base.ts `passagesOf` cuts them, for the article as it
 * was when computed. A changed article's embedding is stale (its contentHash differs) until redone.
 */
export interface ArticleEmbedding {
  articleId: string
  workspaceId: string
  siteId: string
  /** The model that made the vectors: another model's vectors are not comparable. */
  model: string
  /** The hash of the article text the vectors were made from (article-embeddings.ts `contentHashOf`). */
  contentHash: string
  /** One per passage, each of the model's dimensions. */
  vectors: Float32Array[]
  updatedAt: Date
}

export interface CannedReply {
  id: string
  workspaceId: string
  /** Typed after "/" in the reply box; unique per workspace. */
  shortcut: string
  text: string
  createdAt: Date
  updatedAt: Date
}

/** One signed-in agent on one device: a refresh-token family. Logout or reuse revokes it whole. */
export interface AgentSession {
  id: string
  workspaceId: string
  agentId: string
  userAgent: string | null
  createdAt: Date
  /** The session ends here however often it is refreshed: agents sign in again at least this often. */
  expiresAt: Date
  revokedAt: Date | null
}

/** One refresh token of a session, stored by SHA-256; spent on first use, when its successor is made. */
export interface RefreshToken {
  tokenHash: string
  workspaceId: string
  sessionId: string
  agentId: string
  createdAt: Date
  expiresAt: Date
  spentAt: Date | null
}
