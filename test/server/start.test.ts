// `npm start` as a person runs it: the real entry point in its own process, on a fresh DATA_DIR.
import Database from 'better-sqlite3'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { tempDir } from '../helpers/factories.ts'
import { runNode } from '../helpers/node-process.ts'

const MAIN = new URL('../../server/main.ts', import.meta.url).pathname

/** Starts server/main.ts; `exited` settles with its exit code and everything it printed. */
function start(env: Record<string, string>) {
  // Only what the test chooses: a MONGO_URI or GEMINI_API_KEY of the caller's must not change the run.
  return runNode(['--import', 'tsx', MAIN], { env: { LOG_LEVEL: 'warn', ...env } })
}

function holdPort(t: Test): Promise<{ server: Server; port: number }> {
  const server = createServer()
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })))
}

function workspaceCount(dataDir: string): number {
  const db = new Database(join(dataDir, 'tandem.db'), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM workspaces').get() as { n: number }).n
  } finally {
    db.close()
  }
}

t.test('a port already in use is said in one line, and the demo waits for a start that can listen', async (t) => {
  const dataDir = tempDir(t)
  const { server, port } = await holdPort(t)

  const refused = await start({ DATA_DIR: dataDir, PORT: String(port) }).exited
  t.equal(refused.code, 1, 'exits 1')
  t.match(refused.stderr, `Port ${port} is already in use: stop the other server or set PORT.`)
  t.notMatch(refused.stderr, /EADDRINUSE|\n\s+at /, 'no raw error, no stack trace')
  t.equal(workspaceCount(dataDir), 0, 'no demo workspace whose password nobody saw')

  await new Promise<void>((resolve) => server.close(() => resolve()))
  const started = start({ DATA_DIR: dataDir, PORT: String(port) })
  t.teardown(() => void started.child.kill('SIGKILL'))
  // The banner is one write that ends with a blank line.
  const printed = await started.waitFor(/Tandem is running[\s\S]*\n\n$/)
  t.match(printed, /First start: a demo workspace was created\.[\s\S]*one-time password \S+/, 'the next start shows the one-time password')
  const order = ['Demo shop:', 'Agent app:', 'admin  admin@example.com  one-time password ', 'agent  agent@example.com  one-time password ', 'API docs:'].map((text) => printed.indexOf(text))
  t.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)), 'the demo shop first, then the agent app with both sign-ins, then the API docs')
  t.match(printed, `Demo shop:  http://localhost:${port}/demo/`)
  t.match(printed, `API docs:   http://localhost:${port}/docs`)
  started.child.kill('SIGTERM')
  t.equal((await started.exited).code, 0, 'and SIGTERM stops it cleanly')

  const again = start({ DATA_DIR: dataDir, PORT: String(port) })
  t.teardown(() => void again.child.kill('SIGKILL'))
  const second = await again.waitFor(/Tandem is running[\s\S]*\n\n$/)
  t.notMatch(second, /one-time password|First start/, 'a second start prints no secret')
  t.match(second, `Demo shop:  http://localhost:${port}/demo/`, 'and the same demo shop')
  again.child.kill('SIGTERM')
  await again.exited
})
