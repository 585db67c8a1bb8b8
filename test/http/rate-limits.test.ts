import t from 'tap'
import { attemptLimiter } from '../../server/http/rate-limits.ts'

/** A limiter on a clock the test moves; `attempt` answers 'ok' or the refusal's code and Retry-After. */
function limiter(options: { max: number; windowMs: number; capacity: number }) {
  let nowMs = 1_000_000
  const limit = attemptLimiter({ ...options, now: () => nowMs })
  return {
    attempt(key: string): string {
      const headers: Record<string, unknown> = {}
      const reply = { header: (name: string, value: unknown) => ((headers[name] = value), reply) }
      try {
        limit.check(key, reply as never)
        return 'ok'
      } catch (error) {
        return `${(error as { code: string }).code} retry-after=${String(headers['retry-after'])}`
      }
    },
    advance(ms: number) {
      nowMs += ms
    },
  }
}

t.test('a key over its count is refused until its window ends, by the given clock', async (t) => {
  const { attempt, advance } = limiter({ max: 2, windowMs: 60_000, capacity: 10 })
  t.same([attempt('a'), attempt('a')], ['ok', 'ok'])
  t.equal(attempt('a'), 'ERR_RATE_LIMITED retry-after=60')
  advance(59_000)
  t.equal(attempt('a'), 'ERR_RATE_LIMITED retry-after=1')
  advance(1_000)
  t.equal(attempt('a'), 'ok', 'a new window')
})

t.test("flooding the limiter with other keys never resets the attacked key's count: new keys are refused instead", async (t) => {
  const { attempt, advance } = limiter({ max: 2, windowMs: 60_000, capacity: 3 })
  attempt('owner@acme.example')
  attempt('owner@acme.example')
  t.match(attempt('owner@acme.example'), /^ERR_RATE_LIMITED/)
  advance(10_000)
  t.same([attempt('flood1@x.example'), attempt('flood2@x.example')], ['ok', 'ok'], 'room for two more keys')
  t.equal(attempt('flood3@x.example'), 'ERR_RATE_LIMITED retry-after=50', 'full of live keys: a new key waits for the first slot to free')
  t.equal(attempt('owner@acme.example'), 'ERR_RATE_LIMITED retry-after=50', 'the attacked key is still counted')
  advance(50_000)
  t.equal(attempt('flood3@x.example'), 'ok', 'an expired window frees its slot')
})
