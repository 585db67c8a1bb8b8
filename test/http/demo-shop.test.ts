// The demo shop Tandem serves at /demo/ once the first start set up the demo: the page a newcomer
// opens first, with the widget's tag for the demo site, under a CSP with no inline code; `/` leads
// there, or to the agent app where there is no demo shop.
import t from 'tap'
import { createSecretBox } from '../../server/secrets.ts'
import { DEMO_QUESTIONS } from '../../server/setup/demo-shop.ts'
import { DEMO_ADMIN_EMAIL, setUpDemoIfEmpty } from '../../server/setup/demo.ts'
import { login, testApp, testConfig } from '../helpers/factories.ts'

t.test('before the demo, / leads to the agent app and /demo/ says there is no shop here', async (t) => {
  const { app } = await testApp(t)
  const home = await app.inject({ url: '/' })
  t.same([home.statusCode, home.headers.location], [302, '/agent/'])
  const shop = await app.inject({ url: '/demo/' })
  t.same([shop.statusCode, shop.json().error.code], [404, 'ERR_ROUTE_NOT_FOUND'])
  t.match(shop.json().error.message, /no demo shop here/)
})

t.test('after it, / leads to the demo shop: a page with the tag for the demo site, and no inline code', async (t) => {
  const config = testConfig(t)
  const { app, store } = await testApp(t, { config })
  const demo = await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config)
  const home = await app.inject({ url: '/' })
  t.same([home.statusCode, home.headers.location], [302, '/demo/'])
  t.same([(await app.inject({ url: '/demo' })).statusCode, (await app.inject({ url: '/demo' })).headers.location], [308, '/demo/'])
  const page = await app.inject({ url: '/demo/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, `<script src="/widget.js" data-site="${demo!.siteKey}" async></script>`, 'the one tag a site owner pastes')
  t.match(page.body, '<script src="/demo/shop.js" defer></script>')
  t.notMatch(page.body, /<script>|<style|\sstyle="|\son[a-z]+="/, 'no inline script, style or handler')
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, "script-src 'self'")
  t.notMatch(csp, /unsafe-inline|unsafe-eval/)
  const css = await app.inject({ url: '/demo/shop.css' })
  t.same([css.statusCode, css.headers['content-type']], [200, 'text/css; charset=utf-8'])
  const js = await app.inject({ url: '/demo/shop.js' })
  t.match(js.body, /Tandem\.open\(\)/, "the shop's own button opens the chat through the JavaScript API")
})

t.test('with DEMO=false there is no demo shop, whatever the data folder holds', async (t) => {
  const config = testConfig(t)
  const { store } = await testApp(t, { config })
  await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config)
  const { app } = await testApp(t, { store, config: { ...config, demo: false } })
  t.equal((await app.inject({ url: '/demo/' })).statusCode, 404)
  t.equal((await app.inject({ url: '/' })).headers.location, '/agent/')
})

t.test("the demo shop's suggested questions are ones its help center answers, each with its source", async (t) => {
  const config = testConfig(t)
  const { app, store } = await testApp(t, { config })
  const demo = await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config)
  const first = await login(app, DEMO_ADMIN_EMAIL, demo!.oneTimePassword)
  const changed = await app.inject({ method: 'POST', url: '/v1/me/password', headers: { authorization: `Bearer ${first.token}` }, payload: { currentPassword: demo!.oneTimePassword, newPassword: 'the demo admin owns this one' } })
  t.ok(changed.statusCode < 300, 'the admin chooses a password, as at first sign-in')
  const admin = await login(app, DEMO_ADMIN_EMAIL, 'the demo admin owns this one')
  const headers = { authorization: `Bearer ${admin.token}` }
  for (const question of DEMO_QUESTIONS) {
    const body = (await app.inject({ method: 'POST', url: `/v1/sites/${demo!.siteKey}/knowledge/ask`, headers, payload: { question } })).json()
    t.match(body, { outcome: 'answer', citations: [{ title: /\w/ }] }, `"${question}" is answered: ${body.citations?.[0]?.title ?? body.handoffReason ?? body.error?.code}`)
  }
})
