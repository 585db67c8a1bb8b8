// Idle sockets: what one authenticated, silent visitor socket costs Tandem in memory, and how fast
// sockets connect and get their welcome, next to a plain `ws` server doing only hello/welcome.
import { measureIdle, openFilesLimit, type IdleRun, type IdleStep } from '../lib/idle-run.ts'
import { median } from '../lib/measure.ts'
import { fixed, ratio, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'

/** Descriptors each process needs besides its sockets (stdio, the database, tsx's files). */
const FD_HEADROOM = 100
/** Sockets in flight at once: enough to keep both processes busy, few enough not to time out. */
const BATCH = 100
/** Full mode does 2 repeats, and a 3rd only if it should end within this (the section's limit is 90 s). */
const FULL_BUDGET_MS = 75_000

interface Summary {
  rssKbPerSocket: number
  heapKbPerSocket: number
  externalKbPerSocket: number
  socketsPerSec: number
  serverCpuUsPerSocket: number | null
}

function summarise(steps: IdleStep[]): Summary {
  const cpu = steps.map((s) => s.serverCpuUsPerSocket).filter((v): v is number => v !== null)
  return {
    rssKbPerSocket: median(steps.map((s) => s.rssKbPerSocket)),
    heapKbPerSocket: median(steps.map((s) => s.heapKbPerSocket)),
    externalKbPerSocket: median(steps.map((s) => s.externalKbPerSocket)),
    socketsPerSec: median(steps.map((s) => s.socketsPerSec)),
    serverCpuUsPerSocket: cpu.length ? median(cpu) : null,
  }
}

export const sockets: Section = {
  name: 'sockets',
  async run({ quick, log }) {
    const counts = quick ? [200] : [1000, 5000]
    const [minRepeats, maxRepeats] = quick ? [1, 1] : [2, 3]
    const sectionStart = performance.now()
    const options = { batch: BATCH, warmup: quick ? 50 : 200, hardLimitMs: quick ? 20_000 : 60_000 }
    const fdLimit = openFilesLimit()
    // Steps of one run, each sampled: the server holds 1000 sockets, then 5000 (1000 + 4000 more).
    const runnable = counts.filter((n) => fdLimit === null || fdLimit >= n + FD_HEADROOM)
    const skipped = counts.filter((n) => !runnable.includes(n))

    const runs: IdleRun[] = []
    let repeats = 0
    let lastRepeatMs = 0
    while (repeats < maxRepeats) {
      if (repeats >= minRepeats && performance.now() - sectionStart + lastRepeatMs > FULL_BUDGET_MS) break
      const repeat = repeats++
      const repeatStart = performance.now()
      // Alternating which goes first, so a drift of the machine's load favours neither.
      const order = repeat % 2 === 0 ? (['tandem', 'baseline'] as const) : (['baseline', 'tandem'] as const)
      for (const kind of order) {
        log(`sockets: ${kind}, ${runnable.join(' then ')} sockets, repeat ${repeat + 1}`)
        if (runnable.length) runs.push(await measureIdle(kind, runnable, options))
      }
      lastRepeatMs = performance.now() - repeatStart
    }

    const rows: (string | number | null)[][] = []
    const figures: Record<string, unknown> = { repeats, batch: BATCH, fdLimit, skipped, runs }
    const problems: string[] = []
    for (const count of runnable) {
      const of = (kind: IdleRun['kind']) => runs.filter((r) => r.kind === kind).flatMap((r) => r.steps.filter((_, i) => runnable[i] === count))
      const tandem = summarise(of('tandem'))
      const baseline = summarise(of('baseline'))
      figures[`n${count}`] = { tandem, baseline }
      for (const kind of ['tandem', 'baseline'] as const) {
        const failedStep = of(kind).find((s) => s.failed > 0)
        if (failedStep) problems.push(`${kind} at ${count}: ${failedStep.failed} sockets were not welcomed (first: ${failedStep.firstError}).`)
      }
      rows.push(
        [count, 'RSS per socket (KB)', fixed(tandem.rssKbPerSocket), fixed(baseline.rssKbPerSocket), ratio(tandem.rssKbPerSocket, baseline.rssKbPerSocket)],
        [count, 'JS heap per socket (KB)', fixed(tandem.heapKbPerSocket), fixed(baseline.heapKbPerSocket), ratio(tandem.heapKbPerSocket, baseline.heapKbPerSocket)],
        [count, 'external per socket (KB)', fixed(tandem.externalKbPerSocket, 2), fixed(baseline.externalKbPerSocket, 2), null],
        [count, 'connect + hello → welcome (sockets/s)', fixed(tandem.socketsPerSec, 0), fixed(baseline.socketsPerSec, 0), ratio(tandem.socketsPerSec, baseline.socketsPerSec)],
        [count, 'server CPU per connect (µs)', fixed(tandem.serverCpuUsPerSocket, 0), fixed(baseline.serverCpuUsPerSocket, 0), ratio(tandem.serverCpuUsPerSocket, baseline.serverCpuUsPerSocket)],
      )
    }

    const notes = [
      `Each run starts a fresh server process (\`node --expose-gc\`): Tandem (the production app on SQLite, seeded with one visitor per socket) or a plain \`ws\` server that checks the Origin and answers hello with welcome. ` +
        `A separate client process opens visitor sockets on 127.0.0.1 until ${runnable.join(', then ') || 'no'} are open, ${BATCH} at a time, each sending hello and waiting for its welcome, and keeps them open and silent. ` +
        `The server collects garbage twice and reports its memory before the sockets connect (after ${options.warmup} warm-up sockets came and went) and at each count once all are welcomed; per socket is the difference over the sockets open. ` +
        (repeats > 1 ? `Figures are medians of ${repeats} interleaved repeats (Tandem and baseline alternating which goes first; a 3rd only when time allows); ` : 'One run each; ') +
        `the rate and CPU are those of the sockets connected in each step${runnable.length > 1 ? ` (at ${runnable.at(-1)}, the last ${runnable.at(-1)! - runnable.at(-2)!}, with the others open)` : ''}, from its first connect to its last welcome. ` +
        `RSS moves in steps: after start-up V8 keeps pages it has freed and refills them first, so RSS per socket understates at small counts (it can even come out negative); the JS heap figure is the steadier one.`,
    ]
    if (skipped.length) notes.push(`Skipped ${skipped.join(', ')} sockets: \`ulimit -n\` is ${fdLimit}, below the count plus ${FD_HEADROOM}; raise it in the shell that runs the bench.`)
    notes.push(...problems)
    return {
      title: 'Idle sockets: memory and connect rate',
      markdown: `${notes.join('\n\n')}\n\n${table(['sockets', 'figure', 'Tandem', 'plain ws', 'Tandem / ws'], rows)}`,
      figures,
    }
  },
}
