// The baseline every relay figure is divided by: a minimal relay on plain `ws`, with no persistence,
// no validation beyond JSON.parse, no fan-out. It speaks just enough of Tandem's protocol for the
// same load client to drive it: `hello` → `welcome`, `send` → an `ack` to the sender and the same
// `message` frame Tandem sends to the peer. It is never changed to improve a ratio.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_PAIRS=100 BENCH_AGENTS=20 node bench/lib/baseline-relay.ts
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { WebSocketServer, type WebSocket } from 'ws'
import { BENCH_ORIGIN, type Fixture } from './fixture.ts'

const fixturePath = process.env.BENCH_FIXTURE ?? ''
if (!fixturePath) throw new Error('BENCH_FIXTURE is required')
const pairs = Number(process.env.BENCH_PAIRS ?? '100')
const agentCount = Number(process.env.BENCH_AGENTS ?? '20')
const id = () => randomBytes(12).toString('hex')

const agents: Fixture['agents'] = Array.from({ length: agentCount }, () => ({ id: id(), accessToken: id() }))
const customers: Fixture['customers'] = Array.from({ length: pairs }, (_, i) => ({
  visitorId: id(),
  visitorToken: id(),
  conversationId: id(),
  agentIndex: i % agentCount,
}))

interface Conversation {
  visitorId: string
  agentId: string
  seq: number
}
const conversations = new Map(customers.map((c) => [c.conversationId, { visitorId: c.visitorId, agentId: agents[c.agentIndex]!.id, seq: 0 } as Conversation]))
const actorByToken = new Map<string, { role: 'visitor' | 'agent'; id: string }>([
  ...customers.map((c) => [c.visitorToken, { role: 'visitor' as const, id: c.visitorId }] as const),
  ...agents.map((a) => [a.accessToken, { role: 'agent' as const, id: a.id }] as const),
])
const sockets = new Map<string, WebSocket>()

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v1/ws', maxPayload: 64 * 1024 })
server.on('connection', (socket) => {
  let actor: { role: 'visitor' | 'agent'; id: string } | undefined
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as {
      type: string
      auth?: { visitorToken?: string; accessToken?: string }
      clientId?: string
      conversationId?: string
      text?: string
    }
    if (frame.type === 'hello') {
      actor = actorByToken.get(frame.auth?.visitorToken ?? frame.auth?.accessToken ?? '')
      if (!actor) return socket.close(4001, 'unknown')
      sockets.set(actor.id, socket)
      socket.send(JSON.stringify({ type: 'welcome', protocol: 1, supported: [1], role: actor.role, actorId: actor.id, heartbeatMs: 25000 }))
      return
    }
    if (frame.type !== 'send' || !actor) return
    const conversation = conversations.get(frame.conversationId ?? '')
    if (!conversation) return
    const seq = ++conversation.seq
    const createdAt = new Date().toISOString()
    socket.send(JSON.stringify({ type: 'ack', clientId: frame.clientId, conversationId: frame.conversationId, seq, createdAt }))
    const peer = sockets.get(actor.role === 'visitor' ? conversation.agentId : conversation.visitorId)
    peer?.send(
      JSON.stringify({
        type: 'message',
        message: {
          id: id(),
          conversationId: frame.conversationId,
          seq,
          kind: actor.role === 'visitor' ? 'customer' : 'agent',
          visibility: 'public',
          authorId: actor.id,
          text: frame.text,
          citations: [],
          clientId: frame.clientId,
          status: 'complete',
          createdAt,
        },
      }),
    )
  })
})
server.on('listening', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const fixture: Fixture = { kind: 'baseline', store: 'none', port, siteKey: 'site_baseline', origin: BENCH_ORIGIN, agents, customers }
  writeFileSync(fixturePath, JSON.stringify(fixture))
  process.stdout.write('ready\n')
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
