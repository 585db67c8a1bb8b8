// The Store on SQLite (better-sqlite3): the embedded default. One writer at a time in WAL mode, and
// each multi-step write in an IMMEDIATE transaction, so what must be won once is won once.
import type { Database } from 'better-sqlite3'
import { TandemError } from '../../errors.ts'
import { newId } from '../../ids.ts'
import { AGENT_DEFAULT_CAPACITY, SITE_DEFAULTS } from '../defaults.ts'
import type { AgentPatch, SitePatch, Store, VisitorPatch } from '../store.ts'
import { conversationMethods } from './sqlite-conversations.ts'
import { contentMethods } from './sqlite-content.ts'
import { readPositionMethods } from './sqlite-read-positions.ts'
import { sessionMethods } from './sqlite-sessions.ts'
import { migrate } from './sqlite-migrations.ts'
import {
  assignments,
  bool,
  fromPageContext,
  toAgent,
  toJson,
  toMs,
  toSite,
  toVisitor,
  toWorkspace,
  type Row,
} from './sqlite-rows.ts'
import { readCache } from './sqlite-read-cache.ts'
import { withStatementCache } from './sqlite-statements.ts'
import { insertRow, rethrowUnique } from './sqlite-writes.ts'

/**
 * How hard a commit holds on (SQLite's `synchronous`, in WAL mode). NORMAL: a committed write
 * survives the process crashing, and may be lost with the last moments before a power cut or an
 * OS crash. FULL: the WAL is flushed to the disk (fsync) at every commit, so it survives those too.
 */
export type SqliteSynchronous = 'NORMAL' | 'FULL'

export interface SqliteStoreOptions {
  synchronous?: SqliteSynchronous
}

/** Opens the Store on a better-sqlite3 handle the caller owns; migrates the schema first. */
export function createSqliteStore(handle: Database, options: SqliteStoreOptions = {}): Store {
  handle.pragma('journal_mode = WAL')
  handle.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  handle.pragma('foreign_keys = ON')
  handle.pragma('cache_size = -65536')
  // Waits for another process's write lock instead of failing at once.
  handle.pragma('busy_timeout = 5000')
  migrate(handle)
  const db = withStatementCache(handle)
  const { cache, wrap } = readCache(db)

  const one = (sql: string, params: Row): Row | undefined => db.prepare(sql).get(params) as Row | undefined
  const all = (sql: string, params: Row): Row[] => db.prepare(sql).all(params) as Row[]

  const siteColumns = {
    name: ['name'],
    secretEncrypted: ['secret_encrypted'],
    allowedOrigins: ['allowed_origins', toJson],
    routingPolicy: ['routing_policy'],
    greeting: ['greeting'],
    awayMessage: ['away_message'],
    businessHours: ['business_hours', (v) => (v === null ? null : toJson(v))],
    preChatFields: ['pre_chat_fields', toJson],
    locale: ['locale'],
    color: ['color'],
  } satisfies Parameters<typeof assignments<SitePatch>>[1]

  const agentColumns = {
    name: ['name'],
    email: ['email', (v) => v.toLowerCase()],
    passwordHash: ['password_hash'],
    role: ['role'],
    capacity: ['capacity'],
    status: ['status'],
    active: ['active', bool],
    mustChangePassword: ['must_change_password', bool],
    lastAssignedAt: ['last_assigned_at', toMs],
  } satisfies Parameters<typeof assignments<AgentPatch>>[1]

  const visitorColumns = {
    externalId: ['external_id'],
    name: ['name'],
    email: ['email'],
    attributes: ['attributes', toJson],
    blocked: ['blocked', bool],
    lastSeenAt: ['last_seen_at', toMs],
    pageContext: ['page_context', fromPageContext],
    claims: ['claims', toJson],
  } satisfies Parameters<typeof assignments<VisitorPatch>>[1]

  /** Applies a patch to one row of the workspace and returns the row as it now is. */
  function patchRow(table: string, workspaceId: string, id: string, set: { sql: string[]; params: Row }, touch: boolean) {
    const columns = touch ? [...set.sql, 'updated_at = @updated_at'] : set.sql
    if (columns.length > 0) {
      db.prepare(`UPDATE ${table} SET ${columns.join(', ')} WHERE id = @id AND workspace_id = @workspace_id`).run({
        ...set.params,
        updated_at: Date.now(),
        id,
        workspace_id: workspaceId,
      })
    }
    return one(`SELECT * FROM ${table} WHERE id = @id AND workspace_id = @workspace_id`, { id, workspace_id: workspaceId })
  }

  return wrap({
    kind: 'sqlite',

    async ping() {
      try {
        db.prepare('SELECT 1').get()
      } catch (error) {
        throw new TandemError('ERR_STORE_UNAVAILABLE', undefined, { cause: error })
      }
    },

    async close() {
      // The handle is the caller's to close: tests share one across stores.
    },

    async createWorkspace({ name }) {
      const row = { id: newId(), name, created_at: Date.now() }
      insertRow(db, 'workspaces', row)
      return toWorkspace(row)
    },

    async getWorkspace(workspaceId) {
      const row = one('SELECT * FROM workspaces WHERE id = @id', { id: workspaceId })
      return row ? toWorkspace(row) : null
    },

    async countWorkspaces() {
      return (one('SELECT count(*) AS n FROM workspaces', {}) as { n: number }).n
    },

    async createSite(workspaceId, input) {
      const now = Date.now()
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        name: input.name,
        key: input.key,
        secret_encrypted: input.secretEncrypted,
        allowed_origins: toJson(input.allowedOrigins ?? []),
        routing_policy: input.routingPolicy ?? SITE_DEFAULTS.routingPolicy,
        greeting: input.greeting ?? SITE_DEFAULTS.greeting,
        away_message: input.awayMessage ?? SITE_DEFAULTS.awayMessage,
        business_hours: input.businessHours ? toJson(input.businessHours) : null,
        pre_chat_fields: toJson(input.preChatFields ?? []),
        locale: input.locale ?? SITE_DEFAULTS.locale,
        color: input.color ?? SITE_DEFAULTS.color,
        created_at: now,
        updated_at: now,
      }
      insertRow(db, 'sites', row)
      return toSite(row)
    },

    async getSite(workspaceId, siteId) {
      const row = one('SELECT * FROM sites WHERE id = @id AND workspace_id = @ws', { id: siteId, ws: workspaceId })
      return row ? toSite(row) : null
    },

    async findSiteByKey(key) {
      const row = one('SELECT * FROM sites WHERE key = @key', { key })
      return row ? toSite(row) : null
    },

    async listSites(workspaceId) {
      return all('SELECT * FROM sites WHERE workspace_id = @ws ORDER BY id', { ws: workspaceId }).map(toSite)
    },

    async updateSite(workspaceId, siteId, patch) {
      const row = patchRow('sites', workspaceId, siteId, assignments(patch, siteColumns), true)
      return row ? toSite(row) : null
    },

    async createAgent(workspaceId, input) {
      const now = Date.now()
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        name: input.name,
        email: input.email.toLowerCase(),
        password_hash: input.passwordHash,
        role: input.role,
        capacity: input.capacity ?? AGENT_DEFAULT_CAPACITY,
        status: 'offline',
        active: 1,
        must_change_password: bool(input.mustChangePassword ?? false),
        last_assigned_at: null,
        created_at: now,
        updated_at: now,
      }
      insertRow(db, 'agents', row)
      return toAgent(row)
    },

    async getAgent(workspaceId, agentId) {
      const row = one('SELECT * FROM agents WHERE id = @id AND workspace_id = @ws', { id: agentId, ws: workspaceId })
      return row ? toAgent(row) : null
    },

    async findAgentByEmail(email) {
      const row = one('SELECT * FROM agents WHERE email = @email', { email: email.toLowerCase() })
      return row ? toAgent(row) : null
    },

    async listAgents(workspaceId) {
      return all('SELECT * FROM agents WHERE workspace_id = @ws ORDER BY id', { ws: workspaceId }).map(toAgent)
    },

    async listPresentAgents() {
      return all("SELECT * FROM agents WHERE status != 'offline' AND active = 1 ORDER BY id", {}).map(toAgent)
    },

    async updateAgent(workspaceId, agentId, patch) {
      const row = rethrowUnique(() => patchRow('agents', workspaceId, agentId, assignments(patch, agentColumns), true))
      return row ? toAgent(row) : null
    },

    async createVisitor(workspaceId, input) {
      const now = Date.now()
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        site_id: input.siteId,
        token_hash: input.tokenHash,
        external_id: input.externalId ?? null,
        name: input.name ?? null,
        email: input.email ?? null,
        attributes: toJson(input.attributes ?? {}),
        blocked: 0,
        page_context: null,
        claims: null,
        created_at: now,
        last_seen_at: now,
      }
      insertRow(db, 'visitors', row)
      return toVisitor(row)
    },

    async getVisitor(workspaceId, visitorId) {
      return cache.visitor(workspaceId, visitorId, () => {
        const row = one('SELECT * FROM visitors WHERE id = @id AND workspace_id = @ws', { id: visitorId, ws: workspaceId })
        return row ? toVisitor(row) : null
      })
    },

    async findVisitorByTokenHash(workspaceId, siteId, tokenHash) {
      const row = one(
        'SELECT * FROM visitors WHERE token_hash = @hash AND site_id = @site AND workspace_id = @ws',
        { hash: tokenHash, site: siteId, ws: workspaceId },
      )
      return row ? toVisitor(row) : null
    },

    async listVisitorsByExternalId(workspaceId, siteId, externalId) {
      return all(
        'SELECT * FROM visitors WHERE site_id = @site AND external_id = @ext AND workspace_id = @ws ORDER BY id',
        { site: siteId, ext: externalId, ws: workspaceId },
      ).map(toVisitor)
    },

    async updateVisitor(workspaceId, visitorId, patch) {
      const row = patchRow('visitors', workspaceId, visitorId, assignments(patch, visitorColumns), false)
      return row ? toVisitor(row) : null
    },

    ...conversationMethods(db, cache),
    ...contentMethods(db),
    ...sessionMethods(db),
    ...readPositionMethods(db),
  })
}
