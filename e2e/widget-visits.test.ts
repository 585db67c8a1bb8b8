// The widget across tabs and visits: tabs of one site together, a site that boots it itself, a
// resolved conversation rated and a new one started, and the list of the customer's conversations.
// (What happens while the customer chats is in widget-live.test.ts: one file each keeps well inside
// the per-file time limit.)
import t from 'tap'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { heldBy, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

t.test('tabs of one site open and close the chat together and share the conversation', async (t) => {
  const { host } = await world(t)
  const context = await browser.newContext()
  t.teardown(() => context.close())
  const [first, second] = [await context.newPage(), await context.newPage()]
  for (const page of [first, second]) await page.goto(host.url('/'))
  await widget(first).locator('button.launcher').click()
  await widget(second).locator('.chat').waitFor()
  t.pass('opening in one tab opens the other')
  await write(first, 'Hi from tab one')
  await widget(second).getByText('Hi from tab one').waitFor()
  t.pass('the other tab shows the message')
  await widget(second).getByRole('button', { name: 'Close chat' }).first().click()
  await widget(first).locator('.chat').waitFor({ state: 'hidden' })
  t.pass('closing in one closes both')
})

t.test('with data-manual the widget waits for Tandem.boot(), and calls queued before it ran are kept', async (t) => {
  const { host } = await world(t, {}, { attributes: 'data-manual' })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await page.waitForLoadState('networkidle')
  t.equal(await widget(page).count(), 0, 'nothing drawn before consent')
  const events = await page.evaluate(`new Promise((resolve) => {
    const seen = []
    Tandem.on('open', () => { seen.push('open'); resolve(seen) })
    Tandem.boot()
    Tandem.open()
  })`)
  t.same(events, ['open'])
  await widget(page).locator('.chat').waitFor()
  t.equal(await page.evaluate('Object.keys(window).filter((k) => /tandem/i.test(k)).join()'), 'Tandem', 'the only global is window.Tandem')
})

t.test('resolved → the customer rates it (stars and a comment) → starts a new conversation', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const agent = await tandem.agentSocket()
  await write(page, 'My parcel never came.')
  const { conversationId } = await heldBy(tandem, agent)
  const resolved = await fetch(`${tandem.url}/v1/conversations/${conversationId}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } })
  t.equal(resolved.status, 200)
  const stars = widget(page).getByRole('radio')
  await stars.first().waitFor()
  t.equal(await stars.count(), 5)
  await widget(page).getByRole('radio', { name: '4 of 5' }).check()
  await widget(page).getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind.')
  await screenshot(page, 'widget-rating')
  await widget(page).getByRole('button', { name: 'Send rating' }).click()
  await widget(page).getByText('Thank you for your rating!').waitFor()
  const [row] = tandem.rows('conversations')
  t.match(row, { rating_score: 4, rating_comment: 'Quick and kind.' }, 'stored through the rating route')

  await page.reload()
  await widget(page).getByText('Thank you for your rating!').waitFor()
  t.pass('after a reload the chat knows it was rated, and does not ask again')
  await widget(page).getByRole('button', { name: 'Start a new conversation' }).click()
  await widget(page).getByText('My parcel never came.').waitFor({ state: 'hidden' })
  await write(page, 'A new question about sizes.')
  await widget(page).locator('.tick', { hasText: 'Sent' }).waitFor()
  t.equal(tandem.count('conversations'), 2, 'the next message opened a conversation of its own')
})

t.test('several conversations: the list shows each with its last message, opens an old one, and starts a new one', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const agent = await tandem.agentSocket()
  await write(page, 'Do you ship to Norway?')
  const { conversationId: first } = await heldBy(tandem, agent)
  await fetch(`${tandem.url}/v1/conversations/${first}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } })
  await widget(page).getByRole('button', { name: 'Start a new conversation' }).click()
  await write(page, 'Can I pay by invoice?')
  await widget(page).locator('.tick', { hasText: 'Sent' }).waitFor()

  const listButton = widget(page).getByRole('button', { name: 'Your conversations' })
  await listButton.click()
  const rows = widget(page).locator('button.item')
  await rows.nth(1).waitFor()
  // Ann is online: the new conversation went to her at once, and her joining is its last message.
  t.same(await rows.locator('.preview').allTextContents(), ['Ann Agent joined the conversation.', 'This conversation was resolved. Write again any time to reopen it.'], 'newest first, each with its last message')
  t.equal(await listButton.getAttribute('aria-pressed'), 'true')
  await screenshot(page, 'widget-conversations')
  await rows.nth(1).click()
  await widget(page).getByText('Do you ship to Norway?').waitFor()
  t.equal(await widget(page).getByText('Can I pay by invoice?').count(), 0, 'only the opened conversation is shown')
  await page.reload()
  await widget(page).getByText('Do you ship to Norway?').waitFor()
  t.pass('the opened one stays open across a reload')

  await listButton.click()
  await widget(page).getByRole('button', { name: 'Start a new conversation' }).click()
  await widget(page).getByText('Do you ship to Norway?').waitFor({ state: 'detached' })
  await write(page, 'A third question')
  await widget(page).locator('.tick', { hasText: 'Sent' }).waitFor()
  t.equal(tandem.count('conversations'), 3)
})
