// Liveness and readiness for load balancers and orchestrators: /healthz says the process is up,
// /readyz that it can also reach its database, and how long work waits for the event loop.
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { EventLoopMonitor } from '../event-loop-delay.ts'
import type { Store } from '../store/store.ts'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { errorBody } from './error-handler.ts'

const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false })
const Milliseconds = Type.Number({ minimum: 0 })
const Ready = Type.Object(
  {
    status: Type.Literal('ready'),
    store: Type.String(),
    /** Over the last full minute (before the first one ends, so far). */
    eventLoopDelay: Type.Object({ p50Ms: Milliseconds, p99Ms: Milliseconds, maxMs: Milliseconds }, { additionalProperties: false }),
  },
  { additionalProperties: false },
)

export function healthRoutes(store: Store, eventLoop: EventLoopMonitor) {
  return async function register(app: FastifyInstance) {
    app.get('/healthz', { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' as const }))

    app.get('/readyz', { schema: { tags: ['health'], summary: 'The process is up and its database answers; how long work waited for the event loop', response: { 200: Ready, 503: ErrorBodySchema } } }, async (request, reply) => {
      try {
        await store.ping()
        return { status: 'ready' as const, store: store.kind, eventLoopDelay: eventLoop.figures() }
      } catch (error) {
        request.log.warn({ err: error }, 'store not reachable')
        return reply.status(503).send(errorBody('ERR_STORE_UNAVAILABLE'))
      }
    })
  }
}
