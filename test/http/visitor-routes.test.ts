import Database from 'better-sqlite3'
import { createHash, createHmac } from 'node:crypto'
import { join } from 'node:path'
import t from 'tap'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { CUSTOMER_READER } from '../../server/store/store.ts'
import { SHOP_ORIGIN, tempDir, workspaceWithSite } from '../helpers/factories.ts'

const sign = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex')

t.test('a page on an allowed origin starts a visitor whose token is stored only as its SHA-256', async (t) => {
  const db = new Database(join(tempDir(t), 'raw.db'))
  t.teardown(() => db.close())
  const { app, site } = await workspaceWithSite(t, { store: createSqliteStore(db) })
  const res = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors`, headers: { origin: SHOP_ORIGIN } })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['access-control-allow-origin'], SHOP_ORIGIN, "the site's own origin may read the answer")
  const { visitorToken, visitor } = res.json()
  t.match(visitorToken, /^[A-Za-z0-9_-]{43}$/, '256 random bits, URL-safe')
  t.match(visitor, { verified: false, externalId: null, name: null, email: null, attributes: {}, blocked: false })

  const row = db.prepare('SELECT * FROM visitors WHERE id = ?').get(visitor.id) as Record<string, unknown>
  t.equal(row.token_hash, createHash('sha256').update(visitorToken).digest('hex'))
  t.notOk(JSON.stringify(row).includes(visitorToken), 'the token itself is nowhere in the row')

  const me = await app.inject({ url: `/v1/sites/${site.key}/visitors/me`, headers: { origin: SHOP_ORIGIN, authorization: `Bearer ${visitorToken}` } })
  t.equal(me.json().id, visitor.id, 'the token opens the visitor')
})

t.test('a foreign or missing Origin, or an unknown site key, starts no visitor', async (t) => {
  const db = new Database(join(tempDir(t), 'raw.db'))
  t.teardown(() => db.close())
  const { app, site } = await workspaceWithSite(t, { store: createSqliteStore(db) })
  const start = (siteKey: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: `/v1/sites/${siteKey}/visitors`, headers }).then((r) => [r.statusCode, r.json().error?.code, r.headers['access-control-allow-origin']])
  t.same(await start(site.key, { origin: 'https://evil.example' }), [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED', undefined])
  t.same(await start(site.key, { origin: 'http://shop.example' }), [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED', undefined], 'the scheme counts')
  t.same(await start(site.key, { origin: 'null' }), [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED', undefined], 'sandboxed frames')
  t.same(await start(site.key, {}), [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED', undefined], 'no Origin at all')
  t.same(await start('site_' + 'x'.repeat(22), { origin: SHOP_ORIGIN }), [404, 'ERR_SITE_NOT_FOUND', undefined])
  t.same(db.prepare('SELECT count(*) AS n FROM visitors').get(), { n: 0 })
})

t.test('a visitor request without an Origin header is told it has none, not that its page is refused', async (t) => {
  const { app, site } = await workspaceWithSite(t)
  const start = (headers: Record<string, string>) => app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors`, headers }).then((r) => r.json().error)
  t.same(await start({}), {
    code: 'ERR_SITE_ORIGIN_NOT_ALLOWED',
    message: "This request has no Origin header; the widget sends one from the site's page.",
  })
  t.same(await start({ origin: 'https://evil.example' }), { code: 'ERR_SITE_ORIGIN_NOT_ALLOWED', message: "This page's origin is not allowed for the site." })
})

t.test('starting visitors is rate-limited per address, at VISITORS_PER_ADDRESS_PER_MINUTE', async (t) => {
  const { app, site } = await workspaceWithSite(t, { env: { VISITORS_PER_ADDRESS_PER_MINUTE: '5' } })
  const start = (remoteAddress: string) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors`, headers: { origin: SHOP_ORIGIN }, remoteAddress })
  for (let i = 1; i <= 5; i++) t.equal((await start('203.0.113.7')).statusCode, 201, `visitor ${i} of 5 is started`)
  const limited = await start('203.0.113.7')
  t.same([limited.statusCode, limited.json().error.code], [429, 'ERR_RATE_LIMITED'])
  t.ok(Number(limited.headers['retry-after']) > 0, 'says when to come back')
  t.equal((await start('203.0.113.8')).statusCode, 201, 'another address is not held back')
})

t.test('reading yourself marks the visitor as seen', async (t) => {
  const { app, store, workspace, site, addVisitor } = await workspaceWithSite(t)
  const { visitor, headers } = await addVisitor()
  await store.updateVisitor(workspace.id, visitor.id, { lastSeenAt: new Date('2020-01-01T00:00:00Z') })
  const res = await app.inject({ url: `/v1/sites/${site.key}/visitors/me`, headers })
  t.equal(res.statusCode, 200)
  t.ok(Date.parse(res.json().lastSeenAt) > Date.parse('2024-01-01T00:00:00Z'))
  t.ok((await store.getVisitor(workspace.id, visitor.id))!.lastSeenAt > new Date('2024-01-01T00:00:00Z'), 'and it is kept')
})

t.test("a signed identity verifies the visitor and links the user's devices", async (t) => {
  const { app, store, workspace, site, secret, addVisitor } = await workspaceWithSite(t)
  const laptop = await addVisitor()
  const phone = await addVisitor()
  const stranger = await addVisitor()
  const onLaptop = await store.createConversation(workspace.id, { siteId: site.id, visitorId: laptop.visitor.id })
  const onPhone = await store.createConversation(workspace.id, { siteId: site.id, visitorId: phone.visitor.id })
  const ofStranger = await store.createConversation(workspace.id, { siteId: site.id, visitorId: stranger.visitor.id })
  const identify = (headers: Record<string, string>, payload: object) => app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/identify`, headers, payload })
  const listed = async (headers: Record<string, string>) =>
    (await app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations`, headers })).json().items.map((c: { id: string }) => c.id)

  t.same(await listed(laptop.headers), [onLaptop.id], 'anonymous: only its own')
  const res = await identify(laptop.headers, { userId: 'user-42', userHash: sign(secret, 'user-42'), name: 'Ann Lee', email: 'ann@shop.example', attributes: { plan: 'pro', seats: 3 } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { id: laptop.visitor.id, verified: true, externalId: 'user-42', name: 'Ann Lee', email: 'ann@shop.example', attributes: { plan: 'pro', seats: 3 } })
  t.same(await listed(laptop.headers), [onLaptop.id], 'no other device is linked yet')

  const upper = await identify(phone.headers, { userId: 'user-42', userHash: sign(secret, 'user-42').toUpperCase() })
  t.match(upper.json(), { verified: true, externalId: 'user-42', name: null }, 'upper-case hex is the same hash; unsent fields stay empty')
  t.same(await listed(laptop.headers), [onPhone.id, onLaptop.id], "the laptop sees the phone's conversation, newest first")
  t.same(await listed(phone.headers), [onPhone.id, onLaptop.id], "and the phone the laptop's")
  const read = await app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations/${onLaptop.id}`, headers: phone.headers })
  t.equal(read.json().id, onLaptop.id)
  t.same(await listed(stranger.headers), [ofStranger.id], 'a stranger sees nothing of theirs')

  const again = await identify(laptop.headers, { userId: 'user-42', userHash: sign(secret, 'user-42'), name: 'Ann Lee-Park' })
  t.match(again.json(), { name: 'Ann Lee-Park', email: 'ann@shop.example' }, 'the same user may update what is known')
})

t.test('a wrong identity hash is refused and changes nothing', async (t) => {
  const { app, store, workspace, site, secret, addSite, addVisitor } = await workspaceWithSite(t)
  const { visitor, headers } = await addVisitor()
  const other = await addSite()
  const before = await store.getVisitor(workspace.id, visitor.id)
  const identify = (payload: object) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/identify`, headers, payload }).then((r) => [r.statusCode, r.json().error?.code])
  const claims = { userId: 'user-42', name: 'Mallory', email: 'mallory@evil.example' }
  t.same(await identify({ ...claims, userHash: sign(secret, 'user-43') }), [403, 'ERR_IDENTITY_HASH_INVALID'], "another user's hash")
  t.same(await identify({ ...claims, userHash: sign(other.secret, 'user-42') }), [403, 'ERR_IDENTITY_HASH_INVALID'], "another site's secret")
  t.same(await identify({ ...claims, userHash: '0'.repeat(64) }), [403, 'ERR_IDENTITY_HASH_INVALID'])
  t.same(await store.getVisitor(workspace.id, visitor.id), before, 'still anonymous, and the unverified name and email are not kept')
})

t.test('a visitor verified as one user cannot become another', async (t) => {
  const { app, store, workspace, site, secret, addVisitor } = await workspaceWithSite(t)
  const { visitor, headers } = await addVisitor()
  const identify = (userId: string) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/identify`, headers, payload: { userId, userHash: sign(secret, userId), name: userId } })
  t.equal((await identify('user-1')).statusCode, 200)
  const res = await identify('user-2')
  t.same([res.statusCode, res.json().error.code], [409, 'ERR_IDENTITY_ALREADY_VERIFIED'])
  t.match(await store.getVisitor(workspace.id, visitor.id), { externalId: 'user-1', name: 'user-1' })
})

t.test("a visitor's conversation list carries the customer's read position, shared by all their devices", async (t) => {
  const { app, store, workspace, site, addVisitor } = await workspaceWithSite(t)
  const me = await addVisitor()
  const read = await store.createConversation(workspace.id, { siteId: site.id, visitorId: me.visitor.id })
  const unread = await store.createConversation(workspace.id, { siteId: site.id, visitorId: me.visitor.id })
  for (const text of ['Hi', 'Hello, how can I help?']) await store.appendMessage(workspace.id, { conversationId: read.id, kind: 'customer', authorId: me.visitor.id, text })
  await store.markRead(workspace.id, read.id, CUSTOMER_READER, 2)
  await store.markRead(workspace.id, unread.id, 'an-agent-id', 5)
  const res = await app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations`, headers: me.headers })
  t.equal(res.statusCode, 200)
  t.same(
    res.json().items.map((c: { id: string; readSeq: number; lastSeq: number }) => [c.id, c.readSeq, c.lastSeq]),
    [[unread.id, 0, 0], [read.id, 2, 2]],
    "an agent's position is not the customer's",
  )
})

t.test('a visitor token opens only its own conversations; any other is simply not found', async (t) => {
  const { app, store, workspace, site, addSite, addVisitor } = await workspaceWithSite(t)
  const me = await addVisitor()
  const mine = await store.createConversation(workspace.id, { siteId: site.id, visitorId: me.visitor.id })
  const neighbour = await addVisitor()
  const sameSite = await store.createConversation(workspace.id, { siteId: site.id, visitorId: neighbour.visitor.id })
  const { site: site2 } = await addSite()
  const onSite2 = await store.createConversation(workspace.id, { siteId: site2.id, visitorId: (await addVisitor(site2)).visitor.id })
  // Not something the API makes, but the site is checked, not only the visitor.
  const misfiled = await store.createConversation(workspace.id, { siteId: site2.id, visitorId: me.visitor.id })
  const ws2 = await workspaceWithSite(t, { store })
  const inWs2 = await store.createConversation(ws2.workspace.id, { siteId: ws2.site.id, visitorId: (await ws2.addVisitor()).visitor.id })
  const resolve = (id: string) => store.transitionConversation(workspace.id, id, 0, { status: 'resolved' })
  for (const c of [mine, sameSite, onSite2, misfiled]) await resolve(c.id)
  await store.transitionConversation(ws2.workspace.id, inWs2.id, 0, { status: 'resolved' })

  const base = `/v1/sites/${site.key}/visitors/me/conversations`
  for (const [name, id] of [
    ["another visitor's", sameSite.id],
    ["another site's", onSite2.id],
    ["another site's, though naming this visitor", misfiled.id],
    ["another workspace's", inWs2.id],
    ['a nonexistent', 'f'.repeat(32)],
  ] as const) {
    for (const [method, url, payload] of [['GET', `${base}/${id}`], ['GET', `${base}/${id}/messages`], ['POST', `${base}/${id}/rating`, { score: 1 }]] as const) {
      const res = await app.inject({ method, url, headers: me.headers, payload })
      t.same([res.statusCode, res.json().error?.code], [404, 'ERR_CONVERSATION_NOT_FOUND'], `${name}: ${method} ${url.slice(base.length)}`)
    }
  }
  for (const [ws, c] of [[workspace.id, sameSite], [workspace.id, onSite2], [workspace.id, misfiled], [ws2.workspace.id, inWs2]] as const) {
    t.equal((await store.getConversation(ws, c.id))!.rating, null, 'no rating reached another conversation')
  }
  t.equal((await app.inject({ url: `${base}/${mine.id}`, headers: me.headers })).statusCode, 200, 'its own opens')
})

t.test("a visitor token is refused on another site's key, and agent and visitor tokens do not cross", async (t) => {
  const { app, site, addSite, addVisitor, adminHeaders } = await workspaceWithSite(t)
  const { site: site2 } = await addSite()
  const { token, headers } = await addVisitor()
  const onSite2 = await app.inject({ url: `/v1/sites/${site2.key}/visitors/me`, headers })
  t.same([onSite2.statusCode, onSite2.json().error.code], [401, 'ERR_VISITOR_TOKEN_INVALID'], 'same workspace, same origin, other site')
  const asAgent = await app.inject({ url: `/v1/sites/${site.key}/visitors/me`, headers: { ...adminHeaders, origin: SHOP_ORIGIN } })
  t.same([asAgent.statusCode, asAgent.json().error.code], [401, 'ERR_VISITOR_TOKEN_INVALID'], 'an agent token is no visitor token')
  for (const url of ['/v1/conversations', '/v1/me', `/v1/visitors/${'f'.repeat(32)}`]) {
    const res = await app.inject({ url, headers: { authorization: `Bearer ${token}` } })
    t.same([res.statusCode, res.json().error.code], [401, 'ERR_AUTH_TOKEN_INVALID'], `a visitor token on ${url}`)
  }
})

t.test('a blocked visitor is refused until unblocked', async (t) => {
  const { app, site, addVisitor, adminHeaders } = await workspaceWithSite(t)
  const { visitor, headers } = await addVisitor()
  const me = () => app.inject({ url: `/v1/sites/${site.key}/visitors/me`, headers }).then((r) => [r.statusCode, r.json().error?.code])
  const block = (blocked: boolean) => app.inject({ method: 'POST', url: `/v1/visitors/${visitor.id}/block`, headers: adminHeaders, payload: { blocked } })
  t.same(await me(), [200, undefined])
  t.equal((await block(true)).json().blocked, true)
  t.same(await me(), [403, 'ERR_VISITOR_BLOCKED'])
  const list = await app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations`, headers })
  t.equal(list.json().error.code, 'ERR_VISITOR_BLOCKED', 'on every visitor route')
  t.equal((await block(false)).json().blocked, false)
  t.same(await me(), [200, undefined])
})

t.test("a pre-chat form's answers are checked against the site's fields and kept as unverified claims", async (t) => {
  const { app, store, workspace, site, addVisitor, adminHeaders } = await workspaceWithSite(t)
  await store.updateSite(workspace.id, site.id, {
    preChatFields: [
      { name: 'name', label: 'Your name', type: 'text', required: true },
      { name: 'email', label: 'Email', type: 'email', required: true },
      { name: 'order', label: 'Order number', type: 'text', required: false },
    ],
  })
  const me = await addVisitor()
  const answer = (answers: Record<string, string>) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/pre-chat`, headers: me.headers, payload: { answers } })
  const refused = async (answers: Record<string, string>) => {
    const res = await answer(answers)
    return [res.statusCode, res.json().error.code]
  }
  t.same(await refused({ name: 'Ada', email: 'ada@example.com', plan: 'pro' }), [400, 'ERR_PRECHAT_FIELD_UNKNOWN'])
  t.same(await refused({ name: '  ', email: 'ada@example.com' }), [400, 'ERR_PRECHAT_FIELD_REQUIRED'], 'blank is no answer')
  t.same(await refused({ name: 'Ada' }), [400, 'ERR_PRECHAT_FIELD_REQUIRED'])
  t.same(await refused({ name: 'Ada', email: 'ada at example' }), [400, 'ERR_PRECHAT_FIELD_INVALID'])
  t.same(await refused({ name: 'Ada', email: 'a@b@example.com' }), [400, 'ERR_PRECHAT_FIELD_INVALID'])
  t.same((await store.getVisitor(workspace.id, me.visitor.id))!.claims, { name: null, email: null, attributes: {} }, 'a refused form keeps nothing')

  const res = await answer({ name: ' Ada Lovelace ', email: 'ada@example.com', order: 'A-17' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { verified: false, name: null, email: null, claims: { name: 'Ada Lovelace', email: 'ada@example.com', attributes: { order: 'A-17' } } })

  await store.createConversation(workspace.id, { siteId: site.id, visitorId: me.visitor.id })
  const inbox = await app.inject({ url: '/v1/conversations', headers: adminHeaders })
  t.same(inbox.json().items[0].customer, { displayName: 'Ada Lovelace', verified: false }, 'agents see the name, marked unverified')
})

t.test('attributes a page sets are merged into the claims; a verified identity keeps its own', async (t) => {
  const { app, store, workspace, site, secret, addVisitor } = await workspaceWithSite(t)
  const me = await addVisitor()
  const identify = await app.inject({
    method: 'POST',
    url: `/v1/sites/${site.key}/visitors/me/identify`,
    headers: me.headers,
    payload: { userId: 'user-7', userHash: sign(secret, 'user-7'), name: 'Grace', attributes: { plan: 'pro' } },
  })
  t.equal(identify.statusCode, 200)
  const set = (attributes: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/attributes`, headers: me.headers, payload: { attributes } })
  t.equal((await set({ plan: 'free', cart: 3 })).statusCode, 200)
  const res = await set({ cart: 4, returning: true })
  t.match(res.json(), { verified: true, name: 'Grace', attributes: { plan: 'pro' }, claims: { name: null, attributes: { plan: 'free', cart: 4, returning: true } } })
  t.same((await store.getVisitor(workspace.id, me.visitor.id))!.attributes, { plan: 'pro' }, 'what the page says never overwrites the verified identity')

  const bad = await set({ 'no spaces': 1 })
  t.same([bad.statusCode, bad.json().error.code], [400, 'ERR_REQUEST_INVALID'])
  const many = Object.fromEntries(Array.from({ length: 28 }, (_, i) => [`a${i}`, i]))
  const tooMany = await set(many)
  t.same([tooMany.statusCode, tooMany.json().error.code], [400, 'ERR_VISITOR_ATTRIBUTES_TOO_MANY'], '3 kept + 28 new is over 30')
  t.equal(Object.keys((await store.getVisitor(workspace.id, me.visitor.id))!.claims.attributes).length, 3, 'and nothing of it is kept')
})
