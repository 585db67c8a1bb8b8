// The load client of the REST benchmark, in its own process: runs autocannon (its programmatic API)
// against each target in the order given, one after another, and prints one JSON line of figures.
// It only reads from 127.0.0.1 and stops by itself.
//
//   node --import tsx bench/lib/rest-client.ts '{"connections":10,"hardLimitMs":60000,"runsFile":"/tmp/runs.json"}'
//
// It is started alongside the servers, since loading takes a while on a busy machine, and waits for
// `runsFile` ({"runs": RestRun[]}), written once they listen; no runs (a server failed) ends it.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export interface RestRun {
  /** Which target: the figures are grouped by it. */
  name: string
  url: string
  headers: Record<string, string>
  durationS: number
  /** A warm-up run: made, then left out of the figures. */
  warmup?: boolean
}

interface Options {
  connections: number
  hardLimitMs: number
  runsFile: string
}

export interface RestFigures {
  name: string
  warmup: boolean
  reqPerSec: number
  /** autocannon records latency in whole milliseconds. */
  p50Ms: number
  p99Ms: number
  /** 2xx answers, the only ones whose latency autocannon counts. */
  ok: number
  non2xx: number
  errors: number
  timeouts: number
  /** Body and headers of one answer. */
  bytesPerReply: number
}

/** The part of autocannon's options and result used here (it ships no types). */
interface Autocannon {
  (options: { url: string; headers: Record<string, string>; connections: number; duration: number }): Promise<{
    duration: number
    non2xx: number
    errors: number
    timeouts: number
    latency: { p50: number; p99: number; totalCount: number }
    throughput: { total: number }
  }>
}
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const options = JSON.parse(process.argv[2] ?? '{}') as Options
setTimeout(() => {
  process.stderr.write('rest-client: hard time limit reached\n')
  process.exit(2)
}, options.hardLimitMs).unref()

while (!existsSync(options.runsFile)) await new Promise((r) => setTimeout(r, 50))
const { runs } = JSON.parse(readFileSync(options.runsFile, 'utf8')) as { runs: RestRun[] }

const host = (url: string) => new URL(url).hostname
const results: RestFigures[] = []
for (const run of runs) {
  if (host(run.url) !== '127.0.0.1') throw new Error(`rest-client reads 127.0.0.1 only, not ${run.url}`)
  const result = await autocannon({ url: run.url, headers: run.headers, connections: options.connections, duration: run.durationS })
  const ok = result.latency.totalCount
  results.push({
    name: run.name,
    warmup: run.warmup ?? false,
    reqPerSec: Math.round(ok / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerReply: ok > 0 ? Math.round(result.throughput.total / ok) : 0,
  })
}
process.stdout.write(JSON.stringify(results) + '\n')
process.exit(0)
