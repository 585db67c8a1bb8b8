// Agent sessions and refresh tokens on MongoDB. Spending a token must be won by exactly one refresh,
// across processes, and FerretDB's conditional updates are read-then-write: so a spend is an insert
// under the token's hash into refresh_token_spends, and only the winner then marks the token spent.
import type { Filter } from 'mongodb'
import { newId } from '../../ids.ts'
import type { SessionMethods } from '../store.ts'
import { documentKey, type MongoContext } from './mongo-collections.ts'
import { isDuplicateKey } from './mongo-errors.ts'
import {
  toAgentSession,
  toRefreshToken,
  type AgentSessionDoc,
  type RefreshTokenDoc,
  type RefreshTokenSpendDoc,
} from './mongo-documents.ts'
import { insertDocument } from './mongo-writes.ts'
import { findInWorkspace } from './mongo-reads.ts'

export function sessionMethods(ctx: MongoContext): SessionMethods {
  /**
   * Revokes one live session; true when this call did it. The lock keeps two revokes in this process
   * from both reporting it. Two processes racing on FerretDB may both say true, since its conditional
   * update is read-then-write. That is accepted: what a revoke must guarantee is that the session ends
   * up revoked, and it does either way. On MongoDB the update is atomic and only one says true.
   */
  function revoke(workspaceId: string, sessionId: string, at: Date): Promise<boolean> {
    return ctx.lock.run(documentKey(ctx.agentSessions.collectionName, sessionId), async () => {
      const result = await ctx.agentSessions.updateOne(
        { _id: sessionId, workspaceId, revokedAt: null },
        { $set: { revokedAt: at } },
      )
      return result.modifiedCount === 1
    })
  }

  return {
    async createAgentSession(workspaceId, input) {
      const doc: AgentSessionDoc = {
        _id: newId(),
        workspaceId,
        agentId: input.agentId,
        userAgent: input.userAgent ?? null,
        createdAt: new Date(),
        expiresAt: input.expiresAt,
        revokedAt: null,
      }
      await insertDocument(ctx.agentSessions, doc)
      return toAgentSession(doc)
    },

    async getAgentSession(workspaceId, sessionId) {
      const doc = await findInWorkspace(ctx.agentSessions, workspaceId, sessionId)
      return doc ? toAgentSession(doc) : null
    },

    revokeAgentSession(workspaceId, sessionId) {
      return revoke(workspaceId, sessionId, new Date())
    },

    async revokeAgentSessions(workspaceId, agentId, exceptSessionId) {
      const filter: Filter<AgentSessionDoc> = { workspaceId, agentId, revokedAt: null }
      if (exceptSessionId !== undefined) filter._id = { $ne: exceptSessionId }
      const live = await ctx.agentSessions.find(filter, { projection: { _id: 1 } }).toArray()
      // One locked update per session rather than an updateMany, which would slip past the locks.
      const at = new Date()
      const revoked = await Promise.all(live.map((session) => revoke(workspaceId, session._id, at)))
      return revoked.filter(Boolean).length
    },

    async addRefreshToken(workspaceId, input) {
      const doc: RefreshTokenDoc = {
        _id: input.tokenHash,
        workspaceId,
        sessionId: input.sessionId,
        agentId: input.agentId,
        createdAt: new Date(),
        expiresAt: input.expiresAt,
        spentAt: null,
      }
      await insertDocument(ctx.refreshTokens, doc)
      return toRefreshToken(doc)
    },

    async findRefreshToken(tokenHash) {
      const doc = await ctx.refreshTokens.findOne({ _id: tokenHash })
      if (!doc) return null
      if (doc.spentAt) return toRefreshToken(doc)
      // A spender that died between its two writes left the token looking unspent: the claim says
      // otherwise, and it is the one that counts.
      const spend = await findInWorkspace(ctx.refreshTokenSpends, doc.workspaceId, tokenHash)
      return toRefreshToken(spend ? { ...doc, spentAt: spend.at } : doc)
    },

    async spendRefreshToken(workspaceId, tokenHash) {
      // Checked first so another workspace can never claim, and so block, this workspace's token.
      const token = await findInWorkspace(ctx.refreshTokens, workspaceId, tokenHash, { projection: { spentAt: 1 } })
      if (!token || token.spentAt) return false
      const spend: RefreshTokenSpendDoc = { _id: tokenHash, workspaceId, at: new Date() }
      try {
        await ctx.refreshTokenSpends.insertOne(spend)
      } catch (error) {
        if (isDuplicateKey(error)) return false
        throw error
      }
      await ctx.lock.run(documentKey(ctx.refreshTokens.collectionName, tokenHash), () =>
        ctx.refreshTokens.updateOne({ _id: tokenHash, workspaceId }, { $set: { spentAt: spend.at } }),
      )
      return true
    },
  }
}
