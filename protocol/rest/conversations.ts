// Conversations and their messages, as agents and visitors read them.
import { Type, type Static } from 'typebox'
import { AnswerOutcome, ConversationStatus, MessageKind, MessageStatus, MessageVisibility, NoticeCode } from '../enums.ts'
import { MESSAGE_MAX_CHARS, PAGE_MAX, RATING_COMMENT_MAX_CHARS, SEARCH_MAX_CHARS, SUMMARY_TEXT_MAX_CHARS } from '../limits.ts'
import { Id, IsoDate, Nullable, Page, PageQuery, Strict, Text } from './common.ts'
import { SiteKey } from './sites.ts'

export const RatingView = Strict({ score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Nullable(Type.String()) })

export const ConversationView = Strict({
  id: Id,
  siteId: Id,
  visitorId: Id,
  status: ConversationStatus,
  assigneeId: Nullable(Id),
  queuedAt: Nullable(IsoDate),
  lastSeq: Type.Integer(),
  rating: Nullable(RatingView),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  lastActivityAt: IsoDate,
  resolvedAt: Nullable(IsoDate),
})
export type ConversationView = Static<typeof ConversationView>

/** The customer as an inbox shows them: a name (unverified unless `verified`), never their details. */
export const CustomerBadge = Strict({ displayName: Type.String(), verified: Type.Boolean() })
export type CustomerBadge = Static<typeof CustomerBadge>

/** The last message a customer could see: its start (SUMMARY_TEXT_MAX_CHARS), who wrote it, when. */
export const LastPublicMessage = Strict({
  seq: Type.Integer({ minimum: 1 }),
  text: Type.String({ maxLength: SUMMARY_TEXT_MAX_CHARS }),
  kind: MessageKind,
  at: IsoDate,
})
export type LastPublicMessage = Static<typeof LastPublicMessage>

/**
 * One conversation as every list shows it: the agents' inbox (live, as `summaries` frames) and the
 * REST lists (as rows, with the reader's `readSeq`). `lastSeq` counts notes too; `lastPublic` is
 * null until a message customers can see is written.
 */
export const ConversationSummary = Strict({
  id: Id,
  siteId: Id,
  visitorId: Id,
  status: ConversationStatus,
  assignee: Nullable(Id),
  queuedAt: Nullable(IsoDate),
  lastSeq: Type.Integer({ minimum: 0 }),
  lastPublic: Nullable(LastPublicMessage),
  customer: CustomerBadge,
  /** The customer's rating, once they gave one, its comment cut like `lastPublic.text` (the agent app lists a customer's past conversations with it). */
  rating: Nullable(RatingView),
})
export type ConversationSummary = Static<typeof ConversationSummary>

/**
 * A conversation as one reader lists it: its summary, and `readSeq`, how far this reader (the agent
 * asking, or the customer's side, shared by all their devices) has read it, 0 when never. Unread is
 * what came after it; `read` frames move it.
 */
export const ConversationRow = Strict({ ...ConversationSummary.properties, readSeq: Type.Integer({ minimum: 0 }) })
export type ConversationRow = Static<typeof ConversationRow>

/** Newest first (oldest queued first when listing the queue); `nextCursor` fetches the next page. */
export const ConversationPage = Page(ConversationRow)
export type ConversationPage = Static<typeof ConversationPage>

/** A visitor's own conversations: a page at a time. */
export const VisitorConversationsQuery = Strict({ ...PageQuery })

export const CitationView = Strict({ title: Type.String(), url: Nullable(Type.String()) })

/** A system message's meaning: its code and that code's parameters (see NoticeCode). */
export const NoticeView = Strict({ code: NoticeCode, params: Type.Record(Type.String(), Type.String()) })
export type NoticeView = Static<typeof NoticeView>

export const MessageView = Strict({
  id: Id,
  conversationId: Id,
  seq: Type.Integer(),
  kind: MessageKind,
  visibility: MessageVisibility,
  authorId: Nullable(Id),
  /** An agent's display name as it was when they wrote (so history still says who answered); null for the rest. */
  authorName: Nullable(Type.String()),
  text: Type.String(),
  /** System messages: what happened, for the client to word; null for every other message. */
  notice: Nullable(NoticeView),
  citations: Type.Array(CitationView),
  clientId: Nullable(Type.String()),
  status: MessageStatus,
  /** AI answers: what the customer made of it (the quick replies after it); null until they say. */
  outcome: Nullable(AnswerOutcome),
  createdAt: IsoDate,
})
export type MessageView = Static<typeof MessageView>

export const ConversationParams = Strict({ conversationId: Id })
export const SiteConversationParams = Strict({ siteKey: SiteKey, conversationId: Id })

export const ListConversationsQuery = Strict({
  ...PageQuery,
  status: Type.Optional(ConversationStatus),
  /** An agent id, `me`, or `none` for unassigned. */
  assignee: Type.Optional(Type.Union([Id, Type.Literal('me'), Type.Literal('none')])),
  siteKey: Type.Optional(SiteKey),
  visitorId: Type.Optional(Id),
  /** Only `true`: the queue, oldest first. ("Not queued" is no filter the inbox needs, so it is refused, not ignored.) */
  queued: Type.Optional(Type.Literal(true)),
  q: Type.Optional(Text(SEARCH_MAX_CHARS)),
})
export type ListConversationsQuery = Static<typeof ListConversationsQuery>

/** History pages backwards from `before` (newest first page), or forwards from `after` (resume). */
export const HistoryQuery = Strict({
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  after: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX })),
})
export type HistoryQuery = Static<typeof HistoryQuery>

export const HistoryReply = Strict({
  items: Type.Array(MessageView),
  /** Whether older messages exist before the first item. */
  hasMore: Type.Boolean(),
})

export const RatingBody = Strict({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.Optional(Text(RATING_COMMENT_MAX_CHARS)),
})
export type RatingBody = Static<typeof RatingBody>

/** Hands a conversation to a named colleague; the note is stored as a private note for them. */
export const TransferBody = Strict({
  agentId: Id,
  note: Type.Optional(Text(MESSAGE_MAX_CHARS)),
})
export type TransferBody = Static<typeof TransferBody>

/** Who wrote an agent's aid: Gemini, or extraction from the conversation and the help articles. */
export const AssistSource = Type.Union([Type.Literal('gemini'), Type.Literal('extractive')])

export const SummaryReply = Strict({ text: Type.String(), source: AssistSource })
export type SummaryReply = Static<typeof SummaryReply>

/** A reply for the agent to edit and send; never sent by the server. null text: nothing to suggest. */
export const SuggestionReply = Strict({ text: Nullable(Type.String()), citations: Type.Array(CitationView), source: AssistSource })
export type SuggestionReply = Static<typeof SuggestionReply>
