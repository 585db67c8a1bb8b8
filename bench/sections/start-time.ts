// Start-up time (issue [08]): from spawn to the "Tandem is running" banner, as `npm start` runs the
// server (node --import tsx server/main.ts, TypeScript compiled as it loads) and as `npm run
// start:prod` runs the build (node dist/server/main.js). Every start is a first start on an empty
// DATA_DIR (migrations, the demo workspace and its help center), in turns, so that a change in the
// machine's load falls on both.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { median } from '../lib/measure.ts'
import { ROOT, startProcess, TSX } from '../lib/processes.ts'
import { fixed, ratio, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'
import { freePort } from '../../test/helpers/free-port.ts'

const FULL_STARTS = 5
const QUICK_STARTS = 1
const BANNER = /Tandem is running/
const run = promisify(execFile)

/**
 * A folder for the build of tsconfig.build.json, never the checkout's dist/ (which may be stale):
 * a copy of package.json (for "type": "module") and a link to this checkout's node_modules.
 */
function deployFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-build-'))
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

/** Compiles the server into `dir`/dist; resolves with the compiled entry point. */
async function buildServer(dir: string): Promise<string> {
  // Emit only: the typecheck changes nothing in the output and would take most of the quick run.
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
  await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist'), '--noCheck', '--noResolve'], { cwd: ROOT })
  return join(dir, 'dist/server/main.js')
}


/** Milliseconds from spawning `args` to the banner on stdout, on a fresh DATA_DIR; the server is then stopped. */
async function timeToBanner(args: string[]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-start-'))
  // The caller's MONGO_URI, GEMINI_API_KEY or NODE_OPTIONS would change what starts (empty is unset).
  const env = { PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, MONGO_URI: '', GEMINI_API_KEY: '', NODE_OPTIONS: '' }
  try {
    const spawnedAt = performance.now()
    const started = await startProcess(args, env, BANNER)
    const ms = performance.now() - spawnedAt
    await started.stop()
    return ms
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export const startTime: Section = {
  name: 'start-time',
  async run({ quick, log }) {
    const starts = quick ? QUICK_STARTS : FULL_STARTS
    const dir = deployFolder()
    const built = buildServer(dir)
    // Handled here, since a quick run awaits it only after its tsx start: a failed build is then
    // thrown by that await, not by the process as an unhandled rejection.
    built.catch(() => undefined)
    try {
      // A quick run's tsx start runs while tsc builds (its figures mean little anyway, and the build
      // is a good part of its time); a full run starts nothing beside a build.
      if (!quick) await built
      const tsxMs: number[] = []
      const compiledMs: number[] = []
      for (let i = 0; i < starts; i++) {
        tsxMs.push(await timeToBanner([...TSX, 'server/main.ts']))
        compiledMs.push(await timeToBanner([await built]))
        log(`start-time: ${i + 1}/${starts}: tsx ${tsxMs.at(-1)!.toFixed(0)} ms, compiled ${compiledMs.at(-1)!.toFixed(0)} ms`)
      }
      const tsx = median(tsxMs)
      const compiled = median(compiledMs)
      const markdown = [
        `Spawn to the "Tandem is running" line on stdout, median of ${starts} first starts each (fresh`,
        '`DATA_DIR`, embedded SQLite, demo workspace created), taken in turns: `node --import tsx',
        'server/main.ts` (`npm start`) and `node dist/server/main.js` (`npm run start:prod`, built by',
        'tsconfig.build.json). tsx caches what it compiles (`tsx-UID` in the temp folder), so its starts',
        'after the first in a machine\'s life compile nothing: what remains is its loader\'s own cost.',
        ...(quick ? ['(A quick run: its tsx start ran beside the build.)'] : []),
        '',
        table(
          ['', 'tsx ms', 'compiled ms', 'compiled / tsx'],
          [
            ['median', fixed(tsx, 0), fixed(compiled, 0), ratio(compiled, tsx)],
            ['fastest', fixed(Math.min(...tsxMs), 0), fixed(Math.min(...compiledMs), 0), ratio(Math.min(...compiledMs), Math.min(...tsxMs))],
            ['slowest', fixed(Math.max(...tsxMs), 0), fixed(Math.max(...compiledMs), 0), ratio(Math.max(...compiledMs), Math.max(...tsxMs))],
          ],
        ),
      ].join('\n')
      return {
        title: 'Start-up time: tsx and compiled',
        markdown,
        figures: { starts, tsxMedianMs: tsx, compiledMedianMs: compiled, compiledOverTsx: tsx ? compiled / tsx : null, tsxMs, compiledMs },
      }
    } finally {
      // A tsx start that failed during the build leaves tsc writing here: wait for it to end first.
      await built.catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
