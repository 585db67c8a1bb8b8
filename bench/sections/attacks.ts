// One visitor attacking, one well-behaved client watching (issue [07], measured again by `npm run
// bench`): each attack of bench/attack-probe.ts against a fresh `npm start` server, with the
// server's own event-loop delay polled from /readyz meanwhile.
import { spawn } from 'node:child_process'
import { pollReadyz, type ReadyzFigures } from '../lib/readyz-poller.ts'
import { ROOT, TSX } from '../lib/processes.ts'
import { fixed, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'
import { startMainServer, type MainServer } from '../lib/tandem-main.ts'

/** What each attack is, in a few words, in the order the table shows them (none is the reference). */
const ATTACKS: { name: string; what: string }[] = [
  { name: 'none', what: 'only the probe (reference)' },
  { name: 'resume-amplification', what: '200 × 3,900-char messages, then 25 resumes × 100 points on a socket that stops reading' },
  { name: 'long-texts', what: '3 sockets, valid 4,000-char messages of shop words as fast as the frame rate allows' },
  { name: 'ai-flood', what: 'unmatched long AI questions: 4,000 chars of made-up words, 18/s into one conversation' },
  { name: 'regex', what: '3 sockets, 4,000-char texts ending in NUL (refused), at the frame rate' },
  { name: 'frame-flood', what: '4 sockets, 4,000-char frames at 100× the frame rate, reconnecting when closed' },
  { name: 'many-sockets', what: '500 sockets of one visitor, 25 handshakes at a time' },
]
const QUICK = ['none', 'long-texts']
const FULL_SECONDS = 6
const QUICK_SECONDS = 2
/** The probe's own hard limit (set-up 45 s + attack + drain + 10 s) and a margin for its start. */
const PROBE_TIMEOUT_MS = 90_000

interface ProbeLine {
  attack: string
  error?: string
  p50Ms: number
  p99Ms: number
  maxMs: number
  pings: number
  unanswered: number
  serverRssBeforeMb: number | null
  serverPeakRssMb: number | null
  [detail: string]: unknown
}

/** Runs attack-probe.ts to its end and parses the JSON line it prints (also on its own failure). */
function runProbe(args: string[]): Promise<ProbeLine> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, 'bench/attack-probe.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS)
    child.once('exit', (code) => {
      clearTimeout(timer)
      try {
        const line = JSON.parse(out.trim().split('\n').at(-1) ?? '') as ProbeLine
        if (line.error) throw new Error(line.error)
        resolve(line)
      } catch (error) {
        reject(new Error(`attack-probe ${args.join(' ')} failed (exit ${code}: ${(error as Error).message})\n${err}`))
      }
    })
  })
}

/** The server's answer to the attack, from the probe's details, in one cell. */
function outcome(line: ProbeLine): string {
  const d = line as Record<string, any>
  const closes = (c: unknown) => (c && typeof c === 'object' && Object.keys(c).length ? ` closes ${JSON.stringify(c)}` : '')
  switch (line.attack) {
    case 'resume-amplification':
      return `${d.readAfterPause?.mb} MB sent before close ${d.attackerClosedByServer}`
    case 'long-texts':
      return `${d.acked}/${d.messagesSent} acked, ${d.aiAnswers} AI answers${Object.keys(d.errors ?? {}).length ? `, refused ${JSON.stringify(d.errors)}` : ''}`
    case 'ai-flood':
      return `${d.acked}/${d.messagesSent} acked, ${d.aiAnswers} AI answers, ${d.handedOff ? 'handed off' : 'not handed off'}`
    case 'regex':
      return `${d.framesSent} sent: ${JSON.stringify(d.answers)}`
    case 'frame-flood':
      return `${d.framesSent} sent on ${d.socketsOpened} sockets, ${d.acked} stored, ${d.answers?.ERR_FRAME_RATE_LIMITED ?? 0} rate-limited,${closes(d.closedByServer) || ' no close'}`
    case 'many-sockets':
      return `${d.welcomed}/${d.socketsOpened} welcomed,${closes(d.closedByServer)}`
    default:
      return '–'
  }
}

/** One attack against `server`, which is stopped afterwards, with /readyz polled throughout. */
async function attack(name: string, server: MainServer, seconds: number): Promise<Row> {
  try {
    const poller = await pollReadyz(server.url)
    const args = ['--url', server.url, '--site', server.siteKey, '--origin', server.origin, '--attack', name, '--pid', String(server.pid), '--seconds', String(seconds)]
    const probe = await runProbe(args).catch(async (error: unknown) => {
      await poller.stop()
      throw error
    })
    return { attack: name, probe, readyz: await poller.stop() }
  } finally {
    await server.stop()
  }
}

interface Row {
  attack: string
  probe: ProbeLine
  readyz: ReadyzFigures
}

export const attacks: Section = {
  name: 'attacks',
  async run({ quick, log }) {
    const chosen = quick ? ATTACKS.filter((a) => QUICK.includes(a.name)) : ATTACKS
    const seconds = quick ? QUICK_SECONDS : FULL_SECONDS
    // Every visitor comes from 127.0.0.1: the per-address visitor limit is lifted, as in issue [07].
    const run = (name: string) => startMainServer({ VISITORS_PER_ADDRESS_PER_MINUTE: '10000' }).then((server) => attack(name, server, seconds))
    let rows: Row[] = []
    if (quick) {
      // Quick only proves the path works, within its time: its runs overlap, so its figures mean nothing.
      log(`attacks: ${chosen.map((a) => a.name).join(' and ')} (${seconds} s), at once, each on a fresh server`)
      rows = await Promise.all(chosen.map((a) => run(a.name)))
    } else {
      // One at a time, each server started only when its attack comes: nothing else runs beside it.
      for (const { name } of chosen) {
        log(`attacks: ${name} (${seconds} s) on a fresh server`)
        rows.push(await run(name))
      }
    }

    const what = new Map(ATTACKS.map((a) => [a.name, a.what]))
    const markdown = [
      `Each attack of \`bench/attack-probe.ts\` ran once for ${seconds} s against a fresh \`npm start\` server (SQLite in a temporary \`DATA_DIR\`, \`LOG_LEVEL=warn\`, \`VISITORS_PER_ADDRESS_PER_MINUTE=10000\`, the ai-first demo site), the probe and the attacker in one process of their own${quick ? '; quick: the runs overlapped, so the figures mean nothing' : ''}. ` +
        'The probe, another visitor, sends `{"type":"ping"}` every 100 ms and times each `pong` (one unanswered 3 s after the attack counts with the time it waited). ' +
        "Meanwhile `/readyz` was polled every 250 ms: its `eventLoopDelay` covers the server's life so far (under a minute here), start-up included, and counts the monitor's 10 ms sampling interval in, so an idle loop shows ~10 ms; the first poll (at start) shows what start-up left, the `none` row what the probe alone does. " +
        'One run each on a shared 2-core machine: only differences of an order of magnitude mean something.',
      '',
      table(
        ['attack', 'what the attacker does', 'probe ping p50 / p99 / max ms', 'unanswered pings', 'loop delay p99 / max ms (/readyz): at start → highest seen', '/readyz slowest answer ms', 'server RSS before → peak MB', "server's answer"],
        rows.map((r) => [
          r.attack,
          what.get(r.attack) ?? '',
          `${fixed(r.probe.p50Ms)} / ${fixed(r.probe.p99Ms)} / ${fixed(r.probe.maxMs)}`,
          `${r.probe.unanswered} of ${r.probe.pings}`,
          `${fixed(r.readyz.atStart?.p99Ms)} / ${fixed(r.readyz.atStart?.maxMs)} → ${fixed(r.readyz.loopP99MaxMs)} / ${fixed(r.readyz.loopMaxMs)}`,
          fixed(r.readyz.answerMaxMs),
          `${r.probe.serverRssBeforeMb ?? '–'} → ${r.probe.serverPeakRssMb ?? '–'}`,
          outcome(r.probe),
        ]),
      ),
    ].join('\n')

    const figures = Object.fromEntries(
      rows.map((r) => [
        r.attack,
        {
          probe: { p50Ms: r.probe.p50Ms, p99Ms: r.probe.p99Ms, maxMs: r.probe.maxMs, pings: r.probe.pings, unanswered: r.probe.unanswered },
          eventLoop: { p99MaxMs: r.readyz.loopP99MaxMs, maxMs: r.readyz.loopMaxMs, atStart: r.readyz.atStart },
          readyz: { polls: r.readyz.polls, failed: r.readyz.failed, answerMaxMs: r.readyz.answerMaxMs },
          serverRssMb: { before: r.probe.serverRssBeforeMb, peak: r.probe.serverPeakRssMb },
          details: r.probe,
        },
      ]),
    )
    return { title: 'One visitor attacking: a well-behaved client and the event loop', markdown, figures: { attackSeconds: seconds, attacks: figures } }
  },
}
