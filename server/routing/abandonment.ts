// Resolves conversations nobody has written in for the configured time, so a customer who walked away
// does not hold an agent's place forever. Runs on a timer in every process; the Store's transitions
// make each resolution happen once.
import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/store.ts'
import type { Routing } from './routing.ts'

/** Conversations looked at per sweep at most: a backlog is worked off over several sweeps. */
export const SWEEP_MAX_CONVERSATIONS = 1000
const SWEEP_PAGE = 100

export interface AbandonmentDeps {
  store: Store
  routing: Routing
  /** Quiet for this long: abandoned. 0 turns the sweep off. */
  abandonAfterMs: number
  log: FastifyBaseLogger
  now?: () => Date
}

export type AbandonmentSweep = ReturnType<typeof abandonmentSweep>

export function abandonmentSweep({ store, routing, abandonAfterMs, log, now = () => new Date() }: AbandonmentDeps) {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<number> | null = null

  async function sweepNow(): Promise<number> {
    const cutoff = new Date(now().getTime() - abandonAfterMs)
    const minutes = Math.round(abandonAfterMs / 60_000)
    let resolved = 0
    let seen = 0
    let cursor: string | null = null
    do {
      const page = await store.listIdleConversations(cutoff, { limit: SWEEP_PAGE, cursor })
      for (const conversation of page.items) {
        if (await routing.resolveAbandoned(conversation, cutoff, minutes)) resolved++
      }
      seen += page.items.length
      cursor = page.nextCursor
    } while (cursor && seen < SWEEP_MAX_CONVERSATIONS)
    return resolved
  }

  /** One sweep; returns how many conversations it resolved. Sweeps never overlap. */
  function sweep(): Promise<number> {
    if (abandonAfterMs <= 0) return Promise.resolve(0)
    running ??= sweepNow().finally(() => {
      running = null
    })
    return running
  }

  return {
    sweep,
    /** Sweeps every `everyMs` (by default a tenth of the abandonment time, at least every 5 minutes). */
    start(everyMs = Math.min(Math.max(abandonAfterMs / 10, 1000), 5 * 60_000)): void {
      if (abandonAfterMs <= 0 || timer) return
      timer = setInterval(() => {
        sweep().catch((error: unknown) => log.error({ err: error }, 'the abandonment sweep failed'))
      }, everyMs)
      timer.unref()
    },
    /** Stops the timer and waits for a sweep in progress, so nothing touches the store after. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      await running?.catch(() => undefined)
    },
  }
}
