// The widget as a customer uses it, in Chromium, on a shop page served from another origin than
// Tandem: the bubble, a conversation with a real agent's socket, reloads, a server killed mid-chat.
import t, { type Test } from 'tap'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { shopPage, startHostSite } from './helpers/host-page.ts'
import { startTandem } from './helpers/tandem.ts'

const browser = await launchBrowser(t)

async function world(t: Test) {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey) })
  return { host, tandem }
}

async function take(tandem: { url: string }, token: string, conversationId: string) {
  const res = await fetch(`${tandem.url}/v1/conversations/${conversationId}/take`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`take: ${res.status} ${await res.text()}`)
}

t.test('the bubble appears, and nothing is asked of the server until the customer writes', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser)
  const sockets: string[] = []
  page.on('websocket', (ws) => sockets.push(ws.url()))
  await page.goto(host.url('/'))
  const launcher = widget(page).locator('button.launcher')
  await launcher.waitFor()
  t.equal(await launcher.getAttribute('aria-label'), 'Open chat')
  await screenshot(page, 'widget-closed')
  await launcher.click()
  await widget(page).getByText('Hi! How can we help today?').waitFor()
  await page.waitForFunction("document.querySelector('tandem-chat').shadowRoot.activeElement?.tagName === 'TEXTAREA'")
  t.pass('focus moves into the chat, at the composer')
  t.same(sockets, [], 'opening the chat opens no socket')
  t.equal(tandem.count('visitors'), 0, 'and creates no visitor')
  await screenshot(page, 'widget-open-empty')
})

t.test("a customer's message reaches the agent's socket, and the reply comes back with the agent's name", async (t) => {
  const { host, tandem } = await world(t)
  const { socket: agent, token } = await tandem.agentSocket()
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const composer = widget(page).getByRole('textbox')
  await composer.fill('Where is my order #1234?')
  await composer.press('Enter')
  const told = await agent.next('conversation')
  const conversationId = told.conversation.id
  // Online, Ann is given it at once (human-first); taking it is harmless. Hers now: she resumes it.
  await take(tandem, token, conversationId)
  agent.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
  const first = await agent.next('message', (f) => f.message.text === 'Where is my order #1234?')
  t.equal(first.message.kind, 'customer')
  agent.send({ type: 'send', clientId: 'reply-1', conversationId, text: 'It ships **today**.' })
  await agent.next('ack')
  const reply = widget(page).locator('li.theirs', { hasText: 'It ships today.' })
  await reply.waitFor()
  t.equal(await reply.locator('.name').textContent(), 'Ann Agent', "the reply is labelled with the agent's name")
  t.equal(await reply.locator('strong').textContent(), 'today', 'Markdown bold, as an element')
  await widget(page).getByText('Ann Agent joined the conversation.').waitFor()
  agent.send({ type: 'read', conversationId, seq: 1 })
  await widget(page).getByText('✓✓ Read').waitFor()
  await screenshot(page, 'widget-open-conversation')

  await page.reload()
  await widget(page).locator('button.launcher').waitFor()
  if ((await widget(page).locator('.chat').count()) === 0) await widget(page).locator('button.launcher').click()
  await widget(page).locator('li.theirs', { hasText: 'It ships today.' }).waitFor()
  t.equal(await widget(page).getByText('Where is my order #1234?').count(), 1, 'after a reload the history is there, once')
  t.equal(await widget(page).locator('li.theirs .name').first().textContent(), 'Ann Agent', 'still naming who answered')
})

t.test('the server killed mid-chat: the widget reconnects, sends what was typed meanwhile, and shows every message once', async (t) => {
  const { host, tandem } = await world(t)
  let { socket: agent, token } = await tandem.agentSocket()
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  const composer = widget(page).getByRole('textbox')
  await composer.fill('Hello, anyone there?')
  await composer.press('Enter')
  const conversationId = (await agent.next('conversation')).conversation.id
  await take(tandem, token, conversationId)
  agent.send({ type: 'send', clientId: 'before-kill', conversationId, text: 'Yes, how can I help?' })
  await widget(page).getByText('Yes, how can I help?').waitFor()

  await tandem.kill()
  await widget(page).getByText(/Reconnecting/).waitFor()
  await composer.fill('I typed this while you were away')
  await composer.press('Enter')
  await widget(page).getByText('Sending…').waitFor()
  await screenshot(page, 'widget-reconnecting')
  await tandem.start()
  ;({ socket: agent, token } = await tandem.agentSocket())
  agent.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
  await agent.next('message', (f) => f.message.text === 'I typed this while you were away', 30_000)
  agent.send({ type: 'send', clientId: 'after-restart', conversationId, text: 'Got it, back now.' })
  await widget(page).getByText('Got it, back now.').waitFor({ timeout: 30_000 })
  await widget(page).getByText(/Reconnecting/).waitFor({ state: 'detached' })
  for (const text of ['Hello, anyone there?', 'Yes, how can I help?', 'I typed this while you were away', 'Got it, back now.']) {
    t.equal(await widget(page).getByText(text, { exact: true }).count(), 1, `"${text}" shown once`)
  }
  t.equal(await widget(page).getByText('Sending…').count(), 0, 'nothing left waiting')
})
