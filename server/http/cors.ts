// CORS answers each site's own allowed origins, on the visitor routes only (they carry the site key
// in the path). Every other route is for the agent app, served by Tandem itself, and gets no CORS
// headers, so no other origin's page can read its answers.
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import type { Store } from '../store/store.ts'
import { isAllowedOrigin } from './visitor-guards.ts'

const VISITOR_ROUTE = /^\/v1\/sites\/([^/?#]+)\/(?:visitors|widget-config)(?:[/?#]|$)/

export async function installCors(app: FastifyInstance, store: Store): Promise<void> {
  await app.register(cors, {
    delegator(request, callback) {
      const siteKey = VISITOR_ROUTE.exec(request.url ?? '')?.[1]
      const origin = request.headers.origin
      if (!siteKey || !origin) return callback(null, { origin: false })
      store.findSiteByKey(decodeURIComponent(siteKey)).then(
        (site) =>
          callback(null, {
            origin: site !== null && isAllowedOrigin(site, origin) ? origin : false,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type'],
            // Preflights are cached briefly, so a removed origin loses access soon.
            maxAge: 600,
          }),
        () => callback(null, { origin: false }),
      )
    },
  })
}
