import t from 'tap'
import { delayFigures, delayWarning, EVENT_LOOP_P99_WARN_MS } from '../../server/event-loop-delay.ts'

const histogram = (count: number, p50Ns: number, p99Ns: number, maxNs: number) => ({
  count,
  max: maxNs,
  percentile: (p: number) => (p === 50 ? p50Ns : p99Ns),
})

t.test("a minute's histogram is read in milliseconds, and as zeros before any sample", async (t) => {
  t.same(delayFigures(histogram(600, 10_123_456, 150_000_000, 312_500_000)), { p50Ms: 10.1, p99Ms: 150, maxMs: 312.5 })
  t.same(delayFigures(histogram(0, 511, 511, 0)), { p50Ms: 0, p99Ms: 0, maxMs: 0 })
})

t.test('a minute whose p99 is over 100 ms is warned about, naming the figures; one at or under it is not', async (t) => {
  t.equal(EVENT_LOOP_P99_WARN_MS, 100)
  t.equal(delayWarning({ p50Ms: 10, p99Ms: 100, maxMs: 900 }), null, 'a single long pause with p99 in bounds is not a trend')
  t.equal(delayWarning({ p50Ms: 10, p99Ms: 12, maxMs: 20 }), null)
  t.match(delayWarning({ p50Ms: 40, p99Ms: 180.5, maxMs: 420 }), /p99 was 180\.5 ms .*max 420 ms.*above 100 ms/)
  t.equal(delayWarning({ p50Ms: 40, p99Ms: 180, maxMs: 420 }, 200), null, 'the threshold can be given')
})
