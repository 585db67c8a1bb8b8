// REST history reads: how many reads of a 50-message page Tandem answers per second, and how fast,
// next to a plain Fastify route answering a body of the same size.
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from '../lib/measure.ts'
import { runClient, startProcess, TSX, type Started } from '../lib/processes.ts'
import { fixed, ratio, table } from '../lib/report.ts'
import type { RestFigures, RestRun } from '../lib/rest-client.ts'
import type { RestFixture } from '../lib/rest-fixture.ts'
import type { Section } from '../lib/section.ts'

/** A page of this many messages: a support chat of a few minutes, read when an agent opens it. */
const MESSAGES = 50
const CONNECTIONS = 10
const READS = [
  ['baseline', 'plain Fastify route'],
  ['agent', 'Tandem, agent history'],
  ['visitor', 'Tandem, visitor history'],
] as const

interface Summary {
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  bytesPerReply: number
  refused: number
}

function summarise(runs: RestFigures[]): Summary {
  return {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    bytesPerReply: median(runs.map((r) => r.bytesPerReply)),
    refused: runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  }
}

export const rest: Section = {
  name: 'rest',
  async run({ quick, log }) {
    const durationS = quick ? 1 : 5
    const repeats = quick ? 1 : 2
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-rest-'))
    const replyPath = join(dir, 'reply.json')
    const runsPath = join(dir, 'runs.json')
    /** Hands the waiting client its runs; written whole (renamed into place) so it never reads half. */
    const giveRuns = (runs: RestRun[]) => {
      writeFileSync(`${runsPath}.tmp`, JSON.stringify({ runs }))
      renameSync(`${runsPath}.tmp`, runsPath)
    }
    // Interleaved: baseline, agent, visitor, then again, so a drift of the machine's load is shared.
    const order: { name: (typeof READS)[number][0]; durationS: number; warmup?: boolean }[] = []
    if (!quick) for (const [name] of READS) order.push({ name, durationS: 1, warmup: true })
    for (let repeat = 0; repeat < repeats; repeat++) for (const [name] of READS) order.push({ name, durationS })
    const totalS = order.reduce((sum, r) => sum + r.durationS, 0)
    const started: Started[] = []
    log('rest: starting Tandem (seeding the conversation), the baseline and the load client')
    // The client loads while the servers start, then waits for its runs.
    const client = runClient<RestFigures[]>('bench/lib/rest-client.ts', { connections: CONNECTIONS, hardLimitMs: (totalS + 60) * 1000, runsFile: runsPath }, (totalS + 90) * 1000)
    // Its failure is read where it is awaited; until then it must not count as unhandled.
    client.catch(() => {})
    let runsGiven = false
    try {
      const tandemFixture = join(dir, 'tandem.json')
      const baselineFixture = join(dir, 'baseline.json')
      const tandemEnv = { DATA_DIR: join(dir, 'data'), BENCH_FIXTURE: tandemFixture, BENCH_REPLY: replyPath, BENCH_MESSAGES: String(MESSAGES) }
      // Side by side: the baseline reads the reply Tandem records only when first asked for it.
      const servers = await Promise.allSettled([
        startProcess([...TSX, 'bench/lib/rest-server.ts'], tandemEnv, /^ready$/),
        startProcess([...TSX, 'bench/lib/rest-baseline.ts'], { BENCH_FIXTURE: baselineFixture, BENCH_REPLY: replyPath }, /^ready$/),
      ])
      for (const server of servers) if (server.status === 'fulfilled') started.push(server.value)
      for (const server of servers) if (server.status === 'rejected') throw server.reason
      const fixtures = [tandemFixture, baselineFixture].map((path) => JSON.parse(readFileSync(path, 'utf8')) as RestFixture)
      const targets = Object.assign({}, ...fixtures.map((f) => f.targets)) as RestFixture['targets']
      const replyBytes = fixtures[0]!.replyBytes

      log(`rest: ${order.length} autocannon runs of ${durationS} s`)
      giveRuns(order.map((run) => ({ ...run, ...targets[run.name]! })))
      runsGiven = true
      const results = await client
      const measured = results.filter((r) => !r.warmup)

      const summaries = Object.fromEntries(READS.map(([name]) => [name, summarise(measured.filter((r) => r.name === name))])) as Record<(typeof READS)[number][0], Summary>
      const baseline = summaries.baseline
      const rows = READS.map(([name, label]) => {
        const s = summaries[name]
        const isBaseline = name === 'baseline'
        return [label, fixed(s.reqPerSec, 0), fixed(s.p50Ms, 0), fixed(s.p99Ms, 0), isBaseline ? null : ratio(s.reqPerSec, baseline.reqPerSec), isBaseline ? null : ratio(s.p99Ms, baseline.p99Ms)]
      })
      const refused = READS.filter(([name]) => summaries[name].refused > 0).map(([name]) => `${name}: ${summaries[name].refused}`)
      const notes = [
        `Tandem (the production app on SQLite, in its own process) holds one conversation of ${MESSAGES} messages (~120 characters each, stored through the Store); ` +
          `its agent reads \`GET /v1/conversations/:id/messages?limit=${MESSAGES}\` with a Bearer access token, and its visitor the same page from \`GET /v1/sites/:siteKey/visitors/me/conversations/:id/messages\` with the visitor token and the site's Origin. ` +
          `The baseline is a plain Fastify app (same version) in another process whose one GET route answers that reply (${replyBytes} bytes of JSON). ` +
          `autocannon runs in a third process, ${CONNECTIONS} connections, ${durationS} s per run${quick ? '' : ' after a 1 s warm-up of each'}; ` +
          `figures are ${repeats > 1 ? `${repeats === 2 ? 'means' : 'medians'} of ${repeats} interleaved repeats` : 'from one run each'} (baseline, agent, visitor${repeats > 1 ? ', baseline, …' : ''}). Latencies are autocannon's, in whole milliseconds.`,
      ]
      if (refused.length) notes.push(`Answers other than 2xx, errors or timeouts (${refused.join(', ')}): those reads are not in the latencies.`)
      return {
        title: 'REST history reads',
        markdown: `${notes.join('\n\n')}\n\n${table(['read', 'req/s', 'p50 (ms)', 'p99 (ms)', 'req/s vs baseline', 'p99 vs baseline'], rows)}`,
        figures: { messages: MESSAGES, replyBytes, connections: CONNECTIONS, durationS, repeats, ...summaries, runs: results },
      }
    } finally {
      if (!runsGiven) {
        giveRuns([])
        await client.catch(() => {})
      }
      await Promise.all(started.map((s) => s.stop()))
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
