// Signing agents in and keeping them signed in: a short access token (JWT, in the app's memory) and a
// rotating refresh token (httpOnly cookie). Each refresh spends the token and issues its successor;
// presenting a spent token means it was stolen or replayed, so the whole session is revoked.
import type { Agent, AgentSession } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { TandemError } from '../errors.ts'
import { hashToken, newToken } from '../secrets.ts'
import { verifyDecoy, verifyPassword } from './passwords.ts'

/** A refresh token unused this long expires: an idle browser signs in again. */
export const REFRESH_TOKEN_TTL_MS = 14 * 24 * 3600 * 1000
/** However active, a session ends this long after sign-in. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000

/** What an access token says; everything else is looked up fresh on each request. */
export interface AccessClaims {
  sub: string
  ws: string
  sid: string
}

export interface SignedIn {
  agent: Agent
  session: AgentSession
  accessToken: string
  refreshToken: string
  refreshExpiresAt: Date
}

export interface AgentSessionsDeps {
  store: Store
  signAccessToken(claims: AccessClaims): string
  /** Told when a replayed refresh token revokes a session, so its live sockets can be closed. */
  onSessionRevoked?(agentId: string, sessionId: string): void
}

export function agentSessions({ store, signAccessToken, onSessionRevoked }: AgentSessionsDeps) {
  async function issueRefreshToken(session: AgentSession) {
    const refreshToken = newToken()
    const refreshExpiresAt = new Date(Math.min(Date.now() + REFRESH_TOKEN_TTL_MS, session.expiresAt.getTime()))
    await store.addRefreshToken(session.workspaceId, {
      tokenHash: hashToken(refreshToken),
      sessionId: session.id,
      agentId: session.agentId,
      expiresAt: refreshExpiresAt,
    })
    return { refreshToken, refreshExpiresAt }
  }

  const access = (agent: Agent, session: AgentSession) =>
    signAccessToken({ sub: agent.id, ws: agent.workspaceId, sid: session.id })

  return {
    /** Checks the password; the same error whatever was wrong, so it reveals no account. */
    async login(email: string, password: string, userAgent: string | null): Promise<SignedIn> {
      const agent = await store.findAgentByEmail(email)
      const valid = agent ? await verifyPassword(agent.passwordHash, password) : await verifyDecoy(password)
      if (!agent || !valid || !agent.active) throw new TandemError('ERR_AUTH_INVALID_CREDENTIALS')
      const session = await store.createAgentSession(agent.workspaceId, {
        agentId: agent.id,
        userAgent: userAgent?.slice(0, 300) ?? null,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      })
      return { agent, session, accessToken: access(agent, session), ...(await issueRefreshToken(session)) }
    },

    /** Spends a refresh token for a new pair; a second use of one token revokes its session. */
    async refresh(refreshToken: string): Promise<SignedIn> {
      const stored = await store.findRefreshToken(hashToken(refreshToken))
      if (!stored) throw new TandemError('ERR_AUTH_REFRESH_INVALID')
      const { workspaceId } = stored
      if (!(await store.spendRefreshToken(workspaceId, stored.tokenHash))) {
        await store.revokeAgentSession(workspaceId, stored.sessionId)
        onSessionRevoked?.(stored.agentId, stored.sessionId)
        throw new TandemError('ERR_AUTH_REFRESH_REUSED')
      }
      const session = await store.getAgentSession(workspaceId, stored.sessionId)
      const agent = await store.getAgent(workspaceId, stored.agentId)
      const now = Date.now()
      if (!session || session.revokedAt || session.expiresAt.getTime() <= now || stored.expiresAt.getTime() <= now) {
        throw new TandemError('ERR_AUTH_REFRESH_INVALID')
      }
      if (!agent?.active) throw new TandemError('ERR_AUTH_SESSION_REVOKED')
      return { agent, session, accessToken: access(agent, session), ...(await issueRefreshToken(session)) }
    },

    /** Ends the session the refresh token belongs to; unknown tokens end nothing and say nothing. */
    async logout(refreshToken: string): Promise<AgentSession | null> {
      const stored = await store.findRefreshToken(hashToken(refreshToken))
      if (!stored) return null
      await store.revokeAgentSession(stored.workspaceId, stored.sessionId)
      return store.getAgentSession(stored.workspaceId, stored.sessionId)
    },

    /** The agent and session behind verified access-token claims, if both are still live. */
    async resolve(claims: AccessClaims): Promise<{ agent: Agent; session: AgentSession }> {
      const session = await store.getAgentSession(claims.ws, claims.sid)
      if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.agentId !== claims.sub) {
        throw new TandemError('ERR_AUTH_SESSION_REVOKED')
      }
      const agent = await store.getAgent(claims.ws, claims.sub)
      if (!agent?.active) throw new TandemError('ERR_AUTH_SESSION_REVOKED')
      return { agent, session }
    },
  }
}

export type AgentSessions = ReturnType<typeof agentSessions>
