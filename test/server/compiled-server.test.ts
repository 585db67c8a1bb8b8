// The compiled server as production runs it (`npm run build`, then `npm run start:prod` after
// `npm ci --omit=dev`): plain node, no tsx, and only the production dependencies to be found.
//
// The build is tsconfig.build.json itself, written into a temp folder laid out like a deployment:
// package.json (for "type": "module"), dist/, and a node_modules holding links to just the packages
// `npm ci --omit=dev` installs (those package-lock.json does not mark dev). An import of tsx, of
// typescript or of any other devDependency from the compiled code then fails the start, as it would
// in production. (A linked package finds its own dependencies in this checkout's node_modules; that
// they are installed is npm's job, not ours.)
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import t from 'tap'
import { tempDir } from '../helpers/factories.ts'
import { runNode } from '../helpers/node-process.ts'
import { freePort } from '../helpers/free-port.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')

/** The packages `npm ci --omit=dev` installs at the top of node_modules, by package-lock.json. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>
  }
  return Object.entries(lock.packages)
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev && !entry.devOptional)
    .map(([path]) => path.slice('node_modules/'.length))
}

/** A deployment in `dir`: the build of tsconfig.build.json, package.json, and the production packages. */
async function deploy(dir: string): Promise<void> {
  // --noCheck: `npm test` has just typechecked the same sources; this needs only what tsc emits.
  // --noResolve: only the files tsconfig.build.json includes are emitted (the same files, half the
  // time); an import from outside them then fails the start here, and belongs in that include.
  const build = await runNode([TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(dir, 'dist'), '--noCheck', '--noResolve'], { cwd: ROOT }).exited
  if (build.code !== 0) throw new Error(`tsc exited ${build.code}:\n${build.stdout}\n${build.stderr}`)
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  for (const name of productionPackages()) {
    // An optional package for another platform is in the lock but was never installed.
    if (!existsSync(join(ROOT, 'node_modules', name))) continue
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
  }
}


t.test('the compiled server starts, answers and stops on production dependencies alone', async (t) => {
  const dir = tempDir(t)
  await deploy(dir)
  for (const devOnly of ['tsx', 'typescript', 'tap']) t.notOk(existsSync(join(dir, 'node_modules', devOnly)), `${devOnly} is not deployed`)
  t.ok(existsSync(join(dir, 'dist/server/setup/demo-help-center.json')), 'the demo help center is built beside demo.js')

  const port = await freePort()
  const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' }
  const server = runNode(['dist/server/main.js'], { cwd: dir, env })
  t.teardown(() => void server.child.kill('SIGKILL'))
  // The banner is one write that ends with a blank line.
  const banner = await server.waitFor(/Tandem is running[\s\S]*\n\n$/)
  t.match(banner, /First start: a demo workspace was created\./, 'the first start makes the demo, help center included')

  const health = await fetch(`http://127.0.0.1:${port}/healthz`)
  t.equal(health.status, 200, '/healthz answers 200')
  const openapi = await fetch(`http://127.0.0.1:${port}/v1/openapi.json`)
  t.equal(openapi.status, 200, '/v1/openapi.json answers 200')
  const document = (await openapi.json()) as { openapi?: unknown; paths?: object }
  t.match(document, { openapi: /^3\./, paths: Object }, '/v1/openapi.json is an OpenAPI document')

  server.child.kill('SIGTERM')
  const stopped = await server.exited
  t.equal(stopped.code, 0, `SIGTERM stops it cleanly\n${stopped.stderr}`)
  t.notMatch(stopped.stderr, /Error|\n\s+at /, 'no error on stderr')

  const admin = await runNode(['dist/server/admin-cli.js', 'create-workspace', '--name', 'Acme', '--email', 'admin@acme.example'], { cwd: dir, env }).exited
  t.equal(admin.code, 0, `the compiled admin CLI runs too\n${admin.stderr}`)
  t.match(admin.stdout, /One-time password: \S+/, 'and creates a workspace')
})
