// The first frame: protocol version and credentials, never in the URL. A visitor must also connect
// from one of the site's allowed origins, so another site's page cannot open a customer's socket.
import type { FastifyInstance } from 'fastify'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { SUPPORTED_PROTOCOL_VERSIONS, type HelloFrame } from '../../protocol/frames.ts'
import type { AccessClaims, AgentSessions } from '../auth/agent-sessions.ts'
import { isAllowedOrigin } from '../http/visitor-guards.ts'
import type { RefusedOrigins } from '../refused-origins.ts'
import { hashToken } from '../secrets.ts'
import type { Store } from '../store/store.ts'
import type { Actor } from './connection.ts'

export type HelloResult = { ok: true; actor: Actor } | { ok: false; code: number; reason: string }

const refuse = (code: number, reason: string): HelloResult => ({ ok: false, code, reason })

export async function authenticateHello(
  hello: HelloFrame,
  /** The page's Origin header and the client's address, as the upgrade request had them. */
  { origin, address }: { origin: string | undefined; address: string },
  deps: { store: Store; sessions: AgentSessions; app: FastifyInstance; refusedOrigins: RefusedOrigins },
): Promise<HelloResult> {
  if (!(SUPPORTED_PROTOCOL_VERSIONS as readonly number[]).includes(hello.protocol)) {
    return refuse(CLOSE_CODES.PROTOCOL_UNSUPPORTED, `supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(',')}`)
  }
  const { auth } = hello
  if (auth.kind === 'visitor') {
    const site = await deps.store.findSiteByKey(auth.siteKey)
    if (!site) return refuse(CLOSE_CODES.AUTH_FAILED, 'unknown site')
    if (!isAllowedOrigin(site, origin)) {
      if (origin !== undefined) deps.refusedOrigins.note(site, origin, 'websocket', address)
      return refuse(CLOSE_CODES.ORIGIN_NOT_ALLOWED, 'origin not allowed')
    }
    const visitor = await deps.store.findVisitorByTokenHash(site.workspaceId, site.id, hashToken(auth.visitorToken))
    if (!visitor) return refuse(CLOSE_CODES.AUTH_FAILED, 'unknown visitor token')
    if (visitor.blocked) return refuse(CLOSE_CODES.VISITOR_BLOCKED, 'blocked')
    return { ok: true, actor: { role: 'visitor', site, visitor } }
  }
  let claims: AccessClaims
  try {
    claims = deps.app.jwt.verify<AccessClaims>(auth.accessToken)
  } catch (error) {
    const expired = (error as { code?: string }).code === 'FAST_JWT_EXPIRED'
    return refuse(CLOSE_CODES.AUTH_FAILED, expired ? 'access token expired' : 'access token invalid')
  }
  try {
    const { agent, session } = await deps.sessions.resolve(claims)
    if (agent.mustChangePassword) return refuse(CLOSE_CODES.AUTH_FAILED, 'password change required')
    return { ok: true, actor: { role: 'agent', agent, session } }
  } catch {
    return refuse(CLOSE_CODES.AUTH_FAILED, 'session revoked')
  }
}
