// The agent's desk following the customer live, with a real customer on the widget: the customer's
// details as they move and block, the whole journey by keyboard, and a new conversation notifying the
// agent once across their tabs. (The other agent tools are in agent-tools.test.ts: one file each keeps
// well inside the per-file time limit.)
import t from 'tap'
import { agentPage, axePage, online, row } from './helpers/agent-app.ts'
import { launchBrowser, screenshot, widget } from './helpers/browser.ts'
import { shopPage } from './helpers/host-page.ts'
import { customerWrites, until, world } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

t.test("the customer's details follow them live: the page they move to, and blocking closes their chat", async (t) => {
  const { host, tandem } = await world(t)
  host.put('/boots', { html: shopPage(tandem.url, tandem.siteKey, { body: '<p>Boots</p>' }).replace('<title>Acme Shop</title>', '<title>Winter boots</title>') })
  const ann = await agentPage(t, browser, tandem)
  await online(ann)
  const shopper = await customerWrites(t, browser, host, 'Do these come in size 44?')
  await row(ann, 'Visitor').click()
  await ann.locator('.context', { hasText: 'Acme Shop' }).waitFor()
  await shopper.page.goto(host.url('/boots'))
  await ann.locator('.context .page-url', { hasText: '/boots' }).waitFor()
  t.match(await ann.locator('.context').textContent(), /Winter boots/, 'with its title beside the address')
  t.equal(await ann.locator('.context .page-url').getAttribute('href'), host.url('/boots'), 'the page they are on now, without a reload')
  t.match(await ann.locator('.context').textContent(), /Chrome \d+ on Linux/, 'their browser')
  t.match(await ann.locator('.context').textContent(), /Not verified/, 'and that nothing about them is verified')

  await ann.getByRole('button', { name: 'Block this customer' }).click()
  t.same(await axePage(ann), [], 'axe-core finds nothing on the confirmation')
  const before = shopper.closed.length
  await ann.getByRole('dialog').getByRole('button', { name: 'Block' }).click()
  await ann.locator('.context', { hasText: 'Blocked.' }).waitFor()
  await until(() => shopper.closed.length > before)
  t.pass("the customer's socket was closed")
  t.ok(tandem.rows('visitors').some((v) => v.blocked === 1), 'and the block is stored')
})

t.test('the keyboard alone: open the next conversation, take it, reply, resolve; "?" lists the keys', async (t) => {
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first' })
  const shopper = await customerWrites(t, browser, host, 'A question the AI may not know')
  const ann = await agentPage(t, browser, tandem, 0, { path: '/agent/?view=open' })
  await online(ann)
  await row(ann, 'Visitor').waitFor()
  await ann.locator('body').press('?')
  await ann.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
  t.same(await axePage(ann), [], 'axe-core finds nothing on the overlay')
  await screenshot(ann, 'agent-shortcuts')
  await ann.keyboard.press('Escape')
  await ann.getByRole('dialog').waitFor({ state: 'detached' })
  await ann.keyboard.press('j')
  await ann.locator('.conversation-header h1').waitFor()
  await ann.keyboard.press('t')
  await ann.locator('.conversation-header .tag', { hasText: 'With you' }).waitFor()
  await ann.keyboard.press('r')
  await ann.keyboard.type('Happy to help by keyboard.')
  await ann.keyboard.press('Enter')
  await widget(shopper.page).getByText('Happy to help by keyboard.').waitFor()
  await ann.keyboard.press('Escape')
  await ann.keyboard.press('e')
  await ann.locator('.conversation-header .tag', { hasText: 'Resolved' }).waitFor()
  t.ok(tandem.rows('conversations').every((c) => c.status === 'resolved'), 'taken, answered and resolved without a mouse')
})

t.test("a new conversation in the queue notifies the agent once, whichever of their tabs is open; the AI's summary is one click", async (t) => {
  const { host, tandem } = await world(t)
  // The desktop's notification centre cannot be watched from a test: the page's Notification is a
  // recorder, permission granted, the tab hidden (so a desktop notification is due).
  const recorder = `
    window.__shown = [];
    window.Notification = class { constructor(title, options) { window.__shown.push(title); } static permission = 'granted'; static requestPermission() { return Promise.resolve('granted') } close() {} };
    Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' });`
  const first = await agentPage(t, browser, tandem)
  await online(first)
  await first.locator('.status-switch').getByText('Away').click()
  await first.locator('.me-name .dot-away').waitFor()
  await first.addInitScript({ content: recorder })
  await first.goto(`${tandem.url}/agent/?view=queue`)
  const second = await first.context().newPage()
  await second.addInitScript({ content: recorder })
  await second.goto(`${tandem.url}/agent/?view=queue`)
  for (const page of [first, second]) await online(page)
  await customerWrites(t, browser, host, 'Anyone around?')
  await row(second, 'Visitor').waitFor()
  await row(first, 'Visitor').waitFor()
  const shown = async () => ((await first.evaluate(() => (globalThis as unknown as { __shown: string[] }).__shown.length)) as number) + ((await second.evaluate(() => (globalThis as unknown as { __shown: string[] }).__shown.length)) as number)
  // Both tabs have the row, so both have handled the summary; the notice runs under a lock just after.
  while ((await shown()) === 0) await first.waitForTimeout(50)
  t.equal(await shown(), 1, 'one desktop notification for two tabs')

  await second.bringToFront()
  await row(second, 'Visitor').click()
  await second.getByRole('button', { name: 'Summarize' }).click()
  await second.getByRole('region', { name: 'AI summary' }).filter({ hasText: 'Anyone around?' }).waitFor()
  t.pass('the summary says what the customer asked')
})
