// Agent sessions and refresh tokens on SQLite. Spending a token is one conditional UPDATE, so of two
// refreshes racing with one token exactly one gets a successor.
import type { Database } from 'better-sqlite3'
import { newId } from '../../ids.ts'
import type { SessionMethods } from '../store.ts'
import { toAgentSession, toRefreshToken, type Row } from './sqlite-rows.ts'
import { insertRow } from './sqlite-writes.ts'

export function sessionMethods(db: Database): SessionMethods {
  return {
    async createAgentSession(workspaceId, input) {
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        agent_id: input.agentId,
        user_agent: input.userAgent ?? null,
        created_at: Date.now(),
        expires_at: input.expiresAt.getTime(),
        revoked_at: null,
      }
      insertRow(db, 'agent_sessions', row)
      return toAgentSession(row)
    },

    async getAgentSession(workspaceId, sessionId) {
      const row = db.prepare('SELECT * FROM agent_sessions WHERE id = ? AND workspace_id = ?').get(sessionId, workspaceId) as
        | Row
        | undefined
      return row ? toAgentSession(row) : null
    },

    async revokeAgentSession(workspaceId, sessionId) {
      const result = db
        .prepare('UPDATE agent_sessions SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL')
        .run(Date.now(), sessionId, workspaceId)
      return result.changes === 1
    },

    async revokeAgentSessions(workspaceId, agentId, exceptSessionId) {
      const result = db
        .prepare(
          `UPDATE agent_sessions SET revoked_at = ?
           WHERE workspace_id = ? AND agent_id = ? AND revoked_at IS NULL AND id IS NOT ?`,
        )
        .run(Date.now(), workspaceId, agentId, exceptSessionId ?? null)
      return result.changes
    },

    async addRefreshToken(workspaceId, input) {
      const row: Row = {
        token_hash: input.tokenHash,
        workspace_id: workspaceId,
        session_id: input.sessionId,
        agent_id: input.agentId,
        created_at: Date.now(),
        expires_at: input.expiresAt.getTime(),
        spent_at: null,
      }
      insertRow(db, 'refresh_tokens', row)
      return toRefreshToken(row)
    },

    async findRefreshToken(tokenHash) {
      const row = db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined
      return row ? toRefreshToken(row) : null
    },

    async spendRefreshToken(workspaceId, tokenHash) {
      const result = db
        .prepare('UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND workspace_id = ? AND spent_at IS NULL')
        .run(Date.now(), tokenHash, workspaceId)
      return result.changes === 1
    },
  }
}
