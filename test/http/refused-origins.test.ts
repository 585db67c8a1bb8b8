// A page refused for its origin is noted on its site, so the owner sees why the bubble does not
// connect: over HTTP and over the socket, shown to admins only, bounded however many origins a flood
// makes up, and logged at warn with the site.
import t from 'tap'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { NEW_ORIGINS_PER_ADDRESS_PER_MINUTE, ORIGIN_PATTERN, RECORDS_PER_SITE_PER_MINUTE, RENOTE_AFTER_MS, refusedOrigins } from '../../server/refused-origins.ts'
import { Origin } from '../../protocol/rest/sites.ts'
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

t.test('the same origin is written and logged once a minute', async (t) => {
  const { store, site } = await workspaceWithSite(t)
  let now = Date.parse('2026-12-03T10:00:00Z')
  const { log, lines } = capturedLog()
  const noted = refusedOrigins({ store, log, now: () => now })

  noted.note(site, STRANGER, 'http', '203.0.113.1')
  noted.note(site, STRANGER, 'websocket', '203.0.113.2')
  await noted.settled()
  let kept = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.same(kept.map((r) => [r.origin, r.count]), [[STRANGER, 1]], 'a repeat within the minute is not written again')
  t.equal(lines.length, 1, 'nor logged again')
  t.match(lines[0], { level: 40, siteKey: site.key, origin: STRANGER, via: 'http' })

  now += RENOTE_AFTER_MS
  noted.note(site, STRANGER, 'http', '203.0.113.1')
  await noted.settled()
  kept = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.same(kept.map((r) => [r.origin, r.count]), [[STRANGER, 2]], 'a minute later it counts again')
  t.equal(lines.length, 2)
})

t.test('a flood of made-up origins from one address takes a few places and cannot keep out a real one', async (t) => {
  const { store, site } = await workspaceWithSite(t)
  let now = Date.parse('2026-12-03T10:00:00Z')
  const { log, lines } = capturedLog()
  const noted = refusedOrigins({ store, log, now: () => now })
  for (let i = 0; i < 500; i++) noted.note(site, `https://bot-${i}.example`, 'http', '198.51.100.7')
  noted.note(site, STRANGER, 'http', '203.0.113.1')
  await noted.settled()
  const kept = (await store.listRefusedOrigins(site.workspaceId, site.id)).map((r) => r.origin)
  t.equal(kept.filter((o) => o.startsWith('https://bot-')).length, NEW_ORIGINS_PER_ADDRESS_PER_MINUTE, 'one address brings a few origins a minute')
  t.ok(kept.includes(STRANGER), "a real visitor's origin is still noted")
  t.equal(lines.length, NEW_ORIGINS_PER_ADDRESS_PER_MINUTE + 1, 'and the log says as much, no more')

  // Many addresses together still write at most a site's share a minute, and the next minute opens again.
  for (let i = 0; i < 100; i++) noted.note(site, `https://many-${i}.example`, 'http', `192.0.2.${i}`)
  await noted.settled()
  const afterMany = await store.listRefusedOrigins(site.workspaceId, site.id)
  t.equal(afterMany.length, REFUSED_ORIGINS_KEPT, 'the site keeps its latest distinct origins only')
  t.equal(lines.length, RECORDS_PER_SITE_PER_MINUTE, `${RECORDS_PER_SITE_PER_MINUTE} writes in the minute, whoever sends them`)
  now += 60_000
  noted.note(site, 'https://shop-two.example', 'http', '203.0.113.9')
  await noted.settled()
  t.equal((await store.listRefusedOrigins(site.workspaceId, site.id))[0]?.origin, 'https://shop-two.example', 'a minute later a new one is written')
})

t.test('only what a browser could send is kept: an origin, or "null"', async (t) => {
  t.equal(ORIGIN_PATTERN.source, new RegExp((Origin as { pattern?: string }).pattern ?? '').source, "the same pattern as the API's Origin")
  const { store, site } = await workspaceWithSite(t)
  const { log, lines } = capturedLog()
  const noted = refusedOrigins({ store, log })
  for (const made of ['https://a.example\u0000\u001b[31m', `https://${'x'.repeat(3000)}.example`, 'https://A.example', 'https://a.example/path', 'javascript:alert(1)', 'https://a.example\u0085']) {
    noted.note(site, made, 'http', '203.0.113.1')
  }
  noted.note(site, 'null', 'http', '203.0.113.2')
  await noted.settled()
  t.same((await store.listRefusedOrigins(site.workspaceId, site.id)).map((r) => r.origin), ['null'])
  t.equal(lines.length, 1, 'nothing else is logged either')
})
