// The widget's public settings route: no token, but only from the site's own allowed origins (checked
// by the server, and by the browser through CORS), and nothing private in the answer.
import t from 'tap'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, type Refusal } from '../helpers/refusals.ts'

const SHOP = 'https://shop.example'

async function siteWithOrigin(t: Parameters<typeof signedInWorkspace>[0]) {
  const ws = await signedInWorkspace(t)
  const created = await ws.app.inject({
    method: 'POST',
    url: '/v1/sites',
    headers: ws.adminHeaders,
    payload: {
      name: 'Shop',
      allowedOrigins: [SHOP, 'http://localhost:8080'],
      greeting: 'Hi! How can we help?',
      awayMessage: 'Back at nine.',
      routingPolicy: 'ai-first',
      preChatFields: [{ name: 'email', label: 'Your email', type: 'email', required: true }],
      locale: 'en-GB',
      color: '#0a7cff',
    },
  })
  const { site, secret } = created.json()
  const widgetConfig = (headers: Record<string, string> = {}) => ws.app.inject({ url: `/v1/sites/${site.key}/widget-config`, headers })
  return { ...ws, site, secret, widgetConfig }
}

t.test('the widget on an allowed origin reads the settings it draws itself with', async (t) => {
  const { widgetConfig } = await siteWithOrigin(t)
  for (const origin of [SHOP, 'http://localhost:8080']) {
    const res = await widgetConfig({ origin })
    t.equal(res.statusCode, 200, origin)
    t.same(res.json(), {
      name: 'Shop',
      greeting: 'Hi! How can we help?',
      awayMessage: 'Back at nine.',
      color: '#0a7cff',
      locale: 'en-GB',
      preChatFields: [{ name: 'email', label: 'Your email', type: 'email', required: true }],
      routingPolicy: 'ai-first',
      availability: { agentsOnline: false, withinBusinessHours: true, nextOpenAt: null },
    })
  }
})

t.test('the widget config says whether a person can answer now: anyone online, the hours, the next opening', async (t) => {
  const { app, store, workspace, admin, site, adminHeaders, widgetConfig } = await siteWithOrigin(t)
  await store.updateAgent(workspace.id, admin.id, { status: 'online' })
  t.same((await widgetConfig({ origin: SHOP })).json().availability, { agentsOnline: true, withinBusinessHours: true, nextOpenAt: null }, 'no hours: always open')
  // Open one minute a week, twelve hours from now (UTC): closed now, opening then.
  const opens = new Date(Math.ceil((Date.now() + 12 * 3_600_000) / 60_000) * 60_000)
  const hhmm = (d: Date) => d.toISOString().slice(11, 16)
  const businessHours = { timeZone: 'UTC', hours: [{ day: opens.getUTCDay(), open: hhmm(opens), close: hhmm(new Date(opens.getTime() + 60_000)) }] }
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: { businessHours } })).statusCode, 200)
  t.same((await widgetConfig({ origin: SHOP })).json().availability, { agentsOnline: true, withinBusinessHours: false, nextOpenAt: opens.toISOString() })
  await store.updateAgent(workspace.id, admin.id, { active: false })
  t.equal((await widgetConfig({ origin: SHOP })).json().availability.agentsOnline, false, 'a deactivated agent answers nobody')
})

t.test('the widget config leaks nothing private: no secret, no origins, no ids', async (t) => {
  const { site, secret, workspace, widgetConfig } = await siteWithOrigin(t)
  const res = await widgetConfig({ origin: SHOP })
  t.equal(res.statusCode, 200)
  const privateValues = { 'the secret': secret, 'an allowed origin': SHOP, 'another allowed origin': 'localhost:8080', 'the site id': site.id, 'the workspace id': workspace.id }
  for (const [what, value] of Object.entries(privateValues)) t.notOk(res.body.includes(value), `does not contain ${what}`)
  for (const field of ['secret', 'secretEncrypted', 'allowedOrigins', 'id', 'key', 'workspaceId', 'businessHours']) {
    t.notOk(field in res.json(), `no ${field}`)
  }
})

t.test('the widget config is refused to a foreign origin, a look-alike origin and a request without one', async (t) => {
  const { app, site } = await siteWithOrigin(t)
  const url = `/v1/sites/${site.key}/widget-config`
  const refused = (name: string, headers: Record<string, string>): Refusal => ({
    name,
    request: { method: 'GET', url, headers },
    status: 403,
    code: 'ERR_SITE_ORIGIN_NOT_ALLOWED',
  })
  await expectRefusals(t, app, [
    refused('a foreign origin', { origin: 'https://evil.example' }),
    refused('no Origin header', {}),
    refused('the same host over http', { origin: 'http://shop.example' }),
    refused('the same host on another port', { origin: 'https://shop.example:8443' }),
    refused('a subdomain', { origin: 'https://www.shop.example' }),
    refused('a trailing slash', { origin: `${SHOP}/` }),
    refused('a sandboxed frame', { origin: 'null' }),
    refused('an allowed origin only in the Referer', { referer: `${SHOP}/cart` }),
  ])
})

t.test('an unknown site key is not found, whatever the origin', async (t) => {
  const { app } = await siteWithOrigin(t)
  const res = await app.inject({ url: `/v1/sites/site_${'B'.repeat(22)}/widget-config`, headers: { origin: SHOP } })
  t.equal(res.statusCode, 404)
  t.equal(res.json().error.code, 'ERR_SITE_NOT_FOUND')
})

t.test('an origin an admin removes is refused on the very next request', async (t) => {
  const { app, site, adminHeaders, widgetConfig } = await siteWithOrigin(t)
  t.equal((await widgetConfig({ origin: SHOP })).statusCode, 200)
  const patch = await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: { allowedOrigins: ['http://localhost:8080'] } })
  t.equal(patch.statusCode, 200)
  const res = await widgetConfig({ origin: SHOP })
  t.equal(res.statusCode, 403)
  t.equal(res.json().error.code, 'ERR_SITE_ORIGIN_NOT_ALLOWED')
})

t.test('CORS lets an allowed origin read the widget config, and no other', async (t) => {
  const { app, site, widgetConfig } = await siteWithOrigin(t)
  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: `/v1/sites/${site.key}/widget-config`,
      headers: { origin, 'access-control-request-method': 'GET' },
    })

  const allowed = await preflight(SHOP)
  t.ok(allowed.statusCode < 300, 'the preflight succeeds')
  t.equal(allowed.headers['access-control-allow-origin'], SHOP, 'for that origin only, never *')
  t.match(String(allowed.headers['access-control-allow-methods']), /GET/)
  t.equal((await widgetConfig({ origin: SHOP })).headers['access-control-allow-origin'], SHOP, 'and the answer itself is readable')

  const foreign = await preflight('https://evil.example')
  t.ok(foreign.statusCode < 500, 'a foreign preflight is no crash')
  t.notOk('access-control-allow-origin' in foreign.headers, 'a foreign preflight gets no CORS grant')
  const foreignGet = await widgetConfig({ origin: 'https://evil.example' })
  t.notOk('access-control-allow-origin' in foreignGet.headers, 'nor does the refused request')
})

t.test("agent routes grant no CORS, even to a site's allowed origin", async (t) => {
  const { app, site, adminHeaders } = await siteWithOrigin(t)
  for (const url of ['/v1/sites', `/v1/sites/${site.key}`, `/v1/sites/${site.key}/secret`]) {
    const res = await app.inject({ url, headers: { ...adminHeaders, origin: SHOP } })
    t.equal(res.statusCode, 200, url)
    t.notOk('access-control-allow-origin' in res.headers, `${url}: no CORS header`)
    const preflight = await app.inject({ method: 'OPTIONS', url, headers: { origin: SHOP, 'access-control-request-method': 'GET' } })
    t.notOk('access-control-allow-origin' in preflight.headers, `${url}: no CORS preflight grant`)
  }
})

t.test("a page Tandem serves itself reads its settings: a same-origin GET has no Origin, and Sec-Fetch-Site says so", async (t) => {
  const { widgetConfig } = await siteWithOrigin(t)
  // The demo shop's case: a page on http://localhost:8080 (an allowed origin) asking its own server.
  const own = await widgetConfig({ host: 'localhost:8080', 'sec-fetch-site': 'same-origin' })
  t.equal(own.statusCode, 200, 'the page is on an allowed origin: the one it was served from')
  t.equal(own.json().greeting, 'Hi! How can we help?')
  const elsewhere = await widgetConfig({ host: 'tandem.example', 'sec-fetch-site': 'same-origin' })
  t.same([elsewhere.statusCode, elsewhere.json().error.code], [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED'], 'a server origin the site does not allow is refused')
  const crossSite = await widgetConfig({ host: 'localhost:8080', 'sec-fetch-site': 'cross-site' })
  t.same([crossSite.statusCode, crossSite.json().error.code], [403, 'ERR_SITE_ORIGIN_NOT_ALLOWED'], 'without Origin, only a same-origin request counts')
})
