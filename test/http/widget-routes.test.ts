// What a host page downloads: /widget.js, cached for minutes and revalidated, and the chat app under
// its content-hashed name, cached for good and loadable as a module from any origin; both compressed.
import t, { type Test } from 'tap'
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { buildApp } from '../../server/app.ts'
import { LOADER_MAX_AGE_SECONDS, readWidgetAssets } from '../../server/http/widget-routes.ts'
import { testConfig, testStore } from '../helpers/factories.ts'

const assets = readWidgetAssets()
if (!assets) throw new Error('dist/widget.js is missing: `npm test` builds it first (scripts/ensure-bundle.mjs)')

async function app(t: Test, widget = assets) {
  const built = await buildApp(testConfig(t), { store: testStore(t), widget })
  t.teardown(() => built.close())
  return built
}

t.test('/widget.js is served for five minutes at a time, revalidated by its ETag', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: '/widget.js' })
  t.equal(res.statusCode, 200)
  t.match(res.headers, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': `public, max-age=${LOADER_MAX_AGE_SECONDS}`, vary: 'accept-encoding' })
  t.ok(res.body.includes(assets!.chatFile), "the loader knows the chat app's hashed name")
  const again = await server.inject({ url: '/widget.js', headers: { 'if-none-match': String(res.headers.etag) } })
  t.equal(again.statusCode, 304, 'unchanged: not sent again')
  t.equal(again.body, '')
})

t.test('both files go out compressed as the browser accepts: brotli, else gzip, else as they are', async (t) => {
  const server = await app(t)
  const raw = (await server.inject({ url: '/widget.js' })).rawPayload
  const br = await server.inject({ url: '/widget.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
  t.equal(br.headers['content-encoding'], 'br')
  t.same(brotliDecompressSync(br.rawPayload), raw)
  t.ok(br.rawPayload.length < raw.length / 2, 'well under half the size')
  const gz = await server.inject({ url: `/widget/${assets!.chatFile}`, headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.ok(gunzipSync(gz.rawPayload).toString().includes('export'), 'the chat app is an ES module')
})

t.test('the chat app is immutable under its hashed name and readable from any origin; other names are 404', async (t) => {
  const server = await app(t)
  const res = await server.inject({ url: `/widget/${assets!.chatFile}`, headers: { origin: 'https://shop.example' } })
  t.equal(res.statusCode, 200)
  t.match(res.headers, { 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' })
  for (const url of ['/widget/chat-old.js', '/widget/manifest.json', '/widget/..%2fwidget.js']) {
    const missing = await server.inject({ url })
    t.equal(missing.statusCode, 404, url)
    t.equal(missing.json().error.code, 'ERR_ROUTE_NOT_FOUND')
  }
})

t.test("the chat app's locale tables are served beside it, as the module imports them", async (t) => {
  const server = await app(t)
  const chat = (await server.inject({ url: `/widget/${assets!.chatFile}` })).body
  t.ok(assets!.chunks.size >= 2, 'German and Spanish at least')
  for (const name of assets!.chunks.keys()) {
    t.ok(chat.includes(`./${name}`), `${name} is imported relative to the chat app`)
    const res = await server.inject({ url: `/widget/${name}` })
    t.equal(res.statusCode, 200)
    t.match(res.headers, { 'cache-control': 'public, max-age=31536000, immutable', 'access-control-allow-origin': '*' })
  }
})

t.test('without a build, /widget.js answers 404 with a code and says how to build it', async (t) => {
  const server = await app(t, null)
  const res = await server.inject({ url: '/widget.js' })
  t.equal(res.statusCode, 404)
  t.match(res.json().error, { code: 'ERR_ROUTE_NOT_FOUND', message: /npm run bundle/ })
})
