// The relay: customer↔agent messages through Tandem (every message durable before its ack) against
// a plain `ws` relay with no persistence, driven by the same load client, runs interleaved.
import { startMongo, type TestMongo } from '../../test/helpers/ferretdb.ts'
import type { RelayFigures } from '../lib/relay-client.ts'
import { median } from '../lib/measure.ts'
import { runClient, startRelayServer, type RelayServer } from '../lib/processes.ts'
import { fixed, ratio, table } from '../lib/report.ts'
import type { Section, SectionContext } from '../lib/section.ts'

/** A team of 20 agents, as in the measurements: each holds pairs / 20 conversations. */
const AGENTS = 20
/** MongoDB's closed loop at 1,000 pairs: a warm-up long enough for whole rounds, and a window to see several. */
const SLOW_WARMUP_MS = 10_000
const SLOW_MEASURE_MS = 10_000
const MONGO_SECRETS = { JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789', SERVER_KEY: '11'.repeat(32) }

interface Scenario {
  name: string
  pairs: number
  /** Agent sockets of the workspace (AGENTS unless set): each gets every conversation's summaries, and full frames of those it holds. */
  agents?: number
  mode: 'closed' | 'open'
  rate?: number
}

interface Target {
  name: string
  kind: 'baseline' | 'tandem'
  env: () => Record<string, string>
}

interface Run {
  scenario: string
  target: string
  figures: RelayFigures
}

function plan(quick: boolean): { scenarios: Scenario[]; repeats: number; warmupMs: number; measureMs: number; drainMs: number } {
  if (quick) {
    return {
      scenarios: [
        { name: 'closed, 10 pairs', pairs: 10, mode: 'closed' },
        { name: 'open, 10 pairs, 100 msgs/s', pairs: 10, mode: 'open', rate: 100 },
      ],
      repeats: 1,
      warmupMs: 200,
      measureMs: 500,
      drainMs: 1000,
    }
  }
  return {
    scenarios: [
      { name: 'closed, 100 pairs', pairs: 100, mode: 'closed' },
      { name: 'closed, 100 pairs, 2 agents', pairs: 100, agents: 2, mode: 'closed' },
      { name: 'closed, 1,000 pairs', pairs: 1000, mode: 'closed' },
      { name: 'open, 1,000 pairs, 2,000 msgs/s', pairs: 1000, mode: 'open', rate: 2000 },
    ],
    repeats: 3,
    warmupMs: 1000,
    measureMs: 3000,
    drainMs: 5000,
  }
}

function client(server: RelayServer, scenario: Scenario, timing: ReturnType<typeof plan>): Promise<RelayFigures> {
  return runClient<RelayFigures>(
    'bench/lib/relay-client.ts',
    { fixture: server.fixturePath, mode: scenario.mode, rate: scenario.rate, warmupMs: timing.warmupMs, measureMs: timing.measureMs, drainMs: timing.drainMs, serverPid: server.pid },
    timing.warmupMs + timing.measureMs + timing.drainMs + 120_000,
  )
}

/** A fresh server process for each run, so no run inherits another's data or warmed caches. */
async function oneRun(context: SectionContext, scenario: Scenario, target: Target, timing: ReturnType<typeof plan>): Promise<RelayFigures> {
  const server = await startRelayServer(target.kind, scenario.pairs, scenario.agents ?? AGENTS, target.env())
  try {
    // On FerretDB one closed-loop round of 1,000 messages takes seconds: the window starts after it.
    const slow = target.name.includes('MongoDB') && scenario.pairs >= 1000 && scenario.mode === 'closed'
    return await client(server, scenario, slow ? { ...timing, warmupMs: SLOW_WARMUP_MS, measureMs: SLOW_MEASURE_MS } : timing)
  } finally {
    await server.stop()
    context.log(`relay: ${scenario.name}, ${target.name} done`)
  }
}

/** --quick: one server per target serves every scenario in turn (all of the same size): the paths, not the figures. */
async function quickRuns(context: SectionContext, targets: Target[], timing: ReturnType<typeof plan>): Promise<Run[]> {
  const runs: Run[] = []
  // FULL differs from NORMAL by one pragma, and MongoDB's open loop by nothing the closed one misses.
  for (const target of targets.filter((t) => !t.name.endsWith('FULL'))) {
    const server = await startRelayServer(target.kind, timing.scenarios[0]!.pairs, AGENTS, target.env())
    try {
      for (const scenario of timing.scenarios) {
        if (scenario.mode === 'open' && target.name.includes('MongoDB')) continue
        runs.push({ scenario: scenario.name, target: target.name, figures: await client(server, scenario, timing) })
      }
    } finally {
      await server.stop()
    }
    context.log(`relay: ${target.name} done`)
  }
  return runs
}

export const relay: Section = {
  name: 'relay',
  async run(context) {
    const timing = plan(context.quick)
    let mongo: TestMongo | null = null
    try {
      mongo = await startMongo()
    } catch (error) {
      context.log(`relay: no MongoDB for the MongoDB rows (${(error as Error).message.split('\n')[0]})`)
    }
    let mongoRun = 0
    const mongoUri = () => {
      const base = mongo!.uri.replace(/\/[^/]*$/, '')
      return { MONGO_URI: `${base}/bench_${process.pid}_${mongoRun++}`, ...MONGO_SECRETS }
    }
    const targets: Target[] = [
      { name: 'plain ws', kind: 'baseline', env: () => ({}) },
      { name: 'Tandem, SQLite', kind: 'tandem', env: () => ({}) },
      { name: 'Tandem, SQLite FULL', kind: 'tandem', env: () => ({ SQLITE_SYNCHRONOUS: 'FULL' }) },
      ...(mongo ? [{ name: `Tandem, MongoDB (${process.env.MONGO_URI ? 'MONGO_URI' : 'FerretDB'})`, kind: 'tandem' as const, env: mongoUri }] : []),
    ]
    let runs: Run[] = []
    const failures: string[] = []
    try {
      if (context.quick) runs = await quickRuns(context, targets, timing)
      // Interleaved: every target once per scenario, then again, so a noisy minute hits them all.
      else {
        for (let repeat = 0; repeat < timing.repeats; repeat++) {
          for (const scenario of timing.scenarios) {
            for (const target of targets) {
              // FULL is measured where it costs most (1,000 pairs, closed), twice; MongoDB at 100 pairs
              // twice and at 1,000 once: FerretDB seeds and connects 1,000 pairs slowly, and the
              // whole run must stay under 10 minutes.
              if (target.name.endsWith('FULL') && (scenario.pairs < 1000 || scenario.mode === 'open' || repeat >= 2)) continue
              if (target.name.includes('MongoDB') && repeat >= (scenario.pairs < 1000 ? 2 : 1)) continue
              // The team-size comparison is the fan-out's cost, the same on any store.
              if (scenario.agents !== undefined && target.name !== 'plain ws' && target.name !== 'Tandem, SQLite') continue
              try {
                runs.push({ scenario: scenario.name, target: target.name, figures: await oneRun(context, scenario, target, timing) })
              } catch (error) {
                // One run that fails (a server that never got ready, a client past its limit) is named
                // under the table; the others' figures stand.
                const reason = ((error as Error)?.message ?? String(error)).split('\n')[0]
                failures.push(`${scenario.name}, ${target.name}: ${reason}`)
                context.log(`relay: ${scenario.name}, ${target.name} failed: ${reason}`)
              }
            }
          }
        }
      }
    } finally {
      await mongo?.stop()
    }

    const pick = (scenario: string, target: string) => runs.filter((r) => r.scenario === scenario && r.target === target).map((r) => r.figures)
    const med = (figures: RelayFigures[], key: keyof RelayFigures) => (figures.length ? median(figures.map((f) => Number(f[key]))) : null)
    const rows: (string | number | null)[][] = []
    const figures: Record<string, unknown> = { runs }
    for (const scenario of timing.scenarios) {
      const base = pick(scenario.name, 'plain ws')
      for (const target of targets) {
        const mine = pick(scenario.name, target.name)
        if (mine.length === 0) continue
        const throughput = med(mine, 'msgsPerSec')
        const cpu = med(mine, 'cpuUsPerMsg')
        const p99 = med(mine, 'p99Ms')
        figures[`${scenario.name} / ${target.name}`] = { msgsPerSec: throughput, p50Ms: med(mine, 'p50Ms'), p99Ms: p99, p999Ms: med(mine, 'p999Ms'), maxMs: med(mine, 'maxMs'), cpuUsPerMsg: cpu, throughputRatio: throughput !== null && med(base, 'msgsPerSec') ? throughput / med(base, 'msgsPerSec')! : null }
        rows.push([
          scenario.name,
          target.name,
          mine.length,
          throughput,
          target.kind === 'baseline' ? '1×' : ratio(throughput, med(base, 'msgsPerSec')),
          fixed(med(mine, 'p50Ms'), 1),
          fixed(p99, 1),
          scenario.mode === 'open' ? fixed(med(mine, 'maxMs'), 1) : fixed(med(mine, 'p999Ms'), 1),
          cpu,
          target.kind === 'baseline' ? '1×' : ratio(cpu, med(base, 'cpuUsPerMsg'), 1),
          mine.reduce((n, f) => n + f.undelivered + f.errors, 0),
        ])
      }
    }
    const markdown = [
      `The load client (its own process) holds ${AGENTS} agent sockets (2 where the scenario says so) and one customer socket per pair; each agent holds an equal share of the conversations. ` +
        `Closed loop: one message in flight per pair, the peer answers as soon as it receives it. Open loop: messages sent on a fixed schedule whatever the replies, latency counted from the scheduled time. ` +
        `~120-character messages; ${fixed(timing.warmupMs / 1000, 1)} s warm-up, then ${fixed(timing.measureMs / 1000, 1)} s measured (MongoDB's closed loop at 1,000 pairs: ${SLOW_WARMUP_MS / 1000} s and ${SLOW_MEASURE_MS / 1000} s, as one round takes it seconds); every run on a fresh server process; medians of the runs listed; runs interleaved across targets. ` +
        'Latency is one-way (send → the peer has the `message` frame). CPU is the server process\'s user + system time in the window over the messages delivered. ' +
        'The plain `ws` relay parses each frame, acks the sender and sends the peer the same `message` frame, with no store; Tandem stores every message (group commit) before its ack, sends its full frames only to the agent holding the conversation (or a socket watching it) and gives every agent socket the inbox summary.',
      '',
      table(
        ['scenario', 'target', 'runs', 'msgs/s', 'vs ws', 'p50 ms', 'p99 ms', 'p999 (closed) / max (open) ms', 'server CPU µs/msg', 'CPU vs ws', 'lost + errors'],
        rows,
      ),
      ...(failures.length > 0 ? ['', 'Runs that failed (not in the table):', '', ...failures.map((failure) => `- ${failure}`)] : []),
    ].join('\n')
    figures.failures = failures
    return { title: 'Relay: customer ↔ agent messages', markdown, figures }
  },
}
