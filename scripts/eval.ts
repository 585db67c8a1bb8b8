// `npm run eval`: the offline AI's figures on the evaluation help centers (scripts/retrieval-eval.ts):
// in-scope questions cited right, out-of-scope ones handed off, and what prompt injections got.
// `--misses` lists every question it got wrong.
import { evalFixtures, evaluateHelpCenter, report } from './retrieval-eval.ts'

const results = []
for (const { fixture } of evalFixtures()) results.push(await evaluateHelpCenter(fixture))
process.stdout.write(`${report(results)}\n`)
if (process.argv.includes('--misses')) {
  for (const r of results) {
    process.stdout.write(`\n${r.business}:\n${[...r.inScope.misses, ...r.outOfScope.answered, ...r.injections.other].map((line) => `  ${line}`).join('\n')}\n`)
  }
}
