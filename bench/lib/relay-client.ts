// The load client of the relay benchmark, in its own process: connects every customer and agent of
// a fixture, drives customer↔agent messages, and prints one JSON line of figures. The same client
// drives Tandem and the baseline relay; it only ever connects to 127.0.0.1 and stops by itself.
//
//   node --import tsx bench/lib/relay-client.ts '{"fixture":"/tmp/f.json","mode":"closed","warmupMs":1000,"measureMs":5000,"serverPid":123}'
//
// closed: every pair has one message in flight; the peer answers as soon as it receives it, so the
//   customer and the agent take turns. Throughput is what the relay sustains.
// open: messages are sent on a fixed schedule (`rate` per second over all pairs, customers and
//   agents alternating) whatever the replies; latency is measured from the scheduled time, so a
//   stalled server is not hidden by a client that waited for it.
// Latency is one-way: from the send to the peer's receipt of the `message` frame (one clock: both
// ends are in this process). CPU is the server process's user+system time over the measured window.
import { PROTOCOL_VERSION } from '../../protocol/frames.ts'
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'
import type { Fixture } from './fixture.ts'
import { welcomedSocket } from './welcomed-socket.ts'
import { percentile, serverCpuMs } from './measure.ts'

interface Options {
  fixture: string
  mode: 'closed' | 'open'
  warmupMs: number
  measureMs: number
  /** open: messages per second offered over all pairs. */
  rate?: number
  /** open: how long undelivered messages are waited for after the schedule ends. */
  drainMs?: number
  serverPid: number
  /** Characters of each message text; ~120 B messages as in the issue. */
  textChars?: number
}

export interface RelayFigures {
  mode: 'closed' | 'open'
  pairs: number
  agents: number
  delivered: number
  msgsPerSec: number
  p50Ms: number
  p99Ms: number
  p999Ms: number
  maxMs: number
  cpuUsPerMsg: number | null
  /** open: messages never delivered by the end of the drain (counted in maxMs with the time they waited). */
  undelivered: number
  errors: number
  errorCodes: Record<string, number>
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options
const fixture = JSON.parse(readFileSync(options.fixture, 'utf8')) as Fixture
const HARD_LIMIT_MS = options.warmupMs + options.measureMs + (options.drainMs ?? 0) + 120_000
setTimeout(() => {
  process.stderr.write('relay-client: hard time limit reached\n')
  process.exit(2)
}, HARD_LIMIT_MS).unref()

const url = `ws://127.0.0.1:${fixture.port}/v1/ws`
const now = () => performance.now()
const textChars = options.textChars ?? 120
const filler = 'Hello, I have a question about my order and when it will arrive at my address. '.repeat(4)
const textOf = (n: number) => `#${n} ${filler}`.slice(0, textChars)


async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))))
  return out
}

const agentSockets = await inBatches(fixture.agents, 20, (agent) =>
  welcomedSocket(url, { type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'agent', accessToken: agent.accessToken } }),
)
const customerSockets = await inBatches(fixture.customers, 50, (customer) =>
  // As the widget does: the hello resumes the conversation it shows, which is how its socket follows it.
  welcomedSocket(
    url,
    {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      auth: { kind: 'visitor', siteKey: fixture.siteKey, visitorToken: customer.visitorToken },
      resume: [{ conversationId: customer.conversationId, afterSeq: 0 }],
    },
    fixture.origin,
  ),
)

/** Per conversation: which pair it is. */
const pairOf = new Map(fixture.customers.map((c, i) => [c.conversationId, i]))
/** clientId → when it was sent (closed) or scheduled (open). */
const pending = new Map<string, number>()
let measuring = false
/** Latency is sampled for messages sent from the window's start; throughput counts every receipt in it. */
let measureFrom = Infinity
let measureUntil = Infinity
const latencies: number[] = []
let delivered = 0
let errors = 0
const errorCodes: Record<string, number> = {}
let counter = 0
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`
let stopSending = false

function send(socket: WebSocket, conversationId: string, at: number) {
  // Unique across client runs too: a run against a server an earlier run used must not resend its ids.
  const clientId = `${runId}-${(counter++).toString(36)}`
  pending.set(clientId, at)
  socket.send(JSON.stringify({ type: 'send', clientId, conversationId, text: textOf(counter) }))
}

/** A message frame reached its intended peer: counted, and in closed mode answered. */
function received(conversationId: string, clientId: string, by: 'customer' | 'agent') {
  const sentAt = pending.get(clientId)
  if (sentAt === undefined) return
  pending.delete(clientId)
  if (measuring) delivered++
  if (sentAt >= measureFrom && sentAt <= measureUntil) latencies.push(now() - sentAt)
  if (options.mode !== 'closed' || stopSending) return
  const pair = pairOf.get(conversationId)!
  const socket = by === 'agent' ? agentSockets[fixture.customers[pair]!.agentIndex]! : customerSockets[pair]!
  send(socket, conversationId, now())
}

interface InFrame {
  type: string
  code?: string
}

/** The first `"name":"value"` string field of a frame's text; null when absent. */
function stringField(text: string, name: string): string | null {
  const key = `"${name}":"`
  const at = text.indexOf(key)
  if (at < 0) return null
  const start = at + key.length
  return text.slice(start, text.indexOf('"', start))
}

function listen(socket: WebSocket, role: 'customer' | 'agent', owns: (conversationId: string) => boolean) {
  // The peer's messages only: Tandem also echoes a customer's own message and shows agents the
  // whole workspace; those frames cost the relay and the client, and are not deliveries. Frames are
  // read only as far as needed (no JSON.parse of every frame), so the client spends as little of
  // the shared machine as it can on frames that are not its own. The bench's texts hold no quotes.
  const peerKind = `"kind":"${role === 'agent' ? 'customer' : 'agent'}"`
  socket.on('message', (data) => {
    const text = data.toString()
    if (text.startsWith('{"type":"message"')) {
      if (!text.includes(peerKind)) return
      const conversationId = stringField(text, 'conversationId')
      const clientId = stringField(text, 'clientId')
      if (conversationId !== null && clientId !== null && owns(conversationId)) received(conversationId, clientId, role)
    } else if (text.startsWith('{"type":"error"')) {
      const frame = JSON.parse(text) as InFrame
      errors++
      errorCodes[frame.code ?? '?'] = (errorCodes[frame.code ?? '?'] ?? 0) + 1
    }
  })
}
agentSockets.forEach((socket, index) => listen(socket, 'agent', (id) => fixture.customers[pairOf.get(id) ?? -1]?.agentIndex === index))
customerSockets.forEach((socket, index) => listen(socket, 'customer', (id) => fixture.customers[index]!.conversationId === id))

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const started = now()
let schedule: NodeJS.Timeout | undefined
if (options.mode === 'closed') {
  fixture.customers.forEach((c, i) => send(customerSockets[i]!, c.conversationId, now()))
} else {
  // Every 5 ms, the sends now due; pairs in turn, each turn alternating customer and agent.
  const rate = options.rate ?? 1000
  let sent = 0
  let turn = 0
  schedule = setInterval(() => {
    const due = Math.floor(((now() - started) / 1000) * rate)
    for (; sent < due; sent++, turn++) {
      const pair = turn % fixture.customers.length
      const customer = fixture.customers[pair]!
      const fromAgent = Math.floor(turn / fixture.customers.length) % 2 === 1
      const scheduledAt = started + (sent / rate) * 1000
      send(fromAgent ? agentSockets[customer.agentIndex]! : customerSockets[pair]!, customer.conversationId, scheduledAt)
    }
  }, 5)
}

await sleep(options.warmupMs)
errors = 0
measuring = true
const cpuBefore = serverCpuMs(options.serverPid)
const windowStart = now()
measureFrom = windowStart
await sleep(options.measureMs)
const windowMs = now() - windowStart
const cpuAfter = serverCpuMs(options.serverPid)
const deliveredInWindow = delivered
measuring = false
measureUntil = windowStart + windowMs
stopSending = true
if (schedule) clearInterval(schedule)

let undelivered = 0
if (options.mode === 'open') {
  // Messages still in flight get their chance to arrive; whatever does not is counted.
  const drainUntil = now() + (options.drainMs ?? 10_000)
  while (pending.size > 0 && now() < drainUntil) await sleep(20)
  for (const sentAt of pending.values()) {
    if (sentAt < measureFrom || sentAt > measureUntil) continue
    undelivered++
    latencies.push(now() - sentAt)
  }
}

latencies.sort((a, b) => a - b)
const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null
const figures: RelayFigures = {
  mode: options.mode,
  pairs: fixture.customers.length,
  agents: fixture.agents.length,
  delivered: deliveredInWindow,
  msgsPerSec: Math.round((deliveredInWindow / windowMs) * 1000),
  p50Ms: percentile(latencies, 0.5),
  p99Ms: percentile(latencies, 0.99),
  p999Ms: percentile(latencies, 0.999),
  maxMs: latencies.at(-1) ?? 0,
  cpuUsPerMsg: cpuMs !== null && deliveredInWindow > 0 ? Math.round((cpuMs * 1000) / deliveredInWindow) : null,
  undelivered,
  errors,
  errorCodes,
}
process.stdout.write(JSON.stringify(figures) + '\n')
for (const socket of [...agentSockets, ...customerSockets]) socket.terminate()
process.exit(0)
