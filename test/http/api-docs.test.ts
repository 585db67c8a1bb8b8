// The interactive API documentation at /docs: Swagger UI served by Tandem alone (no CDN), under a CSP,
// over the same document as /v1/openapi.json, and the WebSocket protocol beside it.
import t from 'tap'
import { docsCsp } from '../../server/http/api-docs-routes.ts'
import { testApp } from '../helpers/factories.ts'

t.test('/docs is Swagger UI from this server only, under a CSP that names no other', async (t) => {
  const { app } = await testApp(t)
  const page = await app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const urls = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
  t.ok(urls.length > 0 && urls.every((url) => !/^(https?:)?\/\//.test(url)), `every script and style is this server's: ${urls.join(', ')}`)
  for (const url of urls.filter((u) => u.endsWith('.js') || u.endsWith('.css'))) {
    t.equal((await app.inject({ url: new URL(url, 'http://x/docs/').pathname })).statusCode, 200, `${url} is served`)
  }
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, "script-src 'self'")
  t.notMatch(csp, /https:|upgrade-insecure-requests|validator\.swagger\.io|unsafe-eval/)
})

t.test("its document is /v1/openapi.json's, and the WebSocket protocol is beside it", async (t) => {
  const { app } = await testApp(t)
  const docs = (await app.inject({ url: '/docs/json' })).json()
  const api = (await app.inject({ url: '/v1/openapi.json' })).json()
  t.same(docs.paths, api.paths, 'the same operations, bodies marked optional alike')
  t.match(api.info.description, '/docs/protocol', 'the document links the WebSocket protocol')
  const protocol = await app.inject({ url: '/docs/protocol' })
  t.same([protocol.statusCode, protocol.headers['content-type']], [200, 'text/plain; charset=utf-8'])
  t.match(protocol.body, /^# Tandem protocol/)
  t.notOk(Object.keys(api.paths).some((path) => path.startsWith('/docs')), 'the documentation routes are not in the API document')
})

t.test("Swagger UI's CSP keeps its own rules, less what a local server must not have", async (t) => {
  t.equal(
    docsCsp("default-src 'self'; font-src 'self' https: data:; img-src 'self' data: validator.swagger.io; style-src 'self' https: 'sha256-x'; upgrade-insecure-requests;"),
    "default-src 'self'; font-src 'self' data:; img-src 'self' data:; style-src 'self' 'unsafe-inline' 'sha256-x';",
  )
})
