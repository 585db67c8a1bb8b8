// `npm run bench -- --quick` as a test: it proves the harness runs every path and writes its
// results; no figure is asserted (a test never judges speed). Split over several files by section, so
// that each file stays far inside the per-file time limit on a busy machine.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { tempDir } from '../helpers/factories.ts'

const ROOT = join(import.meta.dirname, '..', '..')

function runBench(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

export function quickBench(sections: string[]): void {
  t.test(`npm run bench -- --quick --only ${sections.join(',')} runs and writes every figure`, async (t) => {
    const out = join(tempDir(t), 'results.md')
    const { code, stderr } = await runBench(['--quick', '--only', sections.join(','), '--out', out])
    t.equal(code, 0, 'the bench exits 0', { stderr })
    const markdown = readFileSync(out, 'utf8')
    t.match(markdown, /^# Tandem benchmark results \(quick run/, 'results.md says it is a quick run')
    t.match(markdown, /\*\*Commit:\*\* [0-9a-f]{7,}/, 'and names the commit')
    const results = JSON.parse(readFileSync(out.replace(/\.md$/, '.json'), 'utf8')) as { quick: boolean; sections: { title: string; markdown: string; figures: object }[] }
    t.equal(results.quick, true)
    t.equal(results.sections.length, sections.length, 'one result per section asked for')
    for (const section of results.sections) {
      t.ok(markdown.includes(`## ${section.title}`), `${section.title}: in results.md`)
      t.match(section.markdown, /\n\|.*\|\n\| --- /, `${section.title}: a table of figures`)
      // A figure that came out as NaN or undefined means a path of the harness measured nothing.
      t.notMatch(section.markdown, /\bNaN\b|\bundefined\b/, `${section.title}: every figure is a number or an explicit –`)
    }
  })
}
