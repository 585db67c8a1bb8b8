// What the MongoDB adapter stores, and the mapping from documents back to records. A document is its
// record with `id` kept as `_id`; the few exceptions are written out below. Records leave this file with
// exactly their interface's fields, null where a document lacks one.
import { Binary } from 'mongodb'
import type {
  Agent,
  AgentSession,
  ArticleEmbedding,
  AttributeValue,
  CannedReply,
  Conversation,
  ConversationFacts,
  HelpArticle,
  Message,
  RefreshToken,
  Site,
  Visitor,
  VisitorClaims,
  Workspace,
} from '../records.ts'
import { NO_CLAIMS } from '../records.ts'
import type { ConversationChange, RefusedOrigin } from '../store.ts'

type Doc<R extends { id: string }> = Omit<R, 'id'> & { _id: string }

export type WorkspaceDoc = Doc<Workspace>
export type SiteDoc = Doc<Site>
export type AgentDoc = Doc<Agent>
/**
 * `facts` is absent on conversations stored before facts were, which read as not recorded. Within it a
 * fact is absent until it happens, never null: a first time is then written with $min and a last one
 * with $max, in the update that belongs to it and without reading first (a null would win every $min).
 */
export type ConversationDoc = Omit<Doc<Conversation>, 'facts'> & { facts?: StoredFacts }
export type StoredFacts = Partial<ConversationFacts>
export type HelpArticleDoc = Doc<HelpArticle>
export type CannedReplyDoc = Doc<CannedReply>
/**
 * An article's embedding: `_id` is the article's id, so the article finds its one embedding by primary
 * key. The vectors are one Binary: each vector's float32 bytes in turn, `dimensions` floats each.
 */
export type ArticleEmbeddingDoc = Omit<ArticleEmbedding, 'articleId' | 'vectors'> & { _id: string; dimensions: number; vectors: Binary }
export type AgentSessionDoc = Doc<AgentSession>

/** A refresh token is looked up by nothing but its hash, so the hash is its `_id`. */
export type RefreshTokenDoc = Omit<RefreshToken, 'tokenHash'> & { _id: string }

/**
 * The claim that spends a refresh token: `_id` is the token's hash, so inserting it is what spends the
 * token, once, in this process or any other (FerretDB's conditional updates are read-then-write, so
 * only a unique insert settles a race between processes). It stays, and is the truth the token's own
 * `spentAt` is copied from.
 */
/** Which visitor a token belongs to, keyed by the token's hash: a hello finds its visitor by primary key. */
export interface VisitorTokenDoc {
  _id: string
  workspaceId: string
  siteId: string
  visitorId: string
}

/** How far one reader has read one conversation: `_id` is `conversationId:readerId`. */
export interface ReadPositionDoc {
  _id: string
  workspaceId: string
  conversationId: string
  readerId: string
  seq: number
  updatedAt: Date
}

/** One origin refused for one site: `_id` is `siteId:origin`, so recording it again finds it by primary key. */
export interface RefusedOriginDoc {
  _id: string
  workspaceId: string
  siteId: string
  origin: string
  count: number
  firstSeenAt: Date
  lastSeenAt: Date
}

export interface RefreshTokenSpendDoc {
  _id: string
  workspaceId: string
  at: Date
}

/**
 * Attributes come from the host page, so their names may hold '.' or start with '$', which MongoDB
 * field names may not (FerretDB refuses them outright): they are kept as a list of pairs instead.
 */
export interface StoredAttribute {
  name: string
  value: AttributeValue
}
/** `claims` is absent on visitors stored before claims existed, and until a visitor claims anything. */
export type VisitorDoc = Omit<Doc<Visitor>, 'attributes' | 'claims'> & { attributes: StoredAttribute[]; claims?: StoredClaims }
export type StoredClaims = Omit<VisitorClaims, 'attributes'> & { attributes: StoredAttribute[] }

/** Messages stored before authorName and notice existed have neither: read as null. */
export type MessageDoc = Omit<Doc<Message>, 'authorName' | 'notice' | 'outcome'> & {
  authorName?: string | null
  notice?: Message['notice']
  /** Absent until the customer answers the quick replies after an AI answer. */
  outcome?: Message['outcome']
  /** Unique: `workspace:author:client` when the sender named the message, else the message's own id. */
  dedupeKey: string
}

/**
 * The claim on one revision of a conversation: `_id` is `conversationId:revision`, so inserting it is
 * what wins the transition. It stays, so a writer that dies before updating the conversation leaves
 * enough behind for the next reader to finish the job.
 */
export interface TransitionDoc {
  _id: string
  workspaceId: string
  conversationId: string
  revision: number
  change: ConversationChange
  /** The facts the transition writes, decided from the revision it starts from; absent on older claims. */
  facts?: StoredFacts
  at: Date
}

export function toWorkspace(doc: WorkspaceDoc): Workspace {
  return { id: doc._id, name: doc.name, createdAt: doc.createdAt }
}

export function toSite(doc: SiteDoc): Site {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    name: doc.name,
    key: doc.key,
    secretEncrypted: doc.secretEncrypted,
    allowedOrigins: doc.allowedOrigins ?? [],
    routingPolicy: doc.routingPolicy,
    greeting: doc.greeting,
    awayMessage: doc.awayMessage,
    businessHours: doc.businessHours ?? null,
    preChatFields: doc.preChatFields ?? [],
    locale: doc.locale,
    color: doc.color,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}

export function toAgent(doc: AgentDoc): Agent {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    name: doc.name,
    email: doc.email,
    passwordHash: doc.passwordHash,
    role: doc.role,
    capacity: doc.capacity,
    status: doc.status,
    active: doc.active,
    mustChangePassword: doc.mustChangePassword,
    lastAssignedAt: doc.lastAssignedAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}

export function toVisitor(doc: VisitorDoc): Visitor {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    siteId: doc.siteId,
    tokenHash: doc.tokenHash,
    externalId: doc.externalId ?? null,
    name: doc.name ?? null,
    email: doc.email ?? null,
    attributes: fromStoredAttributes(doc.attributes ?? []),
    blocked: doc.blocked,
    pageContext: doc.pageContext ?? null,
    claims: doc.claims ? { name: doc.claims.name ?? null, email: doc.claims.email ?? null, attributes: fromStoredAttributes(doc.claims.attributes ?? []) } : NO_CLAIMS,
    createdAt: doc.createdAt,
    lastSeenAt: doc.lastSeenAt,
  }
}

export function toStoredClaims(claims: VisitorClaims): StoredClaims {
  return { name: claims.name, email: claims.email, attributes: toStoredAttributes(claims.attributes) }
}

export function toStoredAttributes(attributes: Record<string, AttributeValue>): StoredAttribute[] {
  return Object.entries(attributes).map(([name, value]) => ({ name, value }))
}

function fromStoredAttributes(stored: StoredAttribute[]): Record<string, AttributeValue> {
  // fromEntries defines properties, so an attribute named "__proto__" stays plain data.
  return Object.fromEntries(stored.map(({ name, value }) => [name, value]))
}

export function toConversation(doc: ConversationDoc): Conversation {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    siteId: doc.siteId,
    visitorId: doc.visitorId,
    status: doc.status,
    assigneeId: doc.assigneeId ?? null,
    queuedAt: doc.queuedAt ?? null,
    revision: doc.revision,
    lastSeq: doc.lastSeq,
    rating: doc.rating ? { score: doc.rating.score, comment: doc.rating.comment ?? null } : null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    lastActivityAt: doc.lastActivityAt,
    resolvedAt: doc.resolvedAt ?? null,
    facts: toFacts(doc.facts),
  }
}

function toFacts(stored: StoredFacts = {}): ConversationFacts {
  return {
    recorded: stored.recorded === true,
    firstCustomerMessageAt: stored.firstCustomerMessageAt ?? null,
    lastCustomerMessageAt: stored.lastCustomerMessageAt ?? null,
    firstAiReplyAt: stored.firstAiReplyAt ?? null,
    lastAiAnswerAt: stored.lastAiAnswerAt ?? null,
    lastAiAnswerSeq: stored.lastAiAnswerSeq ?? null,
    lastAiAnswerOutcome: stored.lastAiAnswerOutcome ?? null,
    humanNeededAt: stored.humanNeededAt ?? null,
    firstHumanReplyAt: stored.firstHumanReplyAt ?? null,
    handoffReason: stored.handoffReason ?? null,
    handoffAt: stored.handoffAt ?? null,
    resolvedBy: stored.resolvedBy ?? null,
    resolverId: stored.resolverId ?? null,
  }
}

/** Facts as stored: the ones that have not happened (null) left out. */
export function toStoredFacts(facts: Partial<ConversationFacts>): StoredFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined)) as StoredFacts
}

export function toMessage(doc: MessageDoc): Message {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    conversationId: doc.conversationId,
    seq: doc.seq,
    kind: doc.kind,
    visibility: doc.visibility,
    authorId: doc.authorId ?? null,
    authorName: doc.authorName ?? null,
    text: doc.text,
    notice: doc.notice ? { code: doc.notice.code, params: { ...doc.notice.params } } : null,
    citations: (doc.citations ?? []).map((c) => ({ title: c.title, url: c.url ?? null })),
    clientId: doc.clientId ?? null,
    status: doc.status,
    outcome: doc.outcome ?? null,
    createdAt: doc.createdAt,
  }
}

export function toHelpArticle(doc: HelpArticleDoc): HelpArticle {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    siteId: doc.siteId,
    title: doc.title,
    body: doc.body,
    url: doc.url ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}

/** Vectors as stored: their bytes in the platform's order (little-endian wherever Node runs). They must all be as long. */
export function toStoredVectors(vectors: Float32Array[]): { dimensions: number; vectors: Binary } {
  const dimensions = vectors[0]?.length ?? 0
  if (vectors.some((v) => v.length !== dimensions)) throw new RangeError('An embedding\'s vectors must all have the same dimensions.')
  const bytes = new Uint8Array(vectors.length * dimensions * Float32Array.BYTES_PER_ELEMENT)
  vectors.forEach((v, i) => bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), i * v.byteLength))
  return { dimensions, vectors: new Binary(bytes) }
}

export function toArticleEmbedding(doc: ArticleEmbeddingDoc): ArticleEmbedding {
  // The driver's bytes may sit at any offset of a larger buffer: each vector is copied out (a plain
  // Uint8Array's slice copies) rather than viewed, which its alignment might not even allow.
  const stored = doc.vectors.value()
  const bytes = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)
  const step = doc.dimensions * Float32Array.BYTES_PER_ELEMENT
  const vectors: Float32Array[] = []
  for (let start = 0; step > 0 && start < bytes.length; start += step) vectors.push(new Float32Array(bytes.slice(start, start + step).buffer))
  return {
    articleId: doc._id,
    workspaceId: doc.workspaceId,
    siteId: doc.siteId,
    model: doc.model,
    contentHash: doc.contentHash,
    vectors,
    updatedAt: doc.updatedAt,
  }
}

export function toRefusedOrigin(doc: RefusedOriginDoc): RefusedOrigin {
  return { origin: doc.origin, count: doc.count, firstSeenAt: doc.firstSeenAt, lastSeenAt: doc.lastSeenAt }
}

export function toCannedReply(doc: CannedReplyDoc): CannedReply {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    shortcut: doc.shortcut,
    text: doc.text,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  }
}

export function toAgentSession(doc: AgentSessionDoc): AgentSession {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    agentId: doc.agentId,
    userAgent: doc.userAgent ?? null,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    revokedAt: doc.revokedAt ?? null,
  }
}

export function toRefreshToken(doc: RefreshTokenDoc): RefreshToken {
  return {
    tokenHash: doc._id,
    workspaceId: doc.workspaceId,
    sessionId: doc.sessionId,
    agentId: doc.agentId,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    spentAt: doc.spentAt ?? null,
  }
}

/**
 * The listed fields of a patch that are set. Undefined must not reach the driver, which would store
 * it as null; and only named fields pass, so a patch can never rewrite `_id` or `workspaceId`.
 */
export function pickDefined<P extends object, K extends keyof P>(patch: P, fields: readonly K[]): Partial<Pick<P, K>> {
  const picked: Partial<Pick<P, K>> = {}
  for (const field of fields) {
    if (patch[field] !== undefined) picked[field] = patch[field]
  }
  return picked
}
