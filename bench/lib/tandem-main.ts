// Tandem exactly as `npm start` runs it (server/main.ts), for benchmarks that attack it from outside:
// a fresh DATA_DIR, a free port on 127.0.0.1, embedded SQLite, and the demo site made on first start
// (its key is read from the start-up banner).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, TSX, type Started } from './processes.ts'
import { freePort } from '../../test/helpers/free-port.ts'

export interface MainServer extends Started {
  port: number
  /** http://127.0.0.1:PORT: where the bench reaches it. */
  url: string
  /** The demo site's key and the page origin it allows (its PUBLIC_URL's). */
  siteKey: string
  origin: string
}


/** Starts server/main.ts with `env` on top of the bench's own settings; stop() also removes its data. */
export async function startMainServer(env: Record<string, string> = {}): Promise<MainServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-main-'))
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const started = await startProcess(
    [...TSX, 'server/main.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: origin,
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      // Whatever the bench's own environment says, this server is the embedded, offline one.
      MONGO_URI: '',
      GEMINI_API_KEY: '',
      ...env,
    },
    /Demo site key: site_/,
  ).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  const siteKey = /(site_[A-Za-z0-9_-]+)/.exec(started.line)![1]!
  return {
    ...started,
    port,
    url: `http://127.0.0.1:${port}`,
    siteKey,
    origin,
    async stop() {
      await started.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
