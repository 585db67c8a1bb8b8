// The load client of the idle-socket benchmark, in its own process: opens visitor sockets to an idle
// server (Tandem or the baseline, same client), says hello, and keeps them open and silent while the
// orchestrator samples the server's memory, in steps (e.g. up to 1000 open, then up to 5000). It
// only connects to 127.0.0.1 and stops by itself.
//
//   node --import tsx bench/lib/idle-client.ts '{"fixture":"/tmp/f.json","steps":[1000,5000],"batch":100,"warmup":200,"hardLimitMs":60000}'
//
// A conversation on stdin/stdout, a line each way, so the memory samples fall between steps. It may
// start before its server (loading takes a while on a busy machine), so the server is named later:
//   1. on a line `{"serverPid":N}` (the server is ready and the fixture written): `warmup` sockets
//      connect, are welcomed and close again (the server's first-connection costs, such as
//      compiling its handlers, are then not counted per socket) → {"phase":"warm"}
//   2. on each "go" line, the next step: sockets connect `batch` at a time, each waiting for its
//      welcome, until the step's count are open → {"phase":"connected", …IdleConnectFigures}
//   3. on a "stop" line or the end of stdin: every socket is dropped and the process exits.
import { PROTOCOL_VERSION } from '../../protocol/frames.ts'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import WebSocket from 'ws'
import type { IdleFixture } from './idle-fixture.ts'
import { serverCpuMs } from './measure.ts'
import { welcomedSocket } from './welcomed-socket.ts'

interface Options {
  fixture: string
  /** Sockets open at the end of each step, ascending. */
  steps: number[]
  batch: number
  warmup: number
  hardLimitMs: number
}

export interface IdleConnectFigures {
  /** Sockets open at the end of the step. */
  open: number
  /** Sockets welcomed in this step. */
  welcomed: number
  failed: number
  /** The first failure's message, e.g. EMFILE when the descriptor limit is too low. */
  firstError: string | null
  /** From the step's first connect to its last welcome. */
  elapsedMs: number
  socketsPerSec: number
  /** The server's user+system CPU over the step, per socket welcomed in it. */
  serverCpuUsPerSocket: number | null
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options
setTimeout(() => {
  process.stderr.write('idle-client: hard time limit reached\n')
  process.exit(2)
}, options.hardLimitMs).unref()

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const nextLine = async () => {
  const next = await lines.next()
  return next.done ? null : String(next.value).trim()
}

const named = await nextLine()
if (named === null || named === 'stop') process.exit(0)
const { serverPid } = JSON.parse(named) as { serverPid: number }
const fixture = JSON.parse(readFileSync(options.fixture, 'utf8')) as IdleFixture
const url = `ws://127.0.0.1:${fixture.port}/v1/ws`
const say = (line: object) => process.stdout.write(JSON.stringify(line) + '\n')

/** A visitor socket that has said hello and been welcomed. */
const connect = (visitorToken: string) =>
  welcomedSocket(url, { type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'visitor', siteKey: fixture.siteKey, visitorToken } }, fixture.origin)

const closed = (socket: WebSocket) =>
  new Promise<void>((resolve) => {
    socket.once('close', () => resolve())
    socket.close(1000)
  })

const tokens = fixture.visitorTokens
const warm = await Promise.all(tokens.slice(0, options.warmup).map(connect))
// Closed and waited for, so the server has let go of them before its "before" sample.
await Promise.all(warm.map(closed))
say({ phase: 'warm' })

const sockets: WebSocket[] = []
/** The next visitor to connect: each token is used once, a failed one is not retried. */
let nextToken = 0
for (const step of options.steps) {
  if ((await nextLine()) !== 'go') break
  let welcomed = 0
  let failed = 0
  let firstError: string | null = null
  const cpuBefore = serverCpuMs(serverPid)
  const started = performance.now()
  while (nextToken < Math.min(step, tokens.length)) {
    const batch = tokens.slice(nextToken, Math.min(nextToken + options.batch, step))
    nextToken += batch.length
    for (const result of await Promise.allSettled(batch.map(connect))) {
      if (result.status === 'fulfilled') {
        sockets.push(result.value)
        welcomed++
      } else {
        failed++
        firstError ??= (result.reason as Error).message
      }
    }
  }
  const elapsedMs = performance.now() - started
  const cpuAfter = serverCpuMs(serverPid)
  const figures: IdleConnectFigures = {
    open: sockets.length,
    welcomed,
    failed,
    firstError,
    elapsedMs: Math.round(elapsedMs),
    socketsPerSec: Math.round((welcomed / elapsedMs) * 1000),
    serverCpuUsPerSocket: cpuBefore !== null && cpuAfter !== null && welcomed > 0 ? Math.round(((cpuAfter - cpuBefore) * 1000) / welcomed) : null,
  }
  say({ phase: 'connected', ...figures })
}

await nextLine()
for (const socket of sockets) socket.terminate()
process.exit(0)
