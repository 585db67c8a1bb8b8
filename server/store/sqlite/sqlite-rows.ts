// Rows to records and back. SQLite keeps times as epoch milliseconds, booleans as 0/1 and lists and
// maps as JSON text; nothing outside this adapter sees a row.
import type {
  Agent,
  AgentSession,
  ArticleEmbedding,
  CannedReply,
  Conversation,
  HelpArticle,
  Message,
  PageContext,
  RefreshToken,
  Site,
  Visitor,
  Workspace,
} from '../records.ts'
import { NO_CLAIMS } from '../records.ts'
import type { RefusedOrigin } from '../store.ts'
import { toFacts } from './sqlite-facts.ts'

export type Row = Record<string, unknown>

const date = (value: unknown): Date => new Date(value as number)
const dateOrNull = (value: unknown): Date | null => (value === null ? null : new Date(value as number))
const json = <T>(value: unknown): T => JSON.parse(value as string) as T

export const toMs = (value: Date | null | undefined): number | null => (value ? value.getTime() : null)

export function toWorkspace(row: Row): Workspace {
  return { id: row.id as string, name: row.name as string, createdAt: date(row.created_at) }
}

export function toSite(row: Row): Site {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    name: row.name as string,
    key: row.key as string,
    secretEncrypted: row.secret_encrypted as string,
    allowedOrigins: json(row.allowed_origins),
    routingPolicy: row.routing_policy as Site['routingPolicy'],
    greeting: row.greeting as string,
    awayMessage: row.away_message as string,
    businessHours: row.business_hours === null ? null : json(row.business_hours),
    preChatFields: json(row.pre_chat_fields),
    locale: row.locale as string,
    color: row.color as string,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toAgent(row: Row): Agent {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    name: row.name as string,
    email: row.email as string,
    passwordHash: row.password_hash as string,
    role: row.role as Agent['role'],
    capacity: row.capacity as number,
    status: row.status as Agent['status'],
    active: row.active === 1,
    mustChangePassword: row.must_change_password === 1,
    lastAssignedAt: dateOrNull(row.last_assigned_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toVisitor(row: Row): Visitor {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    siteId: row.site_id as string,
    tokenHash: row.token_hash as string,
    externalId: row.external_id as string | null,
    name: row.name as string | null,
    email: row.email as string | null,
    attributes: json(row.attributes),
    blocked: row.blocked === 1,
    pageContext: row.page_context == null ? null : toPageContext(json(row.page_context)),
    claims: row.claims == null ? NO_CLAIMS : json(row.claims),
    createdAt: date(row.created_at),
    lastSeenAt: date(row.last_seen_at),
  }
}

function toPageContext(stored: Omit<PageContext, 'at'> & { at: number }): PageContext {
  return { ...stored, at: new Date(stored.at) }
}

export const fromPageContext = (context: PageContext): string => JSON.stringify({ ...context, at: context.at.getTime() })

export function toConversation(row: Row): Conversation {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    siteId: row.site_id as string,
    visitorId: row.visitor_id as string,
    status: row.status as Conversation['status'],
    assigneeId: row.assignee_id as string | null,
    queuedAt: dateOrNull(row.queued_at),
    revision: row.revision as number,
    lastSeq: row.last_seq as number,
    rating:
      row.rating_score === null
        ? null
        : { score: row.rating_score as number, comment: row.rating_comment as string | null },
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    lastActivityAt: date(row.last_activity_at),
    resolvedAt: dateOrNull(row.resolved_at),
    facts: toFacts(row),
  }
}

export function toMessage(row: Row): Message {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    conversationId: row.conversation_id as string,
    seq: row.seq as number,
    kind: row.kind as Message['kind'],
    visibility: row.visibility as Message['visibility'],
    authorId: row.author_id as string | null,
    authorName: (row.author_name as string | null) ?? null,
    text: row.text as string,
    notice: row.notice == null ? null : json(row.notice),
    citations: json(row.citations),
    clientId: row.client_id as string | null,
    status: row.status as Message['status'],
    outcome: (row.outcome as Message['outcome'] | undefined) ?? null,
    createdAt: date(row.created_at),
  }
}

export function toHelpArticle(row: Row): HelpArticle {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    siteId: row.site_id as string,
    title: row.title as string,
    body: row.body as string,
    url: row.url as string | null,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toRefusedOrigin(row: Row): RefusedOrigin {
  return {
    origin: row.origin as string,
    count: row.count as number,
    firstSeenAt: date(row.first_seen_at),
    lastSeenAt: date(row.last_seen_at),
  }
}

/**
 * An embedding's vectors as one BLOB: each vector's float32 bytes in turn, in the platform's order
 * (little-endian wherever Node runs), and how many floats each holds. They must all be as long.
 */
export function toVectorsBlob(vectors: Float32Array[]): { dimensions: number; blob: Buffer } {
  const dimensions = vectors[0]?.length ?? 0
  if (vectors.some((v) => v.length !== dimensions)) throw new RangeError('An embedding\'s vectors must all have the same dimensions.')
  return { dimensions, blob: Buffer.concat(vectors.map((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength))) }
}

export function toArticleEmbedding(row: Row): ArticleEmbedding {
  const blob = row.vectors as Buffer
  const dimensions = row.dimensions as number
  const bytes = new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength)
  const step = dimensions * Float32Array.BYTES_PER_ELEMENT
  const vectors: Float32Array[] = []
  // Copies (Uint8Array's slice, unlike Buffer's, copies): the Buffer may share a pooled ArrayBuffer, at
  // an offset a Float32Array view could not even start at.
  for (let start = 0; step > 0 && start < bytes.length; start += step) vectors.push(new Float32Array(bytes.slice(start, start + step).buffer))
  return {
    articleId: row.article_id as string,
    workspaceId: row.workspace_id as string,
    siteId: row.site_id as string,
    model: row.model as string,
    contentHash: row.content_hash as string,
    vectors,
    updatedAt: date(row.updated_at),
  }
}

export function toCannedReply(row: Row): CannedReply {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    shortcut: row.shortcut as string,
    text: row.text as string,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export function toAgentSession(row: Row): AgentSession {
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    agentId: row.agent_id as string,
    userAgent: row.user_agent as string | null,
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    revokedAt: dateOrNull(row.revoked_at),
  }
}

export function toRefreshToken(row: Row): RefreshToken {
  return {
    tokenHash: row.token_hash as string,
    workspaceId: row.workspace_id as string,
    sessionId: row.session_id as string,
    agentId: row.agent_id as string,
    createdAt: date(row.created_at),
    expiresAt: date(row.expires_at),
    spentAt: dateOrNull(row.spent_at),
  }
}

/**
 * Turns a patch into `col = @param` assignments for the fields it sets; `columns` maps each patchable
 * field to its column and how to store its value.
 */
export function assignments<P extends object>(
  patch: P,
  columns: { [K in keyof P]-?: [column: string, encode?: (value: Exclude<P[K], undefined>) => unknown] },
): { sql: string[]; params: Row } {
  const sql: string[] = []
  const params: Row = {}
  for (const field of Object.keys(patch) as (keyof P & string)[]) {
    const value = patch[field]
    if (value === undefined) continue
    const [column, encode] = columns[field]
    sql.push(`${column} = @${column}`)
    params[column] = encode ? encode(value as Exclude<P[typeof field], undefined>) : value
  }
  return { sql, params }
}

export const bool = (value: boolean): number => (value ? 1 : 0)
export const toJson = (value: unknown): string => JSON.stringify(value)
