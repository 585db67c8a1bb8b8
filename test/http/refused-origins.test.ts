// A page refused for its origin is noted on its site, so the owner sees why the bubble does not
// connect: over HTTP and over the socket, shown to admins only, bounded however many origins a flood
// makes up, and logged at warn with the site.
import t from 'tap'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { URL_MAX_CHARS } from '../../protocol/limits.ts'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { RECORDS_PER_SITE_PER_MINUTE, RENOTE_AFTER_MS, refusedOrigins } from '../../server/http/refused-origins.ts'
import { REFUSED_ORIGINS_KEPT } from '../../server/store/store.ts'
import { SHOP_ORIGIN, testStore, workspaceWithSite } from '../helpers/factories.ts'
import { eventually, startRealtime } from '../helpers/realtime.ts'

const STRANGER = 'https://stranger.example'

t.test('a widget request from an origin the site does not allow is refused and shows on the site, for admins only', async (t) => {
  const { app, site, adminHeaders, addAgent, auth } = await workspaceWithSite(t)
  const refused = await app.inject({ url: `/v1/sites/${site.key}/widget-config`, headers: { origin: STRANGER } })
  t.equal(refused.statusCode, 403)
  const allowed = await app.inject({ url: `/v1/sites/${site.key}/widget-config`, headers: { origin: SHOP_ORIGIN } })
  t.equal(allowed.statusCode, 200, 'an allowed origin is not noted')
  await app.inject({ url: `/v1/sites/${site.key}/widget-config` })

  const listed = await eventually(async () => {
    const res = await app.inject({ url: `/v1/sites/${site.key}/refused-origins`, headers: adminHeaders })
    return res.json().items.length > 0 ? res.json().items : null
  })
  t.equal(listed.length, 1, 'only the refused page: a call with no Origin header is nobody’s page')
  t.match(listed[0], { origin: STRANGER, count: 1 })
  t.ok(Date.parse(listed[0].lastSeenAt) >= Date.parse(listed[0].firstSeenAt))

  const agent = auth((await addAgent('Plain')).token)
  const asAgent = await app.inject({ url: `/v1/sites/${site.key}/refused-origins`, headers: agent })
  t.same([asAgent.statusCode, asAgent.json().error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'])
})

t.test("a visitor's socket from a refused origin is noted too", async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const who = await rt.addVisitor()
  const client = await rt.connect({ origin: 'http://localhost:8080' })
  client.send(rt.visitorHello(who.token))
  t.equal((await client.closed).code, CLOSE_CODES.ORIGIN_NOT_ALLOWED)
  const items = await eventually(async () => {
    const found = await store.listRefusedOrigins(rt.workspace.id, rt.site.id)
    return found.length ? found : null
  })
  t.same(items.map((r) => r.origin), ['http://localhost:8080'])
})

function capturedLog() {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { log: Fastify({ logger: { level: 'warn', stream: sink } }).log, lines }
}

t.test('the same origin is written and logged once a minute; a flood of made-up origins is bounded per site', async (t) => {
  const { store, site } = await workspaceWithSite(t)
  let now = Date.parse('2026-12-03T10:00:00Z')
  const { log, lines } = capturedLog()
  const noted = refusedOrigins({ store, log, now: () => now })

  noted.note(site, STRANGER, 'http')
  noted.note(site, STRANGER, 'websocket')
  await noted.settled()
  let kept = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.same(kept.map((r) => [r.origin, r.count]), [[STRANGER, 1]], 'a repeat within the minute is not written again')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(lines.length, 1, 'nor logged again')
  t.match(lines[0], { level: 40, siteKey: site.key, origin: STRANGER, via: 'http' })

  now += RENOTE_AFTER_MS
  noted.note(site, STRANGER, 'http')
  await noted.settled()
  kept = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.same(kept.map((r) => [r.origin, r.count]), [[STRANGER, 2]], 'a minute later it counts again')

  now += RENOTE_AFTER_MS
  for (let i = 0; i < 500; i++) noted.note(site, `https://bot-${i}.example`, 'http')
  await noted.settled()
  kept = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.equal(kept.length, REFUSED_ORIGINS_KEPT, 'the site keeps its latest distinct origins only')
  t.ok(kept.every((r) => /^https:\/\/bot-\d+\.example$/.test(r.origin)))
  t.ok(lines.length <= 2 + RECORDS_PER_SITE_PER_MINUTE, `${lines.length} log lines for 500 refusals in a minute`)
})

t.test('what is kept of a made-up Origin header is bounded and has no control characters', async (t) => {
  const { store, site } = await workspaceWithSite(t)
  const noted = refusedOrigins({ store, log: capturedLog().log })
  noted.note(site, `https://a.example\u0000\u001b[31m${'x'.repeat(URL_MAX_CHARS * 2)}`, 'http')
  await noted.settled()
  const [kept] = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.equal(kept?.origin.length, URL_MAX_CHARS)
  t.ok(kept?.origin.startsWith('https://a.example[31m'), 'control characters dropped')
})
