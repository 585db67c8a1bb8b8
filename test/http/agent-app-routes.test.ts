// How the server serves the agent app: one page at /agent/ and every client-side route below it,
// under a strict CSP of its own, and its content-hashed scripts and styles under /agent/assets/,
// cached for good and compressed. Built from a tiny fake build, so it runs without `npm run bundle`.
import t, { type Test } from 'tap'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { buildApp } from '../../server/app.ts'
import { agentAppCsp, readAgentAppAssets, type AgentAppAssets } from '../../server/http/agent-app-routes.ts'
import { tempDir, testConfig, testStore } from '../helpers/factories.ts'

const PAGE = '<!doctype html><title>Tandem</title><script type="module" src="/agent/assets/app-abc123.js"></script><div id="app"></div>'
const SCRIPT = `export const greeting = ${JSON.stringify('hello '.repeat(200))}\n`
const STYLES = 'body { margin: 0; font-family: system-ui, sans-serif; }\n'

/** A build laid out as `npm run bundle` lays out dist/agent/, in a fresh temp folder. */
function fakeBuild(t: Test): AgentAppAssets {
  const dir = tempDir(t)
  mkdirSync(join(dir, 'agent', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'agent', 'index.html'), PAGE)
  writeFileSync(join(dir, 'agent', 'assets', 'app-abc123.js'), SCRIPT)
  writeFileSync(join(dir, 'agent', 'assets', 'agent-def456.css'), STYLES)
  const assets = readAgentAppAssets(dir)
  if (!assets) throw new Error('the fake build was not read')
  return assets
}

async function app(t: Test, agentApp: AgentAppAssets | null = fakeBuild(t)) {
  const built = await buildApp(testConfig(t), { store: testStore(t), agentApp })
  t.teardown(() => built.close())
  return built
}

function checkStrictPolicy(t: Test, headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy'] ?? '')
  const directives = csp.split(';').map((directive) => directive.trim())
  t.ok(directives.includes("default-src 'none'"), "nothing is allowed that is not named: default-src 'none'")
  t.ok(directives.includes("script-src 'self'"), "only this server's scripts: script-src 'self'")
  t.ok(directives.includes("frame-ancestors 'none'"), "no page may frame it: frame-ancestors 'none'")
  t.notOk(csp.includes("'unsafe-inline'"), 'no inline script or style is allowed anywhere')
  t.equal(headers['x-frame-options'], 'DENY', 'older browsers refuse framing too')
}

t.test('/agent/ answers the page under a strict CSP, revalidated on every load', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: '/agent/' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(res.body, PAGE)
  checkStrictPolicy(t, res.headers)
  t.equal(res.headers['cache-control'], 'no-cache')
})

t.test('a client-side route below /agent/ answers the same page under the same CSP', async (t) => {
  const server = await app(t)
  const home = await server.inject({ url: '/agent/' })
  for (const url of ['/agent/conversations/0123456789abcdef0123456789abcdef', '/agent/password']) {
    const res = await server.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    t.equal(res.body, PAGE, 'the page, which draws the route itself')
    t.equal(res.headers['content-security-policy'], home.headers['content-security-policy'], 'the same CSP as /agent/')
    checkStrictPolicy(t, res.headers)
    t.equal(res.headers['cache-control'], 'no-cache')
  }
})

t.test('/agent without its slash is permanently redirected to /agent/', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: '/agent' })
  t.equal(res.statusCode, 308)
  t.equal(res.headers.location, '/agent/')
})

t.test('a script is immutable under its hashed name, revalidated by its ETag and sent gzipped when asked', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: '/agent/assets/app-abc123.js' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/javascript; charset=utf-8')
  t.match(res.headers['cache-control'], /\bimmutable\b/)
  t.equal(res.body, SCRIPT)
  const etag = res.headers.etag
  t.ok(typeof etag === 'string' && etag.length > 2, 'it has an ETag')

  const again = await server.inject({ url: '/agent/assets/app-abc123.js', headers: { 'if-none-match': String(etag) } })
  t.equal(again.statusCode, 304, 'unchanged: not sent again')
  t.equal(again.body, '')

  const gz = await server.inject({ url: '/agent/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.statusCode, 200)
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.equal(gunzipSync(gz.rawPayload).toString(), SCRIPT, 'the same script once unzipped')
  t.ok(gz.rawPayload.length < Buffer.byteLength(SCRIPT), 'smaller than the script itself')
})

t.test('a stylesheet is served as CSS, immutable under its hashed name', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: '/agent/assets/agent-def456.css' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'text/css; charset=utf-8')
  t.match(res.headers['cache-control'], /\bimmutable\b/)
  t.equal(res.body, STYLES)
})

t.test('an unknown asset and an attempt to climb out of the assets folder both answer 404', async (t) => {
  const server = await app(t)
  for (const url of ['/agent/assets/nope.js', '/agent/assets/..%2F..%2Fpackage.json']) {
    const res = await server.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.equal(res.json().error.code, 'ERR_ROUTE_NOT_FOUND')
    t.notOk(res.body.includes('"name": "tandem"'), 'nothing of package.json comes back')
  }
})

t.test('without a build, /agent/ answers 404 with a code and says how to build it', async (t) => {
  const server = await app(t, null)
  const res = await server.inject({ url: '/agent/' })
  t.equal(res.statusCode, 404)
  t.match(res.json().error, { code: 'ERR_ROUTE_NOT_FOUND', message: /npm run bundle/ })
})

t.test("the CSP lets the page open sockets to the server's public origin", async (t) => {
  const csp = agentAppCsp('https://chat.example.com')
  t.ok(csp.split('; ').includes("connect-src 'self' wss://chat.example.com"), csp)
})
