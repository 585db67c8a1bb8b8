// The load client of the AI benchmark, in its own process: asks questions one at a time, each from a
// fresh visitor (a new conversation), and times the customer's side of the answer; after each, one
// message of the reference customer whose conversation an agent holds. Servers are taken in turn,
// question by question, so the machine's noise falls on all of them alike. Prints one JSON line.
//
//   node --import tsx bench/lib/ai-client.ts '{"servers":[{"label":"kb","fixture":"/tmp/f.json"}],"questions":["…"],"count":50}'
//
// Times are from the customer's `send` (after its socket was welcomed) to: the `ack`; the first
// `stream` frame of the AI answer (or its `message` frame, if the answer came whole); the AI's final
// `message` (complete or interrupted). Reference: to the `ack`, and to the agent's `message` frame.
// Only ever 127.0.0.1; every wait has a deadline and the process exits by itself.
import { PROTOCOL_VERSION } from '../../protocol/frames.ts'
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'
import type { AiFixture } from './ai-server.ts'

interface Options {
  servers: { label: string; fixture: string }[]
  questions: string[]
  /** Measured questions per server; one more is asked first, unmeasured (the index is built then). */
  count: number
  /** One question's answer is waited for this long before it counts as timed out. */
  answerTimeoutMs?: number
}

export interface AiSamples {
  label: string
  responder: string
  ai: {
    ackMs: number[]
    firstMs: number[]
    finalMs: number[]
    /** What the first frame of each answer was: `stream` (streamed) or `message` (whole). */
    firstFrame: Record<string, number>
    /** `stream` frames per answer, summed. */
    streamFrames: number
    handedOff: number
    timedOut: number
  }
  reference: { ackMs: number[]; agentMs: number[]; timedOut: number }
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options
const ANSWER_TIMEOUT_MS = options.answerTimeoutMs ?? 10_000
const HARD_LIMIT_MS = (options.count + 1) * options.servers.length * 2 * ANSWER_TIMEOUT_MS + 60_000
setTimeout(() => {
  process.stderr.write('ai-client: hard time limit reached\n')
  process.exit(2)
}, HARD_LIMIT_MS).unref()
const now = () => performance.now()

interface Frame {
  type: string
  clientId?: string
  code?: string
  message?: { kind: string; status: string; clientId: string | null }
}

/** A socket that has said hello and been welcomed; `frames` gets every later frame. */
function connect(port: number, hello: object, origin?: string): Promise<{ socket: WebSocket; on(listener: (frame: Frame) => void): void }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, { perMessageDeflate: false, ...(origin ? { origin } : {}) })
    let listener: (frame: Frame) => void = () => {}
    let welcomed = false
    socket.once('open', () => socket.send(JSON.stringify(hello)))
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame
      if (welcomed) return listener(frame)
      if (frame.type !== 'welcome') return reject(new Error(`expected welcome, got ${data.toString().slice(0, 200)}`))
      welcomed = true
      resolve({ socket, on: (l) => (listener = l) })
    })
    socket.once('close', (code, reason) => !welcomed && reject(new Error(`closed ${code} ${reason.toString()} before welcome`)))
    socket.once('error', reject)
  })
}

let counter = 0
const newClientId = () => `ai-${process.pid}-${(counter++).toString(36)}`

interface Server {
  label: string
  fixture: AiFixture
  samples: AiSamples
  nextVisitor: number
  customer: Awaited<ReturnType<typeof connect>>
  agent: Awaited<ReturnType<typeof connect>>
}

/** One question from the next fresh visitor; measured unless it is the warm-up. */
async function ask(server: Server, text: string, measured: boolean): Promise<void> {
  const token = server.fixture.visitors[server.nextVisitor++]
  if (!token) throw new Error(`${server.label}: out of fresh visitors`)
  const hello = { type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'visitor', siteKey: server.fixture.siteKey, visitorToken: token } }
  const visitor = await connect(server.fixture.port, hello, server.fixture.origin)
  const clientId = newClientId()
  const ai = server.samples.ai
  const result = await new Promise<{ ack?: number; first?: number; firstFrame?: string; final?: number; streams: number; outcome: 'answered' | 'handoff' | 'timeout' }>((resolve) => {
    const r: { ack?: number; first?: number; firstFrame?: string; final?: number; streams: number } = { streams: 0 }
    const timer = setTimeout(() => resolve({ ...r, outcome: 'timeout' }), ANSWER_TIMEOUT_MS)
    const sentAt = now()
    visitor.on((frame) => {
      const at = now() - sentAt
      if (frame.type === 'ack' && frame.clientId === clientId) r.ack = at
      else if (frame.type === 'error') process.stderr.write(`ai-client: ${server.label}: error ${frame.code}\n`)
      else if (frame.type === 'stream') {
        r.streams++
        if (r.first === undefined) Object.assign(r, { first: at, firstFrame: 'stream' })
      } else if (frame.type === 'message' && frame.message?.kind === 'ai' && frame.message.status !== 'streaming') {
        if (r.first === undefined) Object.assign(r, { first: at, firstFrame: 'message' })
        r.final = at
        clearTimeout(timer)
        resolve({ ...r, outcome: 'answered' })
      } else if (frame.type === 'routing' || frame.type === 'queue' || (frame.type === 'message' && frame.message?.kind === 'system')) {
        clearTimeout(timer)
        resolve({ ...r, outcome: 'handoff' })
      }
    })
    visitor.socket.send(JSON.stringify({ type: 'send', clientId, text }))
  })
  visitor.socket.terminate()
  if (!measured) return
  if (result.ack !== undefined) ai.ackMs.push(result.ack)
  if (result.outcome === 'timeout') ai.timedOut++
  if (result.outcome === 'handoff') ai.handedOff++
  if (result.outcome !== 'answered') return
  ai.firstMs.push(result.first!)
  ai.finalMs.push(result.final!)
  ai.firstFrame[result.firstFrame!] = (ai.firstFrame[result.firstFrame!] ?? 0) + 1
  ai.streamFrames += result.streams
}

/** One message of the reference customer into the conversation the agent holds. */
async function relay(server: Server, text: string, measured: boolean): Promise<void> {
  const clientId = newClientId()
  const ref = server.samples.reference
  const result = await new Promise<{ ack?: number; agent?: number }>((resolve) => {
    const r: { ack?: number; agent?: number } = {}
    const timer = setTimeout(() => resolve(r), ANSWER_TIMEOUT_MS)
    const sentAt = now()
    const settle = () => r.ack !== undefined && r.agent !== undefined && (clearTimeout(timer), resolve(r))
    server.customer.on((frame) => {
      if (frame.type === 'ack' && frame.clientId === clientId) (r.ack = now() - sentAt), settle()
    })
    server.agent.on((frame) => {
      if (frame.type === 'message' && frame.message?.kind === 'customer' && frame.message.clientId === clientId) (r.agent = now() - sentAt), settle()
    })
    server.customer.socket.send(JSON.stringify({ type: 'send', clientId, conversationId: server.fixture.reference.conversationId, text }))
  })
  if (!measured) return
  if (result.ack === undefined || result.agent === undefined) ref.timedOut++
  if (result.ack !== undefined) ref.ackMs.push(result.ack)
  if (result.agent !== undefined) ref.agentMs.push(result.agent)
}

const servers: Server[] = []
for (const { label, fixture: path } of options.servers) {
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as AiFixture
  const { reference, siteKey, origin, port } = fixture
  servers.push({
    label,
    fixture,
    nextVisitor: 0,
    samples: {
      label,
      responder: fixture.responder,
      ai: { ackMs: [], firstMs: [], finalMs: [], firstFrame: {}, streamFrames: 0, handedOff: 0, timedOut: 0 },
      reference: { ackMs: [], agentMs: [], timedOut: 0 },
    },
    customer: await connect(port, { type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'visitor', siteKey, visitorToken: reference.visitorToken } }, origin),
    agent: await connect(port, { type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'agent', accessToken: reference.agentAccessToken } }),
  })
}

const question = (i: number) => options.questions[i % options.questions.length]!
for (const server of servers) {
  await ask(server, question(0), false)
  await relay(server, question(0), false)
}
for (let i = 0; i < options.count; i++) {
  // The order of the servers alternates, so neither always follows the other's work.
  const order = i % 2 === 0 ? servers : [...servers].reverse()
  for (const server of order) {
    await ask(server, question(i + 1), true)
    await relay(server, question(i + 1), true)
  }
}

process.stdout.write(JSON.stringify(servers.map((s) => s.samples)) + '\n')
for (const server of servers) {
  server.customer.socket.terminate()
  server.agent.socket.terminate()
}
process.exit(0)
