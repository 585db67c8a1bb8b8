// The demo shop Tandem serves at /demo/ once the first start set up the demo: the page a newcomer
// opens first, with the widget's tag for the demo site, under a CSP with no inline code; `/` leads
// there, or to the agent app where there is no demo shop.
import t from 'tap'
import { createSecretBox } from '../../server/secrets.ts'
import { setUpDemoIfEmpty } from '../../server/setup/demo.ts'
import { testApp, testConfig } from '../helpers/factories.ts'

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
