// Rate limits answer in Tandem's error shape. Limits per address use @fastify/rate-limit; it runs
// only one limiter per request, so the per-account login limit is a small counter of its own.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { TandemError } from '../errors.ts'

const limitError = (retryAfterSeconds: number) =>
  new TandemError('ERR_RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s.`)

export async function installRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => limitError(Math.ceil(context.ttl / 1000)),
  })
}

/** Keys remembered at most, so a flood of made-up emails cannot grow memory without bound. */
const MAX_TRACKED_KEYS = 10_000

/**
 * Counts attempts per key in fixed windows; `check` throws ERR_RATE_LIMITED once a key is over.
 * Held per process: behind several processes each allows `max`, which still bounds guessing.
 */
export function attemptLimiter({ max, windowMs }: { max: number; windowMs: number }) {
  const windows = new Map<string, { count: number; resetAt: number }>()

  function prune(now: number) {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key)
    // Still full of live keys: forget the oldest rather than refuse everyone.
    for (const key of windows.keys()) {
      if (windows.size < MAX_TRACKED_KEYS) break
      windows.delete(key)
    }
  }

  return {
    check(key: string, reply: FastifyReply): void {
      const now = Date.now()
      let window = windows.get(key)
      if (!window || window.resetAt <= now) {
        if (windows.size >= MAX_TRACKED_KEYS) prune(now)
        window = { count: 0, resetAt: now + windowMs }
        windows.set(key, window)
      }
      window.count++
      if (window.count > max) {
        const retryAfterSeconds = Math.ceil((window.resetAt - now) / 1000)
        reply.header('retry-after', retryAfterSeconds)
        throw limitError(retryAfterSeconds)
      }
    },
  }
}
