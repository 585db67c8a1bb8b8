import type { AddressInfo } from 'node:net'
import t from 'tap'
import { WebSocket } from 'ws'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { buildApp } from '../../server/app.ts'
import { MAX_FRAME_BYTES } from '../../server/realtime/gateway.ts'
import { testConfig, testStore } from '../helpers/factories.ts'

/** pino's numeric levels. */
const WARN = 40
const ERROR = 50

t.test("an oversize frame is the client's fault: the socket closes with 1009 and the log says why at warn, never at error", async (t) => {
  const lines: { level: number; msg: string; reason?: string }[] = []
  const app = await buildApp(testConfig(t, { LOG_LEVEL: 'debug' }), {
    store: testStore(t),
    logStream: { write: (line) => void lines.push(JSON.parse(line)) },
  })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })

  const socket = new WebSocket(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/ws`)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
  socket.send('x'.repeat(MAX_FRAME_BYTES + 1))

  t.equal(await closed, CLOSE_CODES.TOO_LARGE, 'closed with 1009')
  await app.close()
  t.same(lines.filter((line) => line.level >= ERROR), [], 'no error-level line')
  t.ok(
    lines.some((line) => line.level === WARN && line.reason === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'),
    'a warning names the reason',
  )
})
