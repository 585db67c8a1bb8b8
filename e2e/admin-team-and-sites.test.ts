// The admin pages in Chromium, as a workspace admin runs support without touching the API: the team
// and the sites. A new site and a new agent (who signs in with the one-time password and must
// replace it), a site's settings saved as one form, a page on a refused origin showing up on its site,
// and an agent kept out of all of it, in the page and at the API. admin-help-center.test.ts has the rest.
import t from 'tap'
import { signIn, agentPage, axePage } from './helpers/agent-app.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { shopPage, startHostSite } from './helpers/host-page.ts'
import { RETURNS, until, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

t.test('an admin creates a site and an agent; the agent signs in with the one-time password and must change it', async (t) => {
  const { tandem } = await world(t)
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 900 } })
  await admin.getByRole('link', { name: 'Sites' }).click()
  await admin.getByRole('heading', { name: 'Sites', level: 1 }).waitFor()
  await admin.getByLabel('Website address').fill('https://shop.example/help')
  t.match(await admin.locator('#create-site-origin-help').textContent(), /is a page, not an origin: use https:\/\/shop\.example/, 'an address with a path is explained before saving')
  t.ok(await admin.getByRole('button', { name: 'Create site' }).isDisabled())
  await admin.getByLabel('Name').fill('Globex Store')
  await admin.getByLabel('Website address').fill('https://Globex.example')
  await admin.getByRole('button', { name: 'Create site' }).click()
  await admin.getByRole('heading', { name: 'Globex Store', level: 1 }).waitFor()
  const tag = await admin.locator('pre[aria-labelledby="install-tag"]').textContent()
  const key = /data-site="(site_[A-Za-z0-9_-]{22})"/.exec(tag ?? '')?.[1]
  t.ok(key, `the install tab shows the script tag: ${tag}`)
  t.match(tag, `src="${tandem.url}/widget.js"`)
  await admin.getByRole('button', { name: 'Reveal the secret' }).click()
  const secret = await admin.locator('code.secret').textContent()
  t.ok(secret && secret.length >= 32, 'the secret is revealed on request')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the install tab')
  await screenshot(admin, 'admin-site-install')

  await admin.getByRole('link', { name: 'Agents' }).click()
  await admin.getByRole('heading', { name: 'Agents', level: 1 }).waitFor()
  await admin.getByLabel('Name').fill('Nina New')
  await admin.getByLabel('Email').fill('nina@acme.example')
  await admin.getByLabel('Capacity', { exact: true }).fill('3')
  await admin.getByRole('button', { name: 'Add agent' }).click()
  const otp = (await admin.locator('.secret-box code.secret').textContent())?.trim() ?? ''
  t.ok(otp.length >= 10, 'the one-time password is shown once, to hand over')
  await admin.getByRole('button', { name: 'Copy password' }).waitFor()
  const nina = admin.locator('tbody tr', { hasText: 'Nina New' })
  await nina.getByText('Must choose a password').waitFor()
  t.equal(await nina.getByLabel('Capacity for Nina New').inputValue(), '3')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the agents page')
  await screenshot(admin, 'admin-agents')
  await admin.getByRole('button', { name: 'Done' }).click()
  t.equal(await admin.locator('.secret-box').count(), 0, 'and then it is gone from the page')

  const newcomer = await openPage(t, browser)
  await newcomer.goto(`${tandem.url}/agent/`)
  await signIn(newcomer, 'nina@acme.example', otp)
  await newcomer.getByRole('heading', { name: 'Choose your password' }).waitFor()
  t.pass('the one-time password leads to "Choose your password" first')
  await newcomer.getByLabel('New password', { exact: true }).fill('nina-owns-this-password')
  await newcomer.getByLabel('New password again').fill('nina-owns-this-password')
  await newcomer.getByRole('button', { name: 'Save password' }).click()
  await newcomer.locator('nav.sidebar').waitFor()
  t.equal(await newcomer.locator('.admin-nav').count(), 0, 'a plain agent has no admin pages in the sidebar')

  await nina.getByRole('button', { name: 'Deactivate for Nina New' }).click()
  const asked = admin.getByRole('dialog', { name: 'Deactivate Nina New?' })
  t.same(await axePage(admin), [], 'axe-core finds nothing on the confirmation')
  await asked.getByRole('button', { name: 'Deactivate' }).click()
  await nina.getByText('Deactivated', { exact: true }).waitFor()
  await newcomer.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor()
  t.pass("deactivated, Nina's open app is signed out at once")
  await nina.getByRole('button', { name: 'Reactivate for Nina New' }).click()
  await admin.getByText('Nina New can sign in again.').waitFor()
  await signIn(newcomer, 'nina@acme.example', 'nina-owns-this-password')
  await newcomer.locator('nav.sidebar').waitFor()
  t.pass('reactivated, she signs in with her own password')
})

t.test('a page on a refused origin shows up on its site, and one click allows it', async (t) => {
  const { tandem } = await world(t)
  const stranger = await startHostSite(t)
  stranger.put('/', { html: shopPage(tandem.url, tandem.siteKey) })
  const visitor = await openPage(t, browser)
  await visitor.goto(stranger.url('/'))
  // Opening the chat asks for the site's settings: the first call a refused page makes.
  await widget(visitor).locator('button.launcher').click()
  await until(() => tandem.rows('refused_origins').length > 0)
  await widget(visitor).locator('button.launcher').click()

  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 1000 }, path: `/agent/admin/sites/${tandem.siteKey}` })
  const refused = admin.locator('.refused-list li', { hasText: stranger.origin })
  await refused.waitFor()
  t.match(await refused.textContent(), /once, last/, 'the refused origin is listed as text, with when')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the site settings')
  await refused.scrollIntoViewIfNeeded()
  await screenshot(admin, 'admin-refused-origins')
  await refused.getByRole('button', { name: `Allow ${stranger.origin}` }).click()
  await admin.getByRole('dialog', { name: `Allow ${stranger.origin}?` }).getByRole('button', { name: 'Allow' }).click()
  await admin.getByText(`${stranger.origin} is allowed now.`).waitFor()
  await refused.getByText('Allowed now').waitFor()
  t.match(await admin.getByLabel('Allowed addresses, one per line').inputValue(), stranger.origin)

  await visitor.reload()
  await widget(visitor).locator('button.launcher').click()
  await write(visitor, 'Hello from the second shop')
  await until(() => tandem.rows('messages').some((m) => m.text === 'Hello from the second shop'))
  t.pass('the page that was refused now chats')
})

t.test('site settings are saved as one form, with the launcher previewed in the chosen colour', async (t) => {
  const { host, tandem } = await world(t)
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 1000 }, path: `/agent/admin/sites/${tandem.siteKey}` })
  await admin.getByLabel('Greeting').fill('Welcome to Acme! Ask us anything.')
  await admin.locator('#site-color').fill('#0f766e')
  t.equal(await admin.locator('.preview-launcher').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(15, 118, 110)', 'the preview follows the colour as typed')
  await admin.getByLabel('Open on these hours').check()
  await admin.getByLabel('Add hours on Saturday').click()
  await admin.getByRole('button', { name: 'Add a question' }).click()
  await admin.getByLabel('Allowed addresses, one per line').fill(`${host.origin}\nhttps://shop.example/checkout`)
  await admin.getByText('https://shop.example/checkout is a page, not an origin: use https://shop.example').waitFor()
  await admin.getByLabel('Allowed addresses, one per line').fill(`${host.origin}\nhttps://shop.example`)
  await admin.getByRole('button', { name: 'Save settings' }).click()
  await admin.getByText('Saved. Pages pick the changes up when they next load the chat.').waitFor()
  const [site] = tandem.rows('sites')
  t.equal(site!.greeting, 'Welcome to Acme! Ask us anything.')
  t.equal(site!.color, '#0f766e')
  t.same(JSON.parse(String(site!.allowed_origins)), [host.origin, 'https://shop.example'])
  const hours = JSON.parse(String(site!.business_hours)) as { hours: { day: number }[] }
  t.same(hours.hours.map((h) => h.day), [1, 2, 3, 4, 5, 6], 'Monday to Friday, and the Saturday added')
  t.same(JSON.parse(String(site!.pre_chat_fields)), [{ name: 'email', label: 'Your email', type: 'email', required: false }])

  await screenshot(admin, 'admin-site-settings')
  await admin.setViewportSize({ width: 768, height: 1000 })
  await admin.getByRole('heading', { name: 'Acme Shop', level: 1 }).scrollIntoViewIfNeeded()
  t.same(await axePage(admin), [], 'axe-core finds nothing on a tablet-wide window')
  await screenshot(admin, 'admin-site-settings-narrow')
  const shopper = await openPage(t, browser)
  await shopper.goto(host.url('/'))
  await widget(shopper).locator('button.launcher').click()
  await widget(shopper).getByText('Welcome to Acme! Ask us anything.').waitFor()
  t.equal(await widget(shopper).locator('button.launcher').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(15, 118, 110)', "the customer's launcher has the new colour")
})

t.test('an agent cannot reach the admin pages or the admin routes', async (t) => {
  const { tandem } = await world(t, { agents: ['Ann Admin', 'Bob Agent'] })
  const bob = await agentPage(t, browser, tandem, 1, { path: '/agent/admin/agents' })
  await bob.getByRole('heading', { name: 'Admins only' }).waitFor()
  t.equal(await bob.locator('.admin-nav').count(), 0, 'no admin links in his sidebar')
  t.equal(await bob.locator('table').count(), 0, 'and no list of agents')
  t.notOk(
    await bob.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/admin-pages-'))),
    "the admin pages' code is never even fetched",
  )
  t.same(await axePage(bob), [], 'axe-core finds nothing on the refusal')

  const { token } = await tandem.agentSocket(1)
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const calls: [string, string, unknown?][] = [
    ['POST', '/v1/agents', { name: 'Eve', email: 'eve@acme.example' }],
    ['PATCH', `/v1/agents/${tandem.agents[0]!.id}`, { role: 'agent' }],
    ['POST', '/v1/sites', { name: 'Mine now' }],
    ['PATCH', `/v1/sites/${tandem.siteKey}`, { allowedOrigins: ['https://evil.example'] }],
    ['GET', `/v1/sites/${tandem.siteKey}/secret`],
    ['GET', `/v1/sites/${tandem.siteKey}/refused-origins`],
    ['POST', `/v1/sites/${tandem.siteKey}/articles/import`, { articles: [RETURNS] }],
    ['POST', `/v1/sites/${tandem.siteKey}/knowledge/ask`, { question: 'Returns?' }],
    ['POST', '/v1/canned-replies', { shortcut: 'x', text: 'y' }],
  ]
  for (const [method, path, body] of calls) {
    const res = await fetch(tandem.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    t.same([res.status, ((await res.json()) as { error: { code: string } }).error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'], `${method} ${path}`)
  }
})
