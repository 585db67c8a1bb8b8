// Who is calling, for visitor routes: the site named by the key in the path, a page on one of that
// site's allowed origins (checked here on the server, not only by the browser's CORS), and for most
// routes the visitor token the widget keeps, looked up by its hash on that site only.
import type { FastifyRequest } from 'fastify'
import { TandemError } from '../errors.ts'
import { hashToken } from '../secrets.ts'
import type { Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { bearerToken } from './agent-guards.ts'
import type { Guard, VisitorAuth } from './api-context.ts'
import type { RefusedOrigins } from '../refused-origins.ts'

export function isAllowedOrigin(site: Site, origin: string | undefined): boolean {
  return origin !== undefined && site.allowedOrigins.includes(origin)
}

/**
 * The origin of the page calling. Browsers leave Origin out of a same-origin GET (a page Tandem serves
 * itself, such as the demo shop, reading its widget's settings); they then say so in Sec-Fetch-Site,
 * which no page can set, and the page's origin is this server's as the request names it.
 */
export function callerOrigin(request: FastifyRequest): string | undefined {
  if (request.headers.origin !== undefined) return request.headers.origin
  if (request.headers['sec-fetch-site'] !== 'same-origin') return undefined
  try {
    return new URL(`${request.protocol}://${request.host}`).origin
  } catch {
    return undefined
  }
}

export function visitorGuards(store: Store, refused: RefusedOrigins): { requireSiteOrigin: Guard; requireVisitor: Guard } {
  const requireSiteOrigin: Guard = async (request) => {
    const { siteKey } = request.params as { siteKey: string }
    const site = await store.findSiteByKey(siteKey)
    if (!site) throw new TandemError('ERR_SITE_NOT_FOUND')
    const origin = callerOrigin(request)
    // Someone calling by hand (curl, a server) is told what is missing, not that their page is refused.
    if (origin === undefined) throw new TandemError('ERR_SITE_ORIGIN_NOT_ALLOWED', "This request has no Origin header; the widget sends one from the site's page.")
    if (!isAllowedOrigin(site, origin)) {
      refused.note(site, origin, 'http', request.ip)
      throw new TandemError('ERR_SITE_ORIGIN_NOT_ALLOWED')
    }
    request.site = site
  }

  const requireVisitor: Guard = async (request, reply) => {
    await requireSiteOrigin(request, reply)
    const site = request.site as Site
    const token = bearerToken(request)
    const visitor = token ? await store.findVisitorByTokenHash(site.workspaceId, site.id, hashToken(token)) : null
    if (!visitor) throw new TandemError('ERR_VISITOR_TOKEN_INVALID')
    if (visitor.blocked) throw new TandemError('ERR_VISITOR_BLOCKED')
    request.visitorAuth = { site, visitor }
  }

  return { requireSiteOrigin, requireVisitor }
}

/** The caller of a route guarded by requireVisitor. */
export function visitorOf(request: FastifyRequest): VisitorAuth {
  if (!request.visitorAuth) throw new TandemError('ERR_VISITOR_TOKEN_INVALID')
  return request.visitorAuth
}
