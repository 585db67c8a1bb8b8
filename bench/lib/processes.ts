// Starting and stopping the processes of a bench run: each server and each load client is its own
// process, so the client's work is never counted as the server's and a crash stops only its run.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Fixture } from './fixture.ts'

export const ROOT = resolve(import.meta.dirname, '../..')
/** The runtime TypeScript loader, as `npm start` runs the server. */
export const TSX = ['--import', 'tsx']

const READY_TIMEOUT_MS = 120_000
/**
 * What a relay server's seeding may add per pair: on FerretDB a pair is a dozen commands of a few ms
 * each, and many more on a busy machine (1,000 pairs once took over 120 s there).
 */
const SEED_ALLOWANCE_MS_PER_PAIR = 200
const STOP_GRACE_MS = 10_000

export interface Started {
  child: ChildProcess
  pid: number
  /** What the process printed on stderr, for a failure's message. */
  stderr(): string
  stop(): Promise<void>
}

/** Spawns a Node process and waits until it prints `readyLine` (or a line matching it) on stdout. */
export function startProcess(args: string[], env: Record<string, string>, readyLine: RegExp, timeoutMs = READY_TIMEOUT_MS): Promise<Started & { line: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  let out = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const started: Started = {
    child,
    pid: child.pid!,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    },
  }
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void started.stop()
      reject(new Error(`${args.join(' ')} not ready within ${timeoutMs} ms\n${err}`))
    }, timeoutMs)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => readyLine.test(l))
      if (line !== undefined) {
        clearTimeout(timer)
        resolvePromise({ ...started, line })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited ${code} before it was ready\n${err}`))
    })
  })
}

export interface RelayServer extends Started {
  fixture: Fixture
  fixturePath: string
}

/** A relay server for one run: Tandem (on the Store its env names) or the baseline, seeded for `pairs`. */
export async function startRelayServer(kind: 'tandem' | 'baseline', pairs: number, agents: number, env: Record<string, string> = {}): Promise<RelayServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'))
  const fixturePath = join(dir, 'fixture.json')
  const script = kind === 'tandem' ? 'bench/lib/tandem-server.ts' : 'bench/lib/baseline-relay.ts'
  const started = await startProcess([...TSX, script], { DATA_DIR: join(dir, 'data'), BENCH_FIXTURE: fixturePath, BENCH_PAIRS: String(pairs), BENCH_AGENTS: String(agents), ...env }, /^ready$/, READY_TIMEOUT_MS + pairs * SEED_ALLOWANCE_MS_PER_PAIR)
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture
  return {
    ...started,
    fixture,
    fixturePath,
    async stop() {
      await started.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Runs a load-client script to its end and parses the one JSON line it prints. */
export function runClient<T>(script: string, options: object, timeoutMs: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...TSX, script, JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      const line = out.trim().split('\n').at(-1) ?? ''
      try {
        if (code !== 0) throw new Error(`exit ${code}`)
        resolvePromise(JSON.parse(line) as T)
      } catch (error) {
        reject(new Error(`${script} failed (${(error as Error).message})\n${err}\n${out.slice(-2000)}`))
      }
    })
  })
}
