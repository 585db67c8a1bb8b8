// What happens while the customer chats: the unread badge and title while closed, typing both ways,
// the queue and "Talk to a person", the AI's answer streaming with its sources, where the customer
// is (also after a single-page navigation), several tabs together, and a site that boots it itself.
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { startFakeGemini } from '../test/helpers/fake-gemini.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { shopPage, startHostSite } from './helpers/host-page.ts'
import { startTandem, type SeedOptions, type Tandem } from './helpers/tandem.ts'
import type { WsClient } from '../test/helpers/realtime.ts'

const browser = await launchBrowser(t)
const RETURNS = { title: 'Returns policy', body: 'You can return any item within 30 days of delivery for a full refund. Start a return from your orders page.', url: 'https://shop.example/help/returns' }

async function world(t: Test, options: Omit<SeedOptions, 'hostOrigin'> = {}, tag: { attributes?: string; body?: string } = {}) {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin, ...options })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey, tag) })
  return { host, tandem }
}

async function write(page: Page, text: string) {
  const composer = widget(page).getByRole('textbox')
  await composer.fill(text)
  await composer.press('Enter')
}

/** The agent (connected before the customer wrote) is given the conversation, takes it and resumes it. */
async function heldBy(tandem: Tandem, agent: { socket: WsClient; token: string }) {
  const conversationId = (await agent.socket.next('conversation')).conversation.id
  await fetch(`${tandem.url}/v1/conversations/${conversationId}/take`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } })
  agent.socket.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
  return { socket: agent.socket, conversationId }
}

t.test('a reply while the chat is closed shows on the launcher and in the tab title, and opening clears both', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  const launcher = widget(page).locator('button.launcher')
  await launcher.click()
  const agent = await tandem.agentSocket()
  await write(page, 'Do you ship to Canada?')
  const { socket, conversationId } = await heldBy(tandem, agent)
  await launcher.click()
  socket.send({ type: 'send', clientId: 'r1', conversationId, text: 'We do!' })
  socket.send({ type: 'send', clientId: 'r2', conversationId, text: 'Delivery takes 5 days.' })
  await widget(page).locator('.badge', { hasText: '2' }).waitFor()
  t.equal(await page.title(), '(2) Acme Shop')
  t.equal(await launcher.getAttribute('aria-label'), 'Open chat, 2 unread')
  await screenshot(page, 'widget-closed-unread')
  await launcher.click()
  await widget(page).locator('.badge').waitFor({ state: 'hidden' })
  t.equal(await page.title(), 'Acme Shop')
  await socket.next('read', (f) => f.role === 'visitor' && f.seq >= 3)
  t.pass('and the agent is told the customer read them')
})

t.test('a customer who comes back after an answer arrived sees it on the launcher before opening the chat', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  const launcher = widget(page).locator('button.launcher')
  await launcher.click()
  const agent = await tandem.agentSocket()
  await write(page, 'Is the blue one back in stock?')
  const { socket, conversationId } = await heldBy(tandem, agent)
  await launcher.click()
  await page.goto('about:blank')
  socket.send({ type: 'send', clientId: 'r1', conversationId, text: 'Yes, since this morning.' })
  await socket.next('ack', (f) => f.clientId === 'r1')
  await page.goto(host.url('/'))
  await widget(page).locator('.badge', { hasText: '1' }).waitFor()
  t.equal(await page.title(), '(1) Acme Shop', 'without a click: the returning visitor reconnected by itself')
  await launcher.click()
  await widget(page).getByText('Yes, since this morning.').waitFor()
  await widget(page).locator('.badge').waitFor({ state: 'hidden' })
})

t.test('typing shows on both sides, and the agent sees the page the customer is on, also after a navigation', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const agent = await tandem.agentSocket()
  await write(page, 'Hello!')
  const { socket, conversationId } = await heldBy(tandem, agent)
  await widget(page).getByRole('textbox').pressSequentially('Another question', { delay: 20 })
  t.match(await socket.next('typing', (f) => f.typing), { role: 'visitor', conversationId }, 'the agent sees the customer typing')
  socket.send({ type: 'typing', conversationId, typing: true })
  await widget(page).locator('li.typing').waitFor()
  t.pass('the customer sees the agent typing')
  socket.send({ type: 'send', clientId: 'r1', conversationId, text: 'Sure, ask away.' })
  await widget(page).getByText('Sure, ask away.').waitFor()
  t.equal(await widget(page).locator('li.typing').count(), 0, 'the message ends the typing dots')
  await page.evaluate("history.pushState({}, '', '/checkout')")
  const moved = await socket.next('visitor', (f) => f.visitor.pageContext?.url.endsWith('/checkout') ?? false)
  t.match(moved.visitor.pageContext, { url: host.url('/checkout'), title: 'Acme Shop' })
})

t.test('waiting for a person: the queue position, then who joined; "Talk to a person" hands over from the AI', async (t) => {
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS] })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await write(page, 'How do I return an item?')
  const answer = widget(page).locator('li.theirs', { has: page.locator('.sources') })
  await answer.waitFor()
  const source = answer.locator('.sources a')
  t.equal(await source.getAttribute('href'), RETURNS.url, 'the source is a link to the article')
  t.equal(await source.getAttribute('target'), '_blank')
  t.equal(await source.textContent(), RETURNS.title)
  const handoff = widget(page).getByRole('button', { name: 'Talk to a person' })
  t.equal(await handoff.count(), 0, 'while the quick replies ask, "I need more help" is the way to a person')
  await screenshot(page, 'widget-quick-replies')
  await widget(page).getByRole('button', { name: 'That helped' }).click()
  await widget(page).getByRole('button', { name: 'That helped' }).waitFor({ state: 'detached' })
  await waitFor(() => tandem.rows('messages').some((m) => m.kind === 'ai' && m.outcome === 'confirmed'))
  t.pass('the answer is recorded as confirmed')
  await handoff.click()
  await widget(page).getByText('You are in line: someone will join you as soon as they are online.').waitFor()
  await screenshot(page, 'widget-queued')
  const { socket } = await tandem.agentSocket()
  await widget(page).getByText('Ann Agent joined the conversation.').waitFor()
  t.equal(await widget(page).locator('p.queue').count(), 0, 'no longer waiting')
  t.equal(await widget(page).locator('header .status').textContent(), 'Ann Agent')
  socket.socket.close()
})

t.test('"I need more help" after an AI answer puts the customer in line for a person', async (t) => {
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS] })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await write(page, 'How do I return an item?')
  await widget(page).getByRole('button', { name: 'I need more help' }).click()
  await widget(page).getByText('You are in line: someone will join you as soon as they are online.').waitFor()
  await waitFor(() => tandem.rows('messages').some((m) => m.kind === 'ai' && m.outcome === 'more_help'))
  t.equal(await widget(page).getByRole('button', { name: 'That helped' }).count(), 0, 'asked once: the quick replies are gone')
})

t.test("the AI's answer streams into the chat as Gemini writes it", async (t) => {
  const gemini = await startFakeGemini(t)
  gemini.otherwise({ kind: 'stall', chunks: ['Standard shipping takes ', '3 to 5 business days'] })
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl } })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await write(page, 'How long does shipping take?')
  const answer = widget(page).locator('li.theirs', { hasText: 'Standard shipping takes 3 to 5 business days' })
  await answer.waitFor()
  t.equal(await answer.locator('.caret').count(), 1, 'still being written: the caret shows')
  t.equal(await answer.locator('.name').textContent(), 'AI assistant')
  await screenshot(page, 'widget-ai-streaming')
  void tandem
})

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

async function waitFor(check: () => boolean): Promise<void> {
  // Polls a database read beside the server; the test's own time limit bounds it.
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}

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
