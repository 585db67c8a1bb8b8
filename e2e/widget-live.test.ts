// What happens while the customer chats: the unread badge and title while closed, typing both ways,
// the queue and "Talk to a person", the AI's answer streaming with its sources, where the customer
// is (also after a single-page navigation). (Tabs, a site that boots the widget itself, rating and
// the list of conversations are in widget-visits.test.ts.)
import t from 'tap'
import { startFakeGemini } from '../test/helpers/fake-gemini.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import type { Tandem } from './helpers/tandem.ts'
import { RETURNS, until, world, write } from './helpers/widget-world.ts'
import type { WsClient } from '../test/helpers/realtime.ts'

const browser = await launchBrowser(t)
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
  await until(() => tandem.rows('messages').some((m) => m.kind === 'ai' && m.outcome === 'confirmed'))
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
  await until(() => tandem.rows('messages').some((m) => m.kind === 'ai' && m.outcome === 'more_help'))
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
