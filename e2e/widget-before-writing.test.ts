// What the widget says and asks before the customer's first message: the site's pre-chat form (kept
// as the customer's own, unverified words, which agents see marked so) and, when nobody can answer
// (outside the site's hours or with nobody online), that nobody can, and when they are back.
import t from 'tap'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

const PRE_CHAT = [
  { name: 'name', label: 'Your name', type: 'text' as const, required: true },
  { name: 'email', label: 'Email', type: 'email' as const, required: true },
  { name: 'order', label: 'Order number', type: 'text' as const, required: false },
]

t.test("the pre-chat form comes first; its answers reach the agent as the customer's own, marked unverified", async (t) => {
  const { host, tandem } = await world(t, { site: { preChatFields: PRE_CHAT } })
  const agent = await tandem.agentSocket()
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const name = widget(page).getByRole('textbox', { name: 'Your name *' })
  await name.waitFor()
  t.equal(await widget(page).getByRole('textbox', { name: 'Write a message…' }).count(), 0, 'no composer before the form is answered')
  t.ok(await page.evaluate(`document.querySelector('tandem-chat').shadowRoot.activeElement?.name === 'name'`), 'focus is on its first field')
  await name.fill('Ada Lovelace')
  await widget(page).getByRole('textbox', { name: 'Email *' }).fill('not an email')
  await widget(page).getByRole('button', { name: 'Start chat' }).click()
  t.equal(tandem.count('visitors'), 0, 'the browser refuses a bad email before anything is sent')
  await widget(page).getByRole('textbox', { name: 'Email *' }).fill('ada@example.com')
  await widget(page).getByRole('textbox', { name: 'Order number' }).fill('A-17')
  await screenshot(page, 'widget-pre-chat')
  await widget(page).getByRole('button', { name: 'Start chat' }).click()
  await write(page, 'Where is order A-17?')
  const told = await agent.socket.next('conversation')
  const visitor = await fetch(`${tandem.url}/v1/visitors/${told.conversation.visitorId}`, { headers: { authorization: `Bearer ${agent.token}` } }).then((r) => r.json())
  t.match(visitor, { verified: false, name: null, email: null, claims: { name: 'Ada Lovelace', email: 'ada@example.com', attributes: { order: 'A-17' } } })
  const inbox = await fetch(`${tandem.url}/v1/conversations`, { headers: { authorization: `Bearer ${agent.token}` } }).then((r) => r.json())
  t.same(inbox.items[0].customer, { displayName: 'Ada Lovelace', verified: false }, 'the inbox names them, as unverified')

  await page.reload()
  // Open before the reload: open again after it.
  await widget(page).getByText('Where is order A-17?').waitFor()
  t.equal(await widget(page).getByRole('button', { name: 'Start chat' }).count(), 0, 'answered once on this device: not asked again')
})

t.test('outside business hours the widget says so, and when it opens, before the customer writes', async (t) => {
  // Open one hour a week, half a week away (UTC): closed now, whatever the day.
  const opens = new Date(Date.now() + 3.5 * 86_400_000)
  const hh = String(opens.getUTCHours()).padStart(2, '0')
  const businessHours = { timeZone: 'UTC', hours: [{ day: opens.getUTCDay(), open: `${hh}:00`, close: `${hh}:59` }] }
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', site: { businessHours } })
  await tandem.agentSocket()
  const page = await openPage(t, browser, { locale: 'en-GB', timezoneId: 'UTC' })
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(opens)
  const notice = widget(page).locator('p.queue', { hasText: 'Nobody is available right now' })
  await notice.waitFor()
  const text = await notice.textContent()
  t.match(text, new RegExp(`We're back on ${weekday}`), 'the day it opens, in the customer’s time zone and language')
  t.match(text, /Our assistant can help you meanwhile\./, 'on an ai-first site the assistant still answers')
  await screenshot(page, 'widget-away')
  await write(page, 'Hello?')
  await notice.waitFor({ state: 'detached' })
  t.pass('once the customer has written, the queue says where they stand instead')
})
