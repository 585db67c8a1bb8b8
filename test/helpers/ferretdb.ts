// A MongoDB for tests: the server MONGO_URI points at, or else a throwaway FerretDB on SQLite, so the
// MongoDB adapter is tested over the real wire protocol with nothing to install but one Go binary.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'
import { MongoClient } from 'mongodb'
import { freePort } from './free-port.ts'

/** FerretDB on SQLite starts in well under a second; this leaves room for a loaded CI machine. */
const STARTUP_TIMEOUT_MS = 20_000
const PING_INTERVAL_MS = 100
/** How long FerretDB gets to exit on SIGTERM before it is killed. */
const STOP_GRACE_MS = 3_000
/** Enough of FerretDB's stderr to explain a failed start without flooding the test output. */
const STDERR_KEEP_CHARS = 4_000

const BUILD_HINT = `FerretDB v1.24 is needed to test the MongoDB adapter (or set MONGO_URI to a MongoDB server).
A plain \`go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2\` builds a binary that panics
with "Invalid build/version/version.txt", so build it from the module source instead:
  go mod download -json github.com/FerretDB/FerretDB@v1.24.2   # prints the source "Dir"
  cp -r <Dir> /tmp/ferretdb && chmod -R u+w /tmp/ferretdb && cd /tmp/ferretdb
  echo v1.24.2 > build/version/version.txt
  go build -o "$HOME/go/bin/ferretdb" ./cmd/ferretdb
Then put it on PATH, or set FERRETDB_BIN to its path.`

export interface TestMongo {
  uri: string
  /** A database no other test uses. */
  dbName: string
  stop(): Promise<void>
}

/** Anything with tap's teardown: stop() is then registered on it. */
interface Teardown {
  teardown(fn: () => unknown): void
}

export async function startMongo(t?: Teardown): Promise<TestMongo> {
  const dbName = 'tandem_test_' + randomBytes(6).toString('hex')
  const mongo = process.env.MONGO_URI ? useExisting(process.env.MONGO_URI, dbName) : await startFerretDb(dbName)
  t?.teardown(() => mongo.stop())
  return mongo
}

function useExisting(uri: string, dbName: string): TestMongo {
  return {
    uri,
    dbName,
    async stop() {
      const client = new MongoClient(uri)
      try {
        await client.db(dbName).dropDatabase()
      } finally {
        await client.close()
      }
    },
  }
}

async function startFerretDb(dbName: string): Promise<TestMongo> {
  const bin = findFerretDb()
  const dir = mkdtempSync(join(scratchRoot(), 'tandem-ferretdb-'))
  const port = await freePort()
  const uri = `mongodb://127.0.0.1:${port}/`
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      // A throwaway database needs no durability: commits skip fsync, as on a test MongoDB.
      `--sqlite-url=file:${dir}/?_pragma=synchronous(off)`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=127.0.0.1:0',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS)
  })
  let exited: string | null = null
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`
  })
  child.once('error', (error) => {
    exited = error.message
  })

  const stop = async () => {
    await kill(child)
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    await waitForPing(uri, () => exited)
  } catch (error) {
    await stop()
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(`FerretDB (${bin}) did not come up on ${uri}: ${detail}\n--- FerretDB stderr ---\n${stderr}`)
  }
  return { uri, dbName, stop }
}

/**
 * Memory-backed /dev/shm where the machine has one (Linux), else the temp folder: the database lives
 * only as long as its test file, and a disk under a loaded CI machine makes every write slow.
 */
function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
}

function findFerretDb(): string {
  const candidates = [process.env.FERRETDB_BIN ?? 'ferretdb', join(homedir(), 'go', 'bin', 'ferretdb')]
  for (const candidate of candidates) {
    const found = resolveBinary(candidate)
    if (found) return found
  }
  throw new Error(`No FerretDB binary found (tried ${candidates.join(' and ')}; bare names on PATH).\n${BUILD_HINT}`)
}

/** A path as given, or a bare name looked up on PATH, so a missing binary is reported before spawning. */
function resolveBinary(name: string): string | null {
  if (isAbsolute(name) || name.includes('/')) return existsSync(name) ? name : null
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name)
  }
  return null
}


async function waitForPing(uri: string, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  let lastError: unknown = null
  while (Date.now() < deadline) {
    const status = exited()
    if (status) throw new Error(`it exited (${status})`)
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 })
    try {
      await client.db('admin').command({ ping: 1 })
      return
    } catch (error) {
      lastError = error
    } finally {
      await client.close().catch(() => undefined)
    }
    await new Promise((resolve) => setTimeout(resolve, PING_INTERVAL_MS))
  }
  const last = lastError instanceof Error ? `; last error: ${lastError.message}` : ''
  throw new Error(`no answer to ping within ${STARTUP_TIMEOUT_MS} ms${last}`)
}

async function kill(child: ChildProcess): Promise<void> {
  // No pid: it never started, so there is nothing to wait for.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
  await gone
  clearTimeout(timer)
}
