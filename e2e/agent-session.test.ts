// Signing in and staying signed in: wrong passwords and the rate limit said plainly, a one-time
// password that must be replaced first, changing one's password, signing out of every tab, and an
// access token that runs out while the agent works without signing them out. An agent never sees
// another workspace's conversation, whatever URL they open.
import t from 'tap'
import { TEST_PASSWORD } from '../test/helpers/factories.ts'
import { agentPage, axePage, online, signIn } from './helpers/agent-app.ts'
import { launchBrowser, openPage, screenshot } from './helpers/browser.ts'
import { startTandem } from './helpers/tandem.ts'

const browser = await launchBrowser(t)
const HOST = 'http://127.0.0.1:9'

async function adminToken(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: TEST_PASSWORD }) })
  return ((await res.json()) as { accessToken: string }).accessToken
}

t.test('a wrong password is said plainly, and so is the rate limit after many', async (t) => {
  const tandem = await startTandem(t, { hostOrigin: HOST })
  const page = await openPage(t, browser)
  await page.goto(`${tandem.url}/agent/`)
  t.same(await axePage(page), [], 'axe-core finds nothing on the sign-in screen')
  await screenshot(page, 'agent-sign-in')
  await signIn(page, tandem.agents[0]!.email, 'not the password')
  await page.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor()
  t.same(await axePage(page), [], 'nor with the error shown')
  // The per-account limit (10 in 15 minutes from a browser the account never signed in from).
  for (let attempt = 2; attempt <= 11; attempt++) {
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
  }
  await page.getByRole('alert').filter({ hasText: 'Too many attempts. Wait a few minutes, then try again.' }).waitFor()
  t.pass('the eleventh attempt is refused for its rate, and the screen says so')
})

t.test('a first sign-in with a one-time password goes straight to choosing one; then the agent changes it again and signs out of every tab', async (t) => {
  const tandem = await startTandem(t, { hostOrigin: HOST })
  const token = await adminToken(tandem.url, tandem.agents[0]!.email)
  const created = await fetch(`${tandem.url}/v1/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Nina New', email: 'nina@acme.example' }),
  })
  const { oneTimePassword } = (await created.json()) as { oneTimePassword: string }

  const page = await openPage(t, browser)
  await page.goto(`${tandem.url}/agent/`)
  await signIn(page, 'nina@acme.example', oneTimePassword)
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor()
  t.same(await axePage(page), [], 'axe-core finds nothing on "choose your password"')
  await screenshot(page, 'agent-choose-password')
  await page.getByLabel('New password', { exact: true }).fill('short')
  await page.getByLabel('New password again').fill('short')
  await page.getByRole('button', { name: 'Save password' }).click()
  await page.getByRole('alert').filter({ hasText: 'Choose at least 10 characters.' }).waitFor()
  await page.getByLabel('New password', { exact: true }).fill('ninas own passphrase')
  await page.getByLabel('New password again').fill('ninas own passphrase')
  await page.getByRole('button', { name: 'Save password' }).click()
  await page.locator('nav.sidebar').waitFor()
  await online(page)
  t.pass('the inbox, with a socket: the one-time password is gone')

  // Changing it again, from the app.
  await page.getByRole('button', { name: 'Change password' }).click()
  await page.getByLabel('Current password').fill('not it at all')
  await page.getByLabel('New password', { exact: true }).fill('an even better passphrase')
  await page.getByLabel('New password again').fill('an even better passphrase')
  await page.getByRole('button', { name: 'Save password' }).click()
  await page.getByRole('alert').filter({ hasText: 'The current password is not right.' }).waitFor()
  await page.getByLabel('Current password').fill('ninas own passphrase')
  await page.getByRole('button', { name: 'Save password' }).click()
  await page.locator('nav.sidebar').waitFor()

  // A second tab of the same browser; signing out in one signs out both.
  const second = await page.context().newPage()
  await second.goto(`${tandem.url}/agent/`)
  await second.locator('nav.sidebar').waitFor()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor()
  await second.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor()
  await second.reload()
  await second.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor()
  t.pass('both tabs are signed out, and a reload does not sign back in')
  await signIn(second, 'nina@acme.example', 'an even better passphrase')
  await second.locator('nav.sidebar').waitFor()
  t.pass('the new password signs in')
})

t.test('an access token that runs out is renewed: silently before it expires, and when a request finds it expired', async (t) => {
  const tandem = await startTandem(t, { hostOrigin: HOST, env: { ACCESS_TOKEN_TTL_SECONDS: '2' } })
  const page = await agentPage(t, browser, tandem)
  await online(page)
  let refreshes = 0
  let lastToken = ''
  page.on('response', (response) => {
    if (response.url().endsWith('/v1/auth/refresh') && response.ok()) refreshes++
  })
  page.on('request', (request) => {
    const header = request.headers().authorization
    if (header) lastToken = header.slice('Bearer '.length)
  })
  while (refreshes < 3) await page.waitForResponse((r) => r.url().endsWith('/v1/auth/refresh'))
  t.pass('renewed three times without a sign-in: the 2 s token never ran out on the app')

  // Renewal fails for a while (the network drops it): the token runs out on the server.
  await page.route('**/v1/auth/refresh', (route) => route.abort())
  await page.locator('.status-switch').getByText('Away').click()
  await page.locator('.me-name .dot-away').waitFor()
  const expired = lastToken
  for (;;) {
    const res = await fetch(`${tandem.url}/v1/me`, { headers: { authorization: `Bearer ${expired}` } })
    if (res.status === 401 && ((await res.json()) as { error: { code: string } }).error.code === 'ERR_AUTH_TOKEN_EXPIRED') break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await page.unroute('**/v1/auth/refresh')
  await page.locator('.status-switch').getByText('Online').click()
  await page.locator('.me-name .dot-online').waitFor()
  t.pass('the refused request renewed the token and went through')
  await page.reload()
  await page.locator('nav.sidebar').waitFor()
  await online(page)
  t.pass('a reload keeps the agent signed in')
})

t.test("another workspace's conversation cannot be opened by URL", async (t) => {
  const tandem = await startTandem(t, { hostOrigin: HOST, otherWorkspace: true })
  const page = await agentPage(t, browser, tandem, 0, { path: `/agent/conversations/${tandem.foreignConversationId}` })
  await page.getByRole('heading', { name: 'Conversation not found' }).waitFor()
  t.equal(await page.getByText('A secret of Globex').count(), 0, 'nothing of it shows')
  await page.goto(`${tandem.url}/agent/conversations/not-an-id`)
  await page.getByRole('heading', { name: 'Conversation not found' }).waitFor()
  t.pass('nor does a made-up id break the app')
})
