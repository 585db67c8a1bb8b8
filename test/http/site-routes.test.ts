// Sites as admins and agents see them: created and changed by admins, read by any agent of the
// workspace, and invisible to every other workspace.
import t from 'tap'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, requestsWith, type Refusal } from '../helpers/refusals.ts'

const SHOP = 'https://shop.example'

async function createSite(app: Awaited<ReturnType<typeof signedInWorkspace>>['app'], headers: Record<string, string>, body: object = {}) {
  const res = await app.inject({ method: 'POST', url: '/v1/sites', headers, payload: { name: 'Shop', allowedOrigins: [SHOP], ...body } })
  if (res.statusCode !== 201) throw new Error(`create site failed: ${res.statusCode} ${res.body}`)
  return res.json() as { site: { id: string; key: string; [field: string]: unknown }; secret: string }
}

t.test('an admin creates a site: a fresh public key, the settings given, defaults for the rest, and the secret once', async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sites',
    headers: adminHeaders,
    payload: { name: 'Shop', allowedOrigins: [SHOP, 'http://localhost:8080'], routingPolicy: 'ai-first', color: '#112233' },
  })
  t.equal(res.statusCode, 201)
  const { site, secret } = res.json()
  t.match(site.key, /^site_[A-Za-z0-9_-]{22}$/)
  t.match(site, { name: 'Shop', allowedOrigins: [SHOP, 'http://localhost:8080'], routingPolicy: 'ai-first', color: '#112233', businessHours: null })
  t.type(site.greeting, 'string')
  t.match(secret, /^[A-Za-z0-9_-]{43}$/, 'a 256-bit secret')

  const stored = await store.findSiteByKey(site.key)
  t.equal(stored?.workspaceId, workspace.id, "stored in the caller's workspace")
  t.equal(stored?.id, site.id)
  t.notOk(stored?.secretEncrypted.includes(secret), 'the secret is not stored in clear')

  const again = await createSite(app, adminHeaders)
  t.not(again.site.key, site.key, 'every site gets its own key')
  t.not(again.secret, secret, 'and its own secret')
})

t.test('any agent of the workspace lists and reads its sites, and no view carries the secret', async (t) => {
  const { app, adminHeaders, addAgent, auth } = await signedInWorkspace(t)
  const first = await createSite(app, adminHeaders, { name: 'First' })
  const second = await createSite(app, adminHeaders, { name: 'Second' })
  const { token } = await addAgent('Plain')

  const list = await app.inject({ url: '/v1/sites', headers: auth(token) })
  t.equal(list.statusCode, 200)
  t.same(list.json(), { items: [first.site, second.site] }, 'oldest first, exactly as created')

  const one = await app.inject({ url: `/v1/sites/${second.site.key}`, headers: auth(token) })
  t.equal(one.statusCode, 200)
  t.same(one.json(), second.site)

  for (const body of [list.body, one.body]) {
    t.notOk(body.includes(first.secret) || body.includes(second.secret), 'no secret in clear')
    t.notOk(/secret/i.test(body), 'nor encrypted, nor under any name')
  }
})

t.test("an admin changes a site's settings; the change is read back everywhere and the key stays", async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const { site } = await createSite(app, adminHeaders)
  const change = {
    name: 'Shop EU',
    allowedOrigins: ['https://eu.shop.example'],
    routingPolicy: 'human-only',
    greeting: 'Hej!',
    awayMessage: 'We are away.',
    businessHours: { timeZone: 'Europe/Stockholm', hours: [{ day: 1, open: '09:00', close: '17:00' }] },
    preChatFields: [{ name: 'order', label: 'Order number', type: 'text', required: false }],
    locale: 'sv-SE',
    color: '#abcdef',
  }
  const res = await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: change })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { ...change, id: site.id, key: site.key, createdAt: site.createdAt })

  const fresh = await app.inject({ url: `/v1/sites/${site.key}`, headers: adminHeaders })
  t.same(fresh.json(), res.json(), 'a fresh read sees the change')
  const stored = await store.getSite(workspace.id, site.id)
  t.match(stored, { ...change, key: site.key })
  t.ok(stored!.updatedAt.getTime() >= new Date(site.createdAt as string).getTime())

  const partial = await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: { greeting: '' } })
  t.equal(partial.statusCode, 200)
  t.match(partial.json(), { ...change, greeting: '' }, 'only the fields sent change; an empty greeting is allowed')
})

t.test('plain agents read sites but every write and the secret are for admins only', async (t) => {
  const { app, store, workspace, adminHeaders, addAgent, auth } = await signedInWorkspace(t)
  const { site } = await createSite(app, adminHeaders)
  const before = await store.listSites(workspace.id)
  const as = requestsWith(auth((await addAgent('Plain')).token))
  const refused = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 403, code: 'ERR_ACCESS_ADMIN_ONLY' })

  await expectRefusals(t, app, [
    refused('create a site', as('POST', '/v1/sites', { name: 'Mine' })),
    refused('change a site', as('PATCH', `/v1/sites/${site.key}`, { allowedOrigins: ['https://evil.example'] })),
    refused('read the secret', as('GET', `/v1/sites/${site.key}/secret`)),
    refused('rotate the secret', as('POST', `/v1/sites/${site.key}/secret/rotate`)),
  ])
  t.same(await store.listSites(workspace.id), before, 'nothing changed')
})

t.test('without an access token every site route is refused', async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const { site } = await createSite(app, adminHeaders)
  const before = await store.listSites(workspace.id)
  const anon = requestsWith({})
  const unauthenticated = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 401, code: 'ERR_AUTH_REQUIRED' })

  await expectRefusals(t, app, [
    unauthenticated('list sites', anon('GET', '/v1/sites')),
    unauthenticated('create a site', anon('POST', '/v1/sites', { name: 'Mine' })),
    unauthenticated('read a site', anon('GET', `/v1/sites/${site.key}`)),
    unauthenticated('change a site', anon('PATCH', `/v1/sites/${site.key}`, { name: 'Mine' })),
    unauthenticated('read the secret', anon('GET', `/v1/sites/${site.key}/secret`)),
    unauthenticated('rotate the secret', anon('POST', `/v1/sites/${site.key}/secret/rotate`)),
  ])
  t.same(await store.listSites(workspace.id), before, 'nothing changed')
})

t.test("another workspace's site key is not found: not listed, not shown, not changed, its secret neither read nor rotated", async (t) => {
  const ours = await signedInWorkspace(t)
  const { app, store } = ours
  const theirs = await signedInWorkspace(t, { app, store })
  const { site: theirSite, secret: theirSecret } = await createSite(app, theirs.adminHeaders, { name: 'Their shop' })
  const { site: ourSite } = await createSite(app, ours.adminHeaders, { name: 'Our shop' })
  const theirsBefore = await store.listSites(theirs.workspace.id)
  const as = requestsWith(ours.adminHeaders)
  const notFound = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 404, code: 'ERR_SITE_NOT_FOUND' })

  await expectRefusals(t, app, [
    notFound('read it', as('GET', `/v1/sites/${theirSite.key}`)),
    notFound('change it', as('PATCH', `/v1/sites/${theirSite.key}`, { name: 'Taken over', allowedOrigins: ['https://evil.example'] })),
    notFound('read its secret', as('GET', `/v1/sites/${theirSite.key}/secret`)),
    notFound('rotate its secret', as('POST', `/v1/sites/${theirSite.key}/secret/rotate`)),
    notFound('a well-formed key no site has', as('GET', `/v1/sites/site_${'A'.repeat(22)}`)),
  ])

  const list = await app.inject({ url: '/v1/sites', headers: ours.adminHeaders })
  t.same(list.json().items.map((s: { key: string }) => s.key), [ourSite.key], 'only our own site is listed')
  t.same(await store.listSites(theirs.workspace.id), theirsBefore, 'their site is untouched, secret included')
  const theirRead = await app.inject({ url: `/v1/sites/${theirSite.key}/secret`, headers: theirs.adminHeaders })
  t.same(theirRead.json(), { secret: theirSecret }, 'their own admin still reads the same secret')
})

t.test("the workspace of a new site is the caller's, whatever the body says", async (t) => {
  const ours = await signedInWorkspace(t)
  const theirs = await signedInWorkspace(t, { app: ours.app, store: ours.store })
  const res = await ours.app.inject({
    method: 'POST',
    url: '/v1/sites',
    headers: ours.adminHeaders,
    payload: { name: 'Sneaky', workspaceId: theirs.workspace.id },
  })
  t.equal(res.statusCode, 400, 'a workspace id in the body is an unknown field, refused')
  t.equal(res.json().error.code, 'ERR_REQUEST_INVALID')
  t.same(await ours.store.listSites(theirs.workspace.id), [], 'nothing landed in the other workspace')
  t.same(await ours.store.listSites(ours.workspace.id), [], 'nor in ours')
})
