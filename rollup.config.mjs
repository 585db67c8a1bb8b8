// Bundles the browser apps: widget/ -> dist/widget.js (one file, the script tag's target) and
// agent-app/ -> dist/agent/. Each bundle is listed here once its folder exists; the server is not
// bundled (it runs through tsx). `npm run bundle` runs this file; `npm run build` will call it once
// the first bundle exists (rollup refuses a config with nothing to build).
import { existsSync } from 'node:fs'

const bundles = [
  { folder: 'widget', input: 'widget/main.tsx', output: { file: 'dist/widget.js', format: 'iife' } },
  { folder: 'agent-app', input: 'agent-app/main.tsx', output: { dir: 'dist/agent', format: 'es' } },
]

export default bundles
  .filter((bundle) => existsSync(bundle.folder))
  .map(({ input, output }) => ({ input, output }))
