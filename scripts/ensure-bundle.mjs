// Builds the browser bundles (npm run bundle) when dist/ lacks them or any of their sources is newer,
// so `npm start` and `npm test` on a fresh clone serve a fresh /widget.js without a separate step.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SOURCES = ['widget', 'agent-app', 'ui', 'protocol', 'rollup.config.mjs', 'scripts/bundle-budget.mjs', 'package-lock.json']
const OUTPUTS = ['dist/widget.js', 'dist/widget/manifest.json', 'dist/agent/index.html']

function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

const builtAt = Math.min(...OUTPUTS.map((path) => (existsSync(path) ? statSync(path).mtimeMs : 0)))
if (builtAt === 0 || Math.max(...SOURCES.map(newest)) > builtAt) {
  console.log(builtAt === 0 ? 'Building the widget and the agent app (dist/ has not got them yet)…' : 'Rebuilding the widget and the agent app (their sources changed)…')
  execFileSync(process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', '--silent'], { stdio: 'inherit' })
}
