// One run of the idle-socket benchmark: a fresh server (Tandem or the baseline) seeded with a visitor
// per socket, the idle client in its own process, and the server's memory sampled after GC before
// the sockets connect and at the end of each step (e.g. 1000 open, then 5000), once all are welcomed.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { IdleConnectFigures } from './idle-client.ts'
import type { IdleFixture } from './idle-fixture.ts'
import { probeMemory, type MemorySample } from './memory-probe.ts'
import { ROOT, startProcess, TSX } from './processes.ts'

export interface IdleStep extends IdleConnectFigures {
  after: MemorySample
  /** (after − before) / sockets open, in KB (1024 bytes). */
  rssKbPerSocket: number
  heapKbPerSocket: number
  externalKbPerSocket: number
}

export interface IdleRun {
  kind: IdleFixture['kind']
  before: MemorySample
  steps: IdleStep[]
}

export interface IdleRunOptions {
  /** Sockets opened at once; the connect rate is measured with this many in flight. */
  batch: number
  /** Sockets connected and closed before the first sample (see idle-client.ts). */
  warmup: number
  /** The client is killed past this, whatever it is doing. */
  hardLimitMs: number
}

const SCRIPTS = { tandem: 'bench/lib/idle-server.ts', baseline: 'bench/lib/idle-baseline.ts' }

/** `steps`: the sockets open at each sample, ascending. */
export async function measureIdle(kind: IdleFixture['kind'], steps: number[], options: IdleRunOptions): Promise<IdleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-idle-'))
  const fixturePath = join(dir, 'fixture.json')
  const env = { DATA_DIR: join(dir, 'data'), BENCH_FIXTURE: fixturePath, BENCH_VISITORS: String(Math.max(...steps)) }
  const clientOptions = { fixture: fixturePath, steps, batch: options.batch, warmup: options.warmup, hardLimitMs: options.hardLimitMs }
  // Loaded while the server starts; it is told the server's pid once the fixture exists.
  const client = spawn(process.execPath, [...TSX, 'bench/lib/idle-client.ts', JSON.stringify(clientOptions)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
  let clientErr = ''
  client.stderr.on('data', (c: Buffer) => (clientErr = (clientErr + c.toString()).slice(-4000)))
  const exited = new Promise<number | null>((resolve) => client.once('exit', (code) => resolve(code)))
  // A client that died has its failure told by `expect`; writing to it must not throw meanwhile.
  client.stdin.on('error', () => {})
  const stopClient = async () => {
    client.stdin.end('stop\n')
    const timer = setTimeout(() => client.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  const server = await startProcess(['--expose-gc', ...TSX, SCRIPTS[kind]], env, /^ready$/).catch(async (error: unknown) => {
    await stopClient()
    rmSync(dir, { recursive: true, force: true })
    throw error
  })
  const replies = createInterface({ input: client.stdout })[Symbol.asyncIterator]()
  /** The client's next line, which must be `phase`; a client that exits first is a failure. */
  const expect = async <T>(phase: string): Promise<T> => {
    const next = await replies.next()
    const line = next.done ? null : (JSON.parse(String(next.value)) as { phase: string } & T)
    if (line?.phase !== phase) throw new Error(`idle-client: expected ${phase}, got ${line ? JSON.stringify(line) : `exit ${await exited}`}\n${clientErr}`)
    return line
  }
  try {
    client.stdin.write(JSON.stringify({ serverPid: server.pid }) + '\n')
    await expect('warm')
    const before = await probeMemory(server)
    const measured: IdleStep[] = []
    for (const _ of steps) {
      client.stdin.write('go\n')
      const connected = await expect<IdleConnectFigures>('connected')
      const after = await probeMemory(server)
      const perSocketKb = (field: keyof MemorySample) => (connected.open > 0 ? (after[field] - before[field]) / 1024 / connected.open : 0)
      measured.push({
        ...connected,
        after,
        rssKbPerSocket: perSocketKb('rssBytes'),
        heapKbPerSocket: perSocketKb('heapUsedBytes'),
        externalKbPerSocket: perSocketKb('externalBytes'),
      })
    }
    return { kind, before, steps: measured }
  } finally {
    await stopClient()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Descriptors this process (and so each child it starts) may hold open (`ulimit -n`); null off Linux. */
export function openFilesLimit(): number | null {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8')
    const soft = /^Max open files\s+(\S+)/m.exec(text)?.[1]
    return soft === undefined ? null : soft === 'unlimited' ? Infinity : Number(soft)
  } catch {
    return null
  }
}
