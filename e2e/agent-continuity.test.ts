// Nothing an agent writes is lost, and a big inbox stays light: a reply written while the server is
// down is sent once it is back (exactly once), a draft outlives a reload, and 2,000 open
// conversations load into a list whose page holds only a window of rows.
import t from 'tap'
import { agentPage, online, row } from './helpers/agent-app.ts'
import { launchBrowser, widget } from './helpers/browser.ts'
import { customerWrites, until, world } from './helpers/widget-world.ts'
import { startTandem } from './helpers/tandem.ts'
import { ROW_HEIGHT } from '../agent-app/layout.ts'

const browser = await launchBrowser(t)

t.test('a reply sent while the server restarts is delivered once it is back, exactly once', async (t) => {
  const { host, tandem } = await world(t)
  const page = await agentPage(t, browser, tandem)
  await online(page)
  const customer = (await customerWrites(t, browser, host, 'Can I change my delivery address?')).page
  await row(page, 'Visitor').click()
  const composer = page.getByLabel('Reply to the customer')
  await composer.waitFor()

  await tandem.kill()
  await page.locator('.connection.reconnecting').waitFor()
  t.match(await page.locator('.connection').textContent(), /Reconnecting/, 'the agent sees the connection is down')
  await composer.fill('Yes, until it ships.')
  await composer.press('Enter')
  await page.locator('.pending', { hasText: 'Sending…' }).waitFor()
  await tandem.start()
  await online(page)
  await widget(customer).getByText('Yes, until it ships.').waitFor()
  await page.locator('.pending').waitFor({ state: 'detached' })
  await until(() => tandem.rows('messages').some((m) => m.text === 'Yes, until it ships.'))
  t.equal(tandem.rows('messages').filter((m) => m.text === 'Yes, until it ships.').length, 1, 'stored once')
  t.equal(await page.locator('.messages li', { hasText: 'Yes, until it ships.' }).count(), 1, 'and shown once')
})

t.test('a reload that cannot reach the server waits for it, still signed in, rather than asking to sign in', async (t) => {
  const { tandem } = await world(t)
  const page = await agentPage(t, browser, tandem)
  await online(page)
  await page.route('**/v1/auth/refresh', (route) => route.abort())
  await page.reload()
  await page.getByRole('status').filter({ hasText: 'Tandem cannot be reached right now. Trying again…' }).waitFor()
  await page.unroute('**/v1/auth/refresh')
  await page.locator('nav.sidebar').waitFor()
  await online(page)
  t.equal(await page.getByRole('heading', { name: 'Sign in to your inbox' }).count(), 0, 'never asked to sign in again')
})

t.test('a draft is kept per conversation, across a reload, until it is sent', async (t) => {
  const { host, tandem } = await world(t)
  const page = await agentPage(t, browser, tandem)
  await online(page)
  const customer = (await customerWrites(t, browser, host, 'Do you gift-wrap?')).page
  await row(page, 'Visitor').click()
  await page.getByLabel('Reply to the customer').fill('We do, for €3')
  await page.reload()
  await page.getByLabel('Reply to the customer').waitFor()
  t.equal(await page.getByLabel('Reply to the customer').inputValue(), 'We do, for €3', 'the draft came back')
  await page.getByLabel('Reply to the customer').press('Enter')
  await widget(customer).getByText('We do, for €3').waitFor()
  await page.reload()
  await page.getByLabel('Reply to the customer').waitFor()
  t.equal(await page.getByLabel('Reply to the customer').inputValue(), '', 'sent: no draft left')
})

t.test('2,000 open conversations load, and the page holds only a window of rows', async (t) => {
  const tandem = await startTandem(t, { hostOrigin: 'http://127.0.0.1:9', openConversations: 2000 })
  const page = await agentPage(t, browser, tandem, 0, { path: '/agent/?view=open' })
  await online(page)
  const rows = page.locator('.rows li.row')
  await rows.first().waitFor()
  const counted = async () => rows.count()
  t.ok((await counted()) <= 100, `the page holds ${await counted()} rows, not 100 pages' worth`)
  // Scroll to the end, page by page, as the agent would.
  const scroller = page.locator('.rows')
  while ((await page.locator('.views a.current .count').textContent()) !== '2000') {
    await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight))
    await page.waitForTimeout(50)
  }
  await scroller.evaluate((element) => (element.scrollTop = element.scrollHeight))
  // Rows are placed by their index: the last of 2,000 sits at 1,999 rows down.
  await page.locator('.rows li.row').last().and(page.locator(`[style*="top: ${1999 * ROW_HEIGHT}px"]`)).waitFor()
  t.ok((await counted()) <= 100, `at the end, still ${await counted()} rows in the page`)
  t.ok(await page.locator('.rows li.row').last().isVisible(), 'and the oldest is in view')

  await page.getByLabel('Search conversations').fill('Question number 1234')
  await page.getByLabel('Search conversations').press('Enter')
  await page.locator('.rows li.row').first().filter({ hasText: 'Customer 1234' }).waitFor()
  t.equal(await counted(), 1, 'a search by text finds the one conversation')
  await page.getByLabel('Search conversations').fill('customer 77')
  await page.getByLabel('Search conversations').press('Enter')
  await page.locator('.rows li.row').filter({ hasText: 'Customer 770' }).waitFor()
  t.equal(await counted(), 11, "and by the customer's name: 77 and 770 to 779")
})
