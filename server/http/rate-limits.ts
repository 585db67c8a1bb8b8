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

/**
 * Keys one limiter remembers at most, so a flood of made-up emails cannot grow memory without bound
 * (an email is at most 254 characters: a few tens of MB at worst).
 */
export const MAX_TRACKED_KEYS = 50_000

export interface AttemptLimiterOptions {
  max: number
  windowMs: number
  /** Live keys held at most; see MAX_TRACKED_KEYS. */
  capacity?: number
  /** The clock windows are measured by; tests pass their own. */
  now?: () => number
}

/**
 * Counts attempts per key in fixed windows; `check` throws ERR_RATE_LIMITED once a key is over.
 * Full of live keys, it refuses new keys rather than forget one: forgetting would hand an attacker a
 * fresh count for the key they attack just by flooding others. Held per process: behind several
 * processes each allows `max`, which still bounds guessing.
 */
export function attemptLimiter({ max, windowMs, capacity = MAX_TRACKED_KEYS, now = Date.now }: AttemptLimiterOptions) {
  const windows = new Map<string, { count: number; resetAt: number }>()

  function forgetExpired(at: number) {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key)
  }

  function refuse(reply: Pick<FastifyReply, 'header'>, retryAfterMs: number): never {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
    reply.header('retry-after', retryAfterSeconds)
    throw limitError(retryAfterSeconds)
  }

  return {
    check(key: string, reply: Pick<FastifyReply, 'header'>): void {
      const at = now()
      let window = windows.get(key)
      if (!window || window.resetAt <= at) {
        windows.delete(key)
        if (windows.size >= capacity) forgetExpired(at)
        if (windows.size >= capacity) {
          // The soonest a slot frees up, which is when this key could be counted.
          let soonest = Infinity
          for (const live of windows.values()) soonest = Math.min(soonest, live.resetAt)
          refuse(reply, soonest - at)
        }
        window = { count: 0, resetAt: at + windowMs }
        windows.set(key, window)
      }
      window.count++
      if (window.count > max) refuse(reply, window.resetAt - at)
    },
  }
}
