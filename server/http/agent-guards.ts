// Who is calling, for agent routes: a Bearer access token, verified (HS256 only, so "alg: none" and
// key-confusion tokens fail), then its session and agent read fresh, so logout, deactivation and
// role changes take effect on the very next request rather than when the token expires.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { TandemError } from '../errors.ts'
import type { AccessClaims, AgentSessions } from '../auth/agent-sessions.ts'
import type { AgentAuth, Guard } from './api-context.ts'

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer ([^\s]+)$/.exec(header)
  return match?.[1] ?? null
}

export function agentGuards(app: FastifyInstance, sessions: AgentSessions): { requireAgent: Guard; requireAdmin: Guard } {
  async function authenticate(request: FastifyRequest): Promise<AgentAuth> {
    const token = bearerToken(request)
    if (!token) throw new TandemError('ERR_AUTH_REQUIRED')
    let claims: AccessClaims
    try {
      claims = app.jwt.verify<AccessClaims>(token)
    } catch (error) {
      const code = (error as { code?: string }).code
      throw new TandemError(code === 'FAST_JWT_EXPIRED' ? 'ERR_AUTH_TOKEN_EXPIRED' : 'ERR_AUTH_TOKEN_INVALID')
    }
    if (typeof claims.sub !== 'string' || typeof claims.ws !== 'string' || typeof claims.sid !== 'string') {
      throw new TandemError('ERR_AUTH_TOKEN_INVALID')
    }
    return sessions.resolve(claims)
  }

  const requireAgent: Guard = async (request) => {
    const auth = await authenticate(request)
    if (auth.agent.mustChangePassword && !request.routeOptions.config.allowPendingPasswordChange) {
      throw new TandemError('ERR_AUTH_PASSWORD_CHANGE_REQUIRED')
    }
    request.agentAuth = auth
  }

  const requireAdmin: Guard = async (request, reply) => {
    await requireAgent(request, reply)
    if (request.agentAuth?.agent.role !== 'admin') throw new TandemError('ERR_ACCESS_ADMIN_ONLY')
  }

  return { requireAgent, requireAdmin }
}

/** The caller of a route guarded by requireAgent. */
export function callerOf(request: FastifyRequest): AgentAuth {
  if (!request.agentAuth) throw new TandemError('ERR_AUTH_REQUIRED')
  return request.agentAuth
}
