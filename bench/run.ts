// `npm run bench`: every benchmark of bench/README.md in one run on one machine, each next to its
// baseline from the same run, written to bench/results.md (and the raw figures to results.json).
//
//   npm run bench                       # the whole run, under 10 minutes
//   npm run bench -- --quick            # every path once with tiny counts, under a minute (npm test runs it)
//   npm run bench -- --only relay,rest  # some sections
//   npm run bench -- --out /tmp/r.md    # somewhere else (the JSON goes beside it)
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './lib/processes.ts'
import type { Section, SectionResult } from './lib/section.ts'
import { ai } from './sections/ai.ts'
import { attacks } from './sections/attacks.ts'
import { knowledgeBase } from './sections/knowledge-base.ts'
import { relay } from './sections/relay.ts'
import { reports } from './sections/reports.ts'
import { rest } from './sections/rest.ts'
import { sockets } from './sections/sockets.ts'
import { startTime } from './sections/start-time.ts'
import { widget } from './sections/widget.ts'
import { agentApp } from './sections/agent-app.ts'

const SECTIONS: Section[] = [relay, sockets, rest, ai, knowledgeBase, reports, attacks, startTime, widget, agentApp]

/** The whole run stops here whatever happens: a bench must never run on unattended. */
const HARD_LIMIT_MS = 15 * 60_000

function args() {
  const argv = process.argv.slice(2)
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const only = value('--only')?.split(',')
  const unknown = only?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? []
  if (unknown.length) throw new Error(`--only: no section ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`)
  return { quick: argv.includes('--quick'), only, out: value('--out') ?? join(ROOT, 'bench', 'results.md') }
}

function git(...command: string[]): string {
  try {
    return execFileSync('git', command, { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

function machine(): string {
  const cpu = cpus()
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''
  return [
    `- **Date:** ${new Date().toISOString()}`,
    `- **Commit:** ${git('rev-parse', '--short', 'HEAD')}${dirty}`,
    `- **Machine:** ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform} ${process.arch}`,
    `- **Node:** ${process.version}`,
    `- **Load average at start:** ${loadavg().map((n) => n.toFixed(2)).join(' / ')} (1 / 5 / 15 min: a shared machine; only ratios from the same run mean much)`,
  ].join('\n')
}

async function main() {
  const options = args()
  const started = Date.now()
  const header = machine()
  const log = (message: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`)
  const results: SectionResult[] = []
  const failed: string[] = []
  const planned = SECTIONS.filter((section) => !options.only || options.only.includes(section.name))

  /** Writes what has been measured so far: after every section, so a run stopped early keeps the rest. */
  function write(stoppedAt?: string) {
    const seconds = ((Date.now() - started) / 1000).toFixed(0)
    const missing = planned.slice(results.length).map((section) => section.name)
    const markdown = [
      `# Tandem benchmark results${options.quick ? ' (quick run: counts too small to mean anything)' : ''}`,
      '',
      'Written by `npm run bench` (see bench/README.md for what each figure is and how it is measured).',
      '',
      header,
      `- **Run took:** ${seconds} s; load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' / ')}`,
      ...(missing.length > 0 ? [`- **Not measured:** ${missing.join(', ')}${stoppedAt ? ` (${stoppedAt})` : ' (still running)'}`] : []),
      '',
      ...results.flatMap((r) => [`## ${r.title}`, '', r.markdown, '']),
    ].join('\n')
    writeFileSync(options.out, markdown)
    writeFileSync(options.out.replace(/\.md$/, '') + '.json', JSON.stringify({ quick: options.quick, seconds: Number(seconds), sections: results }, null, 2) + '\n')
  }

  const hardStop = setTimeout(() => {
    process.stderr.write('bench: the hard time limit was reached; stopping\n')
    write(`the run reached its limit of ${HARD_LIMIT_MS / 60_000} minutes`)
    process.exit(2)
  }, HARD_LIMIT_MS)
  hardStop.unref()
  for (const section of planned) {
    log(`${section.name}…`)
    const sectionStart = Date.now()
    try {
      results.push(await section.run({ quick: options.quick, log }))
    } catch (error) {
      // One broken section must not lose the others' figures: it is reported, and the run fails.
      failed.push(section.name)
      const message = (error as Error)?.message ?? String(error)
      log(`${section.name} failed: ${message}`)
      results.push({ title: `${section.name}: failed`, markdown: '```\n' + message.slice(0, 2000) + '\n```', figures: { failed: true } })
    }
    log(`${section.name} took ${((Date.now() - sectionStart) / 1000).toFixed(0)} s`)
    write()
  }
  log(`wrote ${options.out}`)
  clearTimeout(hardStop)
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}`)
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`)
  process.exit(1)
})
