// `npm start`, `npm run example`: a project script started as a person types it, in its own process
// group (npm runs node under a shell), so the whole group stops when the test ends.
import { spawn } from 'node:child_process'
import type { Test } from 'tap'

const ROOT = new URL('../../', import.meta.url).pathname

export interface NpmScript {
  /** Everything it printed (stdout and stderr) up to the moment it was ready. */
  output: string
  /** SIGTERM to the whole group, as Ctrl-C at a terminal; resolves once nothing of it is left. */
  stop(): Promise<void>
}

/** Starts `npm <args>`; resolves once `ready(stdout so far)` holds, rejects if it exits first. */
export async function npmScript(t: Test, args: string[], env: Record<string, string>, ready: (stdout: string) => boolean): Promise<NpmScript> {
  const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  // 'close' comes once every process holding its output is gone: node too, not only npm.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // Gone already.
    }
  }
  t.teardown(() => signal('SIGKILL'))
  let stdout = ''
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      output += chunk.toString()
      if (ready(stdout)) resolve()
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`npm ${args.join(' ')} exited ${code}:\n${output}`)))
  })
  return {
    output,
    async stop() {
      signal('SIGTERM')
      await closed
    },
  }
}
