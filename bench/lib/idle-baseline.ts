// The baseline the idle-socket figures are divided by: a plain `ws` server that checks the Origin,
// answers `hello` with `welcome` for a known visitor token, and keeps each socket by its visitor, as
// any server that can reach a customer must. Nothing else: no store, no topics, no rate limits.
// It answers SIGUSR2 with its memory after GC (see memory-probe.ts). It is never changed to
// improve a ratio.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_VISITORS=1000 node --expose-gc --import tsx bench/lib/idle-baseline.ts
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { WebSocketServer, type WebSocket } from 'ws'
import { BENCH_ORIGIN } from './fixture.ts'
import type { IdleFixture } from './idle-fixture.ts'
import { answerMemoryProbes } from './memory-probe.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const fixturePath = process.env.BENCH_FIXTURE ?? ''
if (!fixturePath) throw new Error('BENCH_FIXTURE is required')
const visitorCount = Number(process.env.BENCH_VISITORS ?? '1000')

const visitorTokens = Array.from({ length: visitorCount }, () => randomBytes(24).toString('base64url'))
const visitorByToken = new Map(visitorTokens.map((token) => [token, randomBytes(12).toString('hex')]))
const sockets = new Map<string, WebSocket>()

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v1/ws', maxPayload: 64 * 1024 })
server.on('connection', (socket, request) => {
  if (request.headers.origin !== BENCH_ORIGIN) return socket.close(4003, 'origin not allowed')
  socket.once('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type?: string; auth?: { visitorToken?: string } }
    const visitorId = frame.type === 'hello' ? visitorByToken.get(frame.auth?.visitorToken ?? '') : undefined
    if (!visitorId) return socket.close(4001, 'unknown')
    sockets.set(visitorId, socket)
    socket.once('close', () => sockets.delete(visitorId))
    socket.send(JSON.stringify({ type: 'welcome', protocol: 1, supported: [1], role: 'visitor', actorId: visitorId, heartbeatMs: 25000 }))
  })
})
server.on('listening', () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const fixture: IdleFixture = { kind: 'baseline', port, siteKey: 'site_baseline', origin: BENCH_ORIGIN, visitorTokens }
  writeFileSync(fixturePath, JSON.stringify(fixture))
  answerMemoryProbes()
  process.stdout.write('ready\n')
})
process.on('SIGTERM', () => {
  for (const socket of server.clients) socket.terminate()
  server.close(() => process.exit(0))
})
