// Builds the Fastify application from its parts. It never listens: main.ts does, and tests use
// app.inject() or listen on port 0 themselves.
import Fastify, { type FastifyInstance } from 'fastify'
import type { Config } from './config.ts'
import { installErrorHandling } from './http/error-handler.ts'
import { healthRoutes } from './http/health-routes.ts'
import type { Store } from './store/store.ts'

/** Bodies larger than this are refused with ERR_REQUEST_TOO_LARGE (bulk article imports fit). */
export const MAX_BODY_BYTES = 1024 * 1024

export interface AppDeps {
  store: Store
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: MAX_BODY_BYTES,
    // Each request gets an id in every log line it causes.
    requestIdLogLabel: 'requestId',
    ajv: {
      // Refuse what doesn't match instead of quietly fixing it.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false },
    },
  })
  // The API speaks JSON only: anything else is a 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain')
  installErrorHandling(app)
  await app.register(healthRoutes(deps.store))
  return app
}
