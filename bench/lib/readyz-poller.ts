// Polls a server's GET /readyz while something runs against it: the event-loop delay the server
// reports of itself (server/event-loop-delay.ts), and how long /readyz itself takes to answer, a
// second well-behaved client's view over HTTP. Only 127.0.0.1.
import type { EventLoopDelay } from '../../server/event-loop-delay.ts'

/** Often enough to see a stall of a few hundred ms begin and end; cheap for the server. */
const POLL_INTERVAL_MS = 250
/** A poll not answered by then counts as a failure (and with this long as its answer time). */
const POLL_TIMEOUT_MS = 5000

export interface ReadyzFigures {
  polls: number
  failed: number
  /** The highest p99 and max the server reported in any poll. */
  loopP99MaxMs: number | null
  loopMaxMs: number | null
  /** What the first poll (before the attack) reported: the server's start-up and idle. */
  atStart: EventLoopDelay | null
  /** How long the slowest /readyz took to answer (the first poll, before the attack, not counted). */
  answerMaxMs: number | null
}

export interface ReadyzPoller {
  /** Stops polling (after one last poll) and returns what was seen. */
  stop(): Promise<ReadyzFigures>
}

/** Polls `${url}/readyz` once at once, then every POLL_INTERVAL_MS until stopped. */
export async function pollReadyz(url: string): Promise<ReadyzPoller> {
  const base = new URL(url)
  if (base.hostname !== '127.0.0.1') throw new Error('readyz-poller polls 127.0.0.1 only')
  const seen: EventLoopDelay[] = []
  const answers: number[] = []
  let failed = 0

  /** One poll; `timed`: its answer time counts (the first one's also pays for this process's first fetch). */
  async function poll(timed = true): Promise<void> {
    const at = performance.now()
    try {
      const res = await fetch(new URL('/readyz', base), { signal: AbortSignal.timeout(POLL_TIMEOUT_MS) })
      const body = (await res.json()) as { eventLoopDelay?: EventLoopDelay }
      if (timed) answers.push(performance.now() - at)
      if (res.status === 200 && body.eventLoopDelay) seen.push(body.eventLoopDelay)
      else failed++
    } catch {
      if (timed) answers.push(performance.now() - at)
      failed++
    }
  }

  await poll(false)
  const atStart = seen[0] ?? null
  let stopped = false
  // One poll at a time: a stalled server gets no pile of requests from the poller itself.
  const loop = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS))
      if (!stopped) await poll()
    }
  })()

  return {
    async stop() {
      stopped = true
      await loop
      await poll()
      const max = (values: number[]) => (values.length ? Math.max(...values) : null)
      return {
        polls: answers.length + 1,
        failed,
        loopP99MaxMs: max(seen.map((f) => f.p99Ms)),
        loopMaxMs: max(seen.map((f) => f.maxMs)),
        atStart,
        answerMaxMs: answers.length ? Math.round(Math.max(...answers) * 10) / 10 : null,
      }
    },
  }
}
