// What a site owner does with the widget beyond the tag: the JavaScript API from their own page
// script (open, close, toggle, on/off, identify with a good and a bad hash, setAttributes, shutdown).
// (The options and the widget's languages are in widget-options.test.ts.)
import { createHmac } from 'node:crypto'
import t from 'tap'
import type { Page } from 'playwright-core'
import { launchBrowser, openPage, widget } from './helpers/browser.ts'
import { until, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

/** The page records every widget event it listens to, in order, as the site's own script would. */
async function recordEvents(page: Page) {
  await page.waitForFunction('window.Tandem && !Array.isArray(window.Tandem)')
  await page.evaluate(`window.seen = []
    for (const name of ['open', 'close', 'unread', 'message', 'error']) Tandem.on(name, (payload) => seen.push([name, payload]))`)
}
const seen = (page: Page) => page.evaluate('window.seen') as Promise<[string, Record<string, unknown>][]>

const sign = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex')

t.test('open, close and toggle from the page, heard through on() until off()', async (t) => {
  const { host } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await recordEvents(page)
  const chat = widget(page).locator('.chat')
  await page.evaluate('Tandem.open()')
  await chat.waitFor()
  await page.evaluate('Tandem.toggle()')
  await chat.waitFor({ state: 'hidden' })
  await page.evaluate('Tandem.toggle()')
  await chat.waitFor()
  await page.evaluate('Tandem.close()')
  await chat.waitFor({ state: 'hidden' })
  t.same((await seen(page)).map(([name]) => name).filter((name) => name !== 'unread'), ['open', 'close', 'open', 'close'])
  await page.evaluate(`window.later = []; window.listener = () => later.push('open'); Tandem.on('open', listener); Tandem.off('open', listener); Tandem.open()`)
  await chat.waitFor()
  t.same(await page.evaluate('window.later'), [], 'a listener taken off hears nothing')
})

t.test("identify: a wrong hash leaves the customer anonymous and says why; the right one verifies them", async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await recordEvents(page)
  await page.evaluate(`Tandem.identify({ userId: 'user-42', hash: '${'0'.repeat(64)}', name: 'Grace Hopper' })`)
  await page.waitForFunction("window.seen.some(([name]) => name === 'error')")
  const [, error] = (await seen(page)).find(([name]) => name === 'error')!
  t.equal(error.code, 'ERR_IDENTITY_HASH_INVALID', 'the page hears the code')
  t.match(tandem.rows('visitors'), [{ external_id: null, name: null }], 'and the customer stays anonymous')

  await page.evaluate(`Tandem.identify({ userId: 'user-42', hash: '${sign(tandem.secret, 'user-42')}', name: 'Grace Hopper', email: 'grace@navy.example' })`)
  await until(() => tandem.rows('visitors').some((v) => v.external_id === 'user-42'))
  t.match(tandem.rows('visitors'), [{ external_id: 'user-42', name: 'Grace Hopper', email: 'grace@navy.example' }], 'the same visitor, now verified')

  await page.evaluate(`Tandem.identify({ userId: 'user-7', hash: '${sign(tandem.secret, 'user-7')}' })`)
  await until(() => tandem.rows('visitors').some((v) => v.external_id === 'user-7'))
  t.equal(tandem.count('visitors'), 2, 'another user signing in on this browser gets a visitor of their own')
})

t.test('setAttributes before the customer writes waits on the device, then reaches the agents as unverified claims', async (t) => {
  const { host, tandem } = await world(t)
  const { socket: agent } = await tandem.agentSocket()
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await recordEvents(page)
  await page.evaluate(`Tandem.setAttributes({ plan: 'pro', cartItems: 3 })`)
  await page.evaluate('Tandem.open()')
  await widget(page).getByRole('textbox').waitFor()
  t.equal(tandem.count('visitors'), 0, 'a page view that never writes costs the server no visitor')
  await write(page, 'Can I change my plan?')
  await agent.next('conversation')
  await until(() => String(tandem.rows('visitors')[0]?.claims ?? '').includes('"plan":"pro"'))
  t.same(JSON.parse(String(tandem.rows('visitors')[0]!.claims)), { name: null, email: null, attributes: { plan: 'pro', cartItems: 3 } })
  await page.evaluate(`Tandem.setAttributes({ 'not a name': 1 })`)
  await page.waitForFunction("window.seen.some(([name]) => name === 'error')")
  t.equal((await seen(page)).find(([name]) => name === 'error')![1].code, 'ERR_REQUEST_INVALID', 'a refused attribute is reported to the page')
})

t.test('shutdown forgets the customer on this device: the next chat is someone new', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await page.evaluate('Tandem.open()')
  await write(page, 'My name is Ada, order 1234.')
  await widget(page).locator('.tick', { hasText: 'Sent' }).waitFor()
  await page.evaluate('Tandem.shutdown()')
  await widget(page).locator('.chat').waitFor({ state: 'hidden' })
  t.same(await page.evaluate(`Object.keys(localStorage).filter((k) => !k.endsWith(':open'))`), [], 'nothing of the visitor is left in storage')
  await page.reload()
  await page.evaluate('Tandem.open()')
  await widget(page).getByText('Hi! How can we help today?').waitFor()
  t.equal(await widget(page).getByText('My name is Ada, order 1234.').count(), 0, 'the last customer’s words are gone')
  await write(page, 'Hello, new here.')
  await widget(page).locator('.tick', { hasText: 'Sent' }).waitFor()
  t.equal(tandem.count('visitors'), 2)
})
