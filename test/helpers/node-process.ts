// A Node process a test starts and reads: the real entry point in its own process, with only the
// environment the test chooses (no NODE_OPTIONS, NODE_PATH or loader of the caller's).
import { spawn } from 'node:child_process'

export interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs node with `args`; `exited` settles with its exit code and everything it printed. */
export function runNode(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const printed = new Set<() => void>()
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    for (const wake of printed) wake()
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<Finished>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
  /** Waits until stdout matches, or the process ends without printing it. */
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        if (!pattern.test(stdout)) return
        printed.delete(look)
        resolve(stdout)
      }
      printed.add(look)
      look()
      void exited.then(({ code }) => reject(new Error(`exited ${code} before printing ${pattern}:\n${stdout}\n${stderr}`)))
    })
  return { child, exited, waitFor }
}
