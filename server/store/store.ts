// The Store port: everything Tandem keeps, behind one interface with an adapter per database
// (sqlite-store.ts, mongo-store.ts). Every method but the three entry-point lookups is scoped by a
// workspace id, and a record of another workspace is simply "not found". Not found is `null`; the only
// errors thrown are listed in protocol/errors.ts.
import type {
  Agent,
  AgentSession,
  AttributeValue,
  BusinessHours,
  CannedReply,
  Citation,
  Conversation,
  ArticleEmbedding,
  HelpArticle,
  Message,
  PageContext,
  PreChatField,
  Rating,
  RefreshToken,
  Site,
  Notice,
  Visitor,
  VisitorClaims,
  Workspace,
} from './records.ts'
import type {
  AgentRole,
  AgentStatus,
  AnswerOutcome,
  ConversationStatus,
  MessageKind,
  MessageStatus,
  MessageVisibility,
  RoutingPolicy,
  HandoffReason,
  ResolvedBy,
} from '../../protocol/enums.ts'

export interface NewSite {
  name: string
  key: string
  secretEncrypted: string
  allowedOrigins?: string[]
  routingPolicy?: RoutingPolicy
  greeting?: string
  awayMessage?: string
  businessHours?: BusinessHours | null
  preChatFields?: PreChatField[]
  locale?: string
  color?: string
}
export type SitePatch = Partial<Omit<NewSite, 'key'>>

export interface NewAgent {
  name: string
  email: string
  passwordHash: string
  role: AgentRole
  capacity?: number
  mustChangePassword?: boolean
}
export type AgentPatch = Partial<{
  name: string
  email: string
  passwordHash: string
  role: AgentRole
  capacity: number
  status: AgentStatus
  active: boolean
  mustChangePassword: boolean
  lastAssignedAt: Date | null
}>

export interface NewVisitor {
  siteId: string
  tokenHash: string
  externalId?: string | null
  name?: string | null
  email?: string | null
  attributes?: Record<string, AttributeValue>
}
export type VisitorPatch = Partial<{
  externalId: string | null
  name: string | null
  email: string | null
  attributes: Record<string, AttributeValue>
  blocked: boolean
  lastSeenAt: Date
  pageContext: PageContext
  claims: VisitorClaims
}>

export interface NewConversation {
  siteId: string
  visitorId: string
  queuedAt?: Date | null
  /** Set when a person is needed from the start (human-first, human-only): facts.humanNeededAt. */
  humanNeededAt?: Date | null
  /** Now unless given: history brought in, or a seeded dataset, gives its own instant (as NewMessage's). */
  createdAt?: Date
}

/** The fields only a transition may change: who holds the conversation and whether it is open. */
export type ConversationChange = Partial<{
  status: ConversationStatus
  assigneeId: string | null
  queuedAt: Date | null
  /** facts.humanNeededAt, kept when it is set already (the first time a person was needed counts). */
  humanNeededAt: Date
  /** facts.handoffReason and handoffAt, kept when set already (the first handoff counts). */
  handoff: { reason: HandoffReason; at: Date }
  /** facts.resolvedBy and resolverId, replaced at each resolve (the last one counts). */
  resolvedBy: { by: ResolvedBy; agentId: string | null }
  /** When it happened (updatedAt, and resolvedAt on a resolve): now unless given, as NewConversation.createdAt. */
  at: Date
}>

export type ConversationPatch = Partial<{ rating: Rating | null; lastActivityAt: Date }>

export interface ConversationFilter {
  siteId?: string
  status?: ConversationStatus
  /** An agent's id, or null for unassigned conversations. */
  assigneeId?: string | null
  /** true: only those waiting for a human, oldest first. */
  queued?: boolean
  /** A visitor's conversations (several ids when a verified identity links devices). */
  visitorIds?: string[]
  /** Case-insensitive text found in the visitor's name, email or external id, or in any message. */
  search?: string
}

export interface PageRequest {
  limit: number
  /** The nextCursor of the previous page; absent for the first. */
  cursor?: string | null
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface TransitionResult {
  conversation: Conversation
  /** false: another writer moved the conversation past `fromRevision` first; `conversation` is current. */
  won: boolean
}

export interface NewMessage {
  conversationId: string
  kind: MessageKind
  visibility?: MessageVisibility
  authorId?: string | null
  authorName?: string | null
  text: string
  notice?: Notice | null
  citations?: Citation[]
  clientId?: string | null
  status?: MessageStatus
  createdAt?: Date
}

export interface AppendResult {
  message: Message
  /** false: (authorId, clientId) was stored before and `message` is the original. */
  created: boolean
}

export interface MessageQuery {
  /** Messages with seq greater than this (resume, next page forward). */
  afterSeq?: number
  /** Messages with seq lower than this (older history, newest first page backwards). */
  beforeSeq?: number
  limit: number
  /** Leave out internal messages (notes), for customers. */
  publicOnly?: boolean
}

export type MessagePatch = Partial<{ text: string; status: MessageStatus; citations: Citation[]; outcome: AnswerOutcome }>

export interface NewAgentSession {
  agentId: string
  userAgent?: string | null
  expiresAt: Date
}

export interface NewRefreshToken {
  tokenHash: string
  sessionId: string
  agentId: string
  expiresAt: Date
}

export interface NewHelpArticle {
  title: string
  body: string
  url?: string | null
}
export type HelpArticlePatch = Partial<NewHelpArticle>

/** An embedding as written: the site and time come from the article and the Store. */
export type NewArticleEmbedding = Pick<ArticleEmbedding, 'articleId' | 'model' | 'contentHash' | 'vectors'>

/** What a report reads of a conversation: no more, since a report reads a year of them. */
export type ReportConversation = Pick<Conversation, 'id' | 'siteId' | 'status' | 'assigneeId' | 'rating' | 'createdAt' | 'resolvedAt' | 'facts'>

export interface ImportedArticle {
  article: HelpArticle
  created: boolean
}

/** How many distinct refused origins a site keeps: enough to see a misconfiguration, bounded against a flood. */
export const REFUSED_ORIGINS_KEPT = 20

export interface RefusedOrigin {
  origin: string
  /** Refusals recorded (the server records at most one per origin and site a minute). */
  count: number
  firstSeenAt: Date
  lastSeenAt: Date
}

export interface NewCannedReply {
  shortcut: string
  text: string
}
export type CannedReplyPatch = Partial<NewCannedReply>

export interface Store {
  /** Which adapter this is, for logs and /readyz. */
  readonly kind: 'sqlite' | 'mongodb'
  /** Resolves when the database answers; throws ERR_STORE_UNAVAILABLE when it does not. */
  ping(): Promise<void>
  /** Releases the database handle (the adapter's own connection only). */
  close(): Promise<void>

  /** Creates a workspace, the tenant every other record belongs to. */
  createWorkspace(input: { name: string }): Promise<Workspace>
  /** The workspace with this id. */
  getWorkspace(workspaceId: string): Promise<Workspace | null>
  /** How many workspaces exist: the first start sets up a demo when there are none. Unscoped on purpose. */
  countWorkspaces(): Promise<number>

  /** Creates a site; throws ERR_STORE_DUPLICATE if the key is taken. */
  createSite(workspaceId: string, input: NewSite): Promise<Site>
  /** One site of the workspace. */
  getSite(workspaceId: string, siteId: string): Promise<Site | null>
  /** Entry point for visitor traffic, which knows only the public key: unscoped on purpose. */
  findSiteByKey(key: string): Promise<Site | null>
  /** The workspace's sites, oldest first. */
  listSites(workspaceId: string): Promise<Site[]>
  /** Changes a site's settings; the key never changes. */
  updateSite(workspaceId: string, siteId: string, patch: SitePatch): Promise<Site | null>

  /** Creates an agent (status offline, active); throws ERR_AGENT_EMAIL_TAKEN. */
  createAgent(workspaceId: string, input: NewAgent): Promise<Agent>
  /** One agent of the workspace. */
  getAgent(workspaceId: string, agentId: string): Promise<Agent | null>
  /** Entry point for login, which knows only the email: unscoped on purpose, case-insensitive. */
  findAgentByEmail(email: string): Promise<Agent | null>
  /** The workspace's agents, oldest first. */
  listAgents(workspaceId: string): Promise<Agent[]>
  /** Changes an agent; throws ERR_AGENT_EMAIL_TAKEN when the new email is another agent's. */
  updateAgent(workspaceId: string, agentId: string, patch: AgentPatch): Promise<Agent | null>
  /**
   * At start-up: every active agent not marked offline, in every workspace (unscoped on purpose). Their
   * sockets died with the previous process; routing gives them a grace period to come back.
   */
  listPresentAgents(): Promise<Agent[]>

  /** Creates a visitor; throws ERR_STORE_DUPLICATE if the token hash exists. */
  createVisitor(workspaceId: string, input: NewVisitor): Promise<Visitor>
  /** One visitor of the workspace. */
  getVisitor(workspaceId: string, visitorId: string): Promise<Visitor | null>
  /** The visitor holding this token on this site. */
  findVisitorByTokenHash(workspaceId: string, siteId: string, tokenHash: string): Promise<Visitor | null>
  /** Every visitor (device) a verified identity has linked, oldest first. */
  listVisitorsByExternalId(workspaceId: string, siteId: string, externalId: string): Promise<Visitor[]>
  /** Changes a visitor. */
  updateVisitor(workspaceId: string, visitorId: string, patch: VisitorPatch): Promise<Visitor | null>

  /** Opens a conversation (status open, unassigned, revision 0). */
  createConversation(workspaceId: string, input: NewConversation): Promise<Conversation>
  /** One conversation of the workspace. */
  getConversation(workspaceId: string, conversationId: string): Promise<Conversation | null>
  /** Newest first, or oldest queued first with `queued`; cursor-paginated. */
  listConversations(workspaceId: string, filter: ConversationFilter, page: PageRequest): Promise<Page<Conversation>>
  /**
   * Changes status/assignee/queue from `fromRevision` to the next revision; exactly one of any set of
   * concurrent transitions from the same revision wins, across processes. null: no such conversation.
   */
  transitionConversation(
    workspaceId: string,
    conversationId: string,
    fromRevision: number,
    change: ConversationChange,
  ): Promise<TransitionResult | null>
  /** Changes fields no race depends on (rating, last activity). */
  updateConversation(workspaceId: string, conversationId: string, patch: ConversationPatch): Promise<Conversation | null>
  /** Open conversations per assignee, counted (not kept in counters, so a crash leaves no phantom load). */
  countOpenByAssignee(workspaceId: string): Promise<Map<string, number>>
  /** 1 for the oldest conversation waiting for a human, and so on; null when this one is not queued. */
  queuePosition(workspaceId: string, conversationId: string): Promise<number | null>
  /**
   * For the abandonment sweep, in every workspace (unscoped on purpose): open conversations that are
   * not waiting in the queue and have had no message since `before`, least recently active first;
   * cursor-paginated, so a sweep that leaves some alone still reaches the rest.
   */
  listIdleConversations(before: Date, page: PageRequest): Promise<Page<Conversation>>
  /**
   * For reports: the workspace's (or one site's) conversations created in [from, to), oldest first, at
   * most `limit` (the caller asks for one more than it takes, to know when a range is too large).
   */
  listConversationsCreated(workspaceId: string, query: { from: Date; to: Date; siteId?: string; limit: number }): Promise<ReportConversation[]>

  /**
   * Stores a message under the conversation's next seq. Idempotent on (authorId, clientId): a resend
   * returns the original. null: no such conversation in the workspace.
   */
  appendMessage(workspaceId: string, input: NewMessage): Promise<AppendResult | null>
  /** The message an author sent with this client id, in any of the workspace's conversations. */
  findMessageByClientId(workspaceId: string, authorId: string, clientId: string): Promise<Message | null>
  /** Messages in seq order (ascending), `afterSeq`/`beforeSeq` bounding them. */
  listMessages(workspaceId: string, conversationId: string, query: MessageQuery): Promise<Message[]>
  /**
   * At start-up: every message still streaming was cut off by the restart, in every workspace
   * (unscoped on purpose); marks them interrupted and returns how many.
   */
  interruptStreamingMessages(): Promise<number>
  /** Rewrites a message in place: an AI answer growing as it streams, or marked interrupted. */
  updateMessage(workspaceId: string, conversationId: string, seq: number, patch: MessagePatch): Promise<Message | null>

  /**
   * Moves a reader's position in a conversation forward to `seq`, never back, and returns the position
   * as stored now. The reader is an agent's id, or CUSTOMER_READER for the customer's side, shared by
   * all their devices. The caller has checked that the reader may see the conversation.
   */
  markRead(workspaceId: string, conversationId: string, readerId: string, seq: number): Promise<number>
  /** One reader's positions in these conversations; a conversation never read is absent. */
  listReadPositions(workspaceId: string, readerId: string, conversationIds: string[]): Promise<Map<string, number>>

  /** Opens a session (a refresh-token family) for an agent signing in. */
  createAgentSession(workspaceId: string, input: NewAgentSession): Promise<AgentSession>
  /** One session of the workspace. */
  getAgentSession(workspaceId: string, sessionId: string): Promise<AgentSession | null>
  /** Revokes one session; false when there was none or it was already revoked. */
  revokeAgentSession(workspaceId: string, sessionId: string): Promise<boolean>
  /** Revokes every live session of an agent but `exceptSessionId`; returns how many. */
  revokeAgentSessions(workspaceId: string, agentId: string, exceptSessionId?: string): Promise<number>
  /** Stores a refresh token of a session; throws ERR_STORE_DUPLICATE if the hash exists. */
  addRefreshToken(workspaceId: string, input: NewRefreshToken): Promise<RefreshToken>
  /** Entry point for refreshing, which knows only the token: unscoped on purpose. */
  findRefreshToken(tokenHash: string): Promise<RefreshToken | null>
  /**
   * Marks a refresh token spent. true for exactly one caller, even across processes; false when it
   * was spent before (a reuse, which the caller answers by revoking the session) or does not exist.
   */
  spendRefreshToken(workspaceId: string, tokenHash: string): Promise<boolean>

  /** Creates one or many articles of a site (bulk import), in the order given. */
  createHelpArticles(workspaceId: string, siteId: string, inputs: NewHelpArticle[]): Promise<HelpArticle[]>
  /** One article of the workspace. */
  getHelpArticle(workspaceId: string, articleId: string): Promise<HelpArticle | null>
  /** A site's articles, oldest first. */
  listHelpArticles(workspaceId: string, siteId: string): Promise<HelpArticle[]>
  /** Changes an article. */
  updateHelpArticle(workspaceId: string, articleId: string, patch: HelpArticlePatch): Promise<HelpArticle | null>
  /** Removes an article (and its embedding); false when there was none. */
  deleteHelpArticle(workspaceId: string, articleId: string): Promise<boolean>
  /**
   * Stores an article's embedding, replacing the one it had. Nothing is written when the article is
   * not the workspace's (or no longer exists): false then, true when stored.
   */
  putArticleEmbedding(workspaceId: string, embedding: NewArticleEmbedding): Promise<boolean>
  /** A site's stored embeddings, stale ones included (callers compare contentHash and model), by article id. */
  listArticleEmbeddings(workspaceId: string, siteId: string): Promise<ArticleEmbedding[]>
  /**
   * A bulk import (all or nothing on SQLite; MongoDB, without transactions here, keeps the writes
   * before a failed one, which only a lost database can cause: the route checks every row first).
   * An input whose URL is already an article's of the site updates that
   * article (title, body); every other input is created, in the order given. Inputs share no URL (the
   * caller checks). Returns every article written, in input order, each with whether it was created.
   */
  importHelpArticles(workspaceId: string, siteId: string, inputs: NewHelpArticle[]): Promise<ImportedArticle[]>

  /**
   * Notes that a page of `origin` was refused for the site, at `at`: its count grows and its last time
   * moves. The site keeps its REFUSED_ORIGINS_KEPT most recent origins; an older one is forgotten.
   */
  recordRefusedOrigin(workspaceId: string, siteId: string, origin: string, at: Date): Promise<void>
  /** The site's refused origins, most recent first. */
  listRefusedOrigins(workspaceId: string, siteId: string): Promise<RefusedOrigin[]>

  /** Creates a canned reply; throws ERR_CANNED_SHORTCUT_TAKEN. */
  createCannedReply(workspaceId: string, input: NewCannedReply): Promise<CannedReply>
  /** The workspace's canned replies, by shortcut. */
  listCannedReplies(workspaceId: string): Promise<CannedReply[]>
  /** Changes a canned reply; throws ERR_CANNED_SHORTCUT_TAKEN. */
  updateCannedReply(workspaceId: string, replyId: string, patch: CannedReplyPatch): Promise<CannedReply | null>
  /** Removes a canned reply; false when there was none. */
  deleteCannedReply(workspaceId: string, replyId: string): Promise<boolean>
}

/** The help-article and canned-reply methods, which each adapter keeps in a file of its own. */
export type ContentMethods = Pick<
  Store,
  | 'createHelpArticles'
  | 'getHelpArticle'
  | 'listHelpArticles'
  | 'updateHelpArticle'
  | 'deleteHelpArticle'
  | 'putArticleEmbedding'
  | 'listArticleEmbeddings'
  | 'importHelpArticles'
  | 'recordRefusedOrigin'
  | 'listRefusedOrigins'
  | 'createCannedReply'
  | 'listCannedReplies'
  | 'updateCannedReply'
  | 'deleteCannedReply'
>

/** The reader of a conversation's customer side: one position for every device of the customer. */
export const CUSTOMER_READER = 'customer'

/** The read-position methods, likewise. */
export type ReadPositionMethods = Pick<Store, 'markRead' | 'listReadPositions'>

/** The agent-session and refresh-token methods, likewise. */
export type SessionMethods = Pick<
  Store,
  | 'createAgentSession'
  | 'getAgentSession'
  | 'revokeAgentSession'
  | 'revokeAgentSessions'
  | 'addRefreshToken'
  | 'findRefreshToken'
  | 'spendRefreshToken'
>
