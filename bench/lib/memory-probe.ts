// Asking a bench server for its memory while it runs: the orchestrator sends SIGUSR2 (stdin is not
// wired by startProcess, and SIGUSR1 would open Node's inspector), the server collects garbage and
// prints one `{"memory":…}` line on stdout. Both ends live here so the line's shape is declared once.
import type { Started } from './processes.ts'

export interface MemorySample {
  rssBytes: number
  heapUsedBytes: number
  /** Buffers outside the JS heap (ws keeps its read and write buffers there). */
  externalBytes: number
}

const PROBE_TIMEOUT_MS = 10_000

/** Server side: answers every SIGUSR2 with a sample taken after two full GCs. Needs `node --expose-gc`. */
export function answerMemoryProbes(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('memory probes need node --expose-gc')
  process.on('SIGUSR2', () => {
    // Twice: the first pass can leave garbage that only its finalizers released.
    gc()
    gc()
    const { rss, heapUsed, external } = process.memoryUsage()
    const memory: MemorySample = { rssBytes: rss, heapUsedBytes: heapUsed, externalBytes: external }
    process.stdout.write(JSON.stringify({ memory }) + '\n')
  })
}

/** Orchestrator side: one sample from a server started with answerMemoryProbes. */
export function probeMemory(server: Started): Promise<MemorySample> {
  const stdout = server.child.stdout!
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const line = buffered.split('\n').find((l) => l.startsWith('{"memory"'))
      if (line === undefined) return
      done()
      resolve((JSON.parse(line) as { memory: MemorySample }).memory)
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`no memory sample within ${PROBE_TIMEOUT_MS} ms\n${server.stderr()}`))
    }, PROBE_TIMEOUT_MS)
    const done = () => {
      clearTimeout(timer)
      stdout.off('data', onData)
    }
    stdout.on('data', onData)
    server.child.kill('SIGUSR2')
  })
}
