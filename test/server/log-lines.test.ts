// Logs at a terminal: pino's JSON lines as short readable ones, and no line per request; elsewhere
// the JSON lines as they are (what production and CI read).
import t from 'tap'
import { readableLine } from '../../server/log-lines.ts'
import { buildApp } from '../../server/app.ts'
import { testConfig, testStore } from '../helpers/factories.ts'

t.test('a JSON line reads as time, level, message and its fields', async (t) => {
  const time = new Date(2026, 11, 3, 15, 42, 7).getTime()
  const line = readableLine(JSON.stringify({ level: 40, time, pid: 1, hostname: 'vm', msg: 'refused a page', site: 'site_abc', origin: 'https://x.example', detail: { n: 2 } }))
  t.equal(line, '15:42:07 WARN  refused a page  site=site_abc origin=https://x.example detail={"n":2}\n')
  t.equal(readableLine(JSON.stringify({ level: 30, time, msg: 'Server listening at http://127.0.0.1:3000' })), '15:42:07 INFO  Server listening at http://127.0.0.1:3000\n')
  const failed = readableLine(JSON.stringify({ level: 50, time, msg: 'boom', err: { message: 'bad', stack: 'Error: bad\n    at x' } }))
  t.equal(failed, '15:42:07 ERROR boom\nError: bad\n    at x\n', 'an error brings its stack, below')
  const long = readableLine(JSON.stringify({ level: 30, time, msg: 'm', text: 'a\n'.repeat(500) }))
  t.ok(long.split('\n').length === 2 && long.length < 220, 'a long field is cut to one short line')
  t.equal(readableLine('not json'), 'not json\n', 'anything else passes through')
})

t.test('logRequests false: the server logs its own lines, but none per request', async (t) => {
  const lines: string[] = []
  const config = testConfig(t, { LOG_LEVEL: 'info' })
  const app = await buildApp(config, { store: testStore(t), logStream: { write: (line) => void lines.push(line) }, logRequests: false })
  t.teardown(() => app.close())
  await app.inject({ url: '/healthz' })
  app.log.info('a line of the server')
  t.notOk(lines.some((line) => /incoming request|request completed/.test(line)), 'no line per request')
  t.ok(lines.some((line) => line.includes('a line of the server')))
  const loud: string[] = []
  const logged = await buildApp(config, { store: testStore(t), logStream: { write: (line) => void loud.push(line) } })
  t.teardown(() => logged.close())
  await logged.inject({ url: '/healthz' })
  t.ok(loud.some((line) => /request completed/.test(line)), 'by default (JSON for machines) each request has its line')
})
