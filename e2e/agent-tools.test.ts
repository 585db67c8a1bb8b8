// The agent's tools, with a real customer on the widget whose WebSocket frames the test reads:
// transfer with a note, private notes, canned replies, the AI's suggested reply. (The customer's
// context live, blocking, the keyboard journey and notifications are in agent-desk-live.test.ts.)
import t from 'tap'
import { TEST_PASSWORD } from '../test/helpers/factories.ts'
import { agentPage, axePage, online, row } from './helpers/agent-app.ts'
import { launchBrowser, screenshot, widget, type WatchedPage } from './helpers/browser.ts'
import type { Tandem } from './helpers/tandem.ts'
import { customerWrites, RETURNS, until, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

async function token(tandem: Tandem, index = 0): Promise<string> {
  const res = await fetch(`${tandem.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: tandem.agents[index]!.email, password: TEST_PASSWORD }) })
  return ((await res.json()) as { accessToken: string }).accessToken
}

const composer = (page: WatchedPage) => page.locator('#reply')

t.test('a transfer carries a note for the colleague; the customer is told of the move and never sees the note', async (t) => {
  const { host, tandem } = await world(t, { agents: ['Ann Admin', 'Bob Agent'] })
  const ann = await agentPage(t, browser, tandem, 0)
  const bob = await agentPage(t, browser, tandem, 1)
  await online(ann)
  await online(bob)
  const shopper = await customerWrites(t, browser, host, 'I was charged twice')
  await until(() => tandem.rows('conversations').some((c) => c.assignee_id !== null))
  const held = tandem.rows('conversations')[0]!.assignee_id === tandem.agents[0]!.id
  const [from, to, toName] = held ? [ann, bob, 'Bob Agent'] : [bob, ann, 'Ann Admin']
  await row(from, 'Visitor').click()
  await from.getByRole('button', { name: 'Transfer' }).click()
  t.same(await axePage(from), [], 'axe-core finds nothing on the transfer dialog')
  await from.getByLabel('To', { exact: true }).selectOption({ label: `${toName} (online)` })
  await from.getByLabel('Note for them (the customer does not see it)').fill('VIP customer: refund approved by finance')
  await from.getByRole('dialog').getByRole('button', { name: 'Transfer' }).click()
  await from.locator('.conversation-header .tag', { hasText: `With ${toName}` }).waitFor()
  await row(to, 'Visitor').click()
  await to.locator('.messages li.from-note', { hasText: 'VIP customer: refund approved by finance' }).waitFor()
  t.pass('the colleague has it, with the note')
  await until(() => shopper.frames.some((f) => f.includes('"type":"routing"') && f.includes('"event":"transferred"')))
  t.pass("the customer's socket got the routing event")
  t.notOk(shopper.frames.some((f) => f.includes('refund approved by finance')), 'and never the note')
})

t.test("a private note never reaches the customer's socket, live or on resume", async (t) => {
  const { host, tandem } = await world(t)
  const ann = await agentPage(t, browser, tandem)
  await online(ann)
  const shopper = await customerWrites(t, browser, host, 'Can I pay by invoice?')
  await row(ann, 'Visitor').click()
  await ann.getByRole('button', { name: 'Private note' }).click()
  await composer(ann).fill('Internal: customer 42 has an overdue invoice')
  await ann.reload()
  await ann.getByLabel('Private note for your team').waitFor()
  t.equal(await ann.getByLabel('Private note for your team').inputValue(), 'Internal: customer 42 has an overdue invoice', 'a note draft comes back as a note, never as a reply')
  await composer(ann).press('Enter')
  await ann.locator('.messages li.from-note', { hasText: 'customer 42 has an overdue invoice' }).waitFor()
  await ann.getByRole('button', { name: 'Reply', exact: true }).click()
  await composer(ann).fill('Yes, invoices are fine.')
  await composer(ann).press('Enter')
  await widget(shopper.page).getByText('Yes, invoices are fine.').waitFor()
  await shopper.page.reload()
  // The chat comes back as it was left (open), resumed from the server.
  await widget(shopper.page).getByText('Yes, invoices are fine.').waitFor()
  t.notOk(shopper.frames.some((f) => f.includes('overdue invoice')), 'not live, not on resume')
  t.equal(await widget(shopper.page).getByText('overdue invoice').count(), 0, 'and not on screen')
  t.ok(tandem.rows('messages').some((m) => m.kind === 'note' && String(m.text).includes('overdue invoice')), 'stored, for the team')
})

t.test('typing /shortcut offers the canned replies and Enter inserts one, sent only when the agent sends', async (t) => {
  const { host, tandem } = await world(t)
  const auth = { authorization: `Bearer ${await token(tandem)}`, 'content-type': 'application/json' }
  for (const [shortcut, text] of [['thanks', 'Thank you for waiting, I am on it.'], ['refund', 'Your refund is on its way.']]) {
    await fetch(`${tandem.url}/v1/canned-replies`, { method: 'POST', headers: auth, body: JSON.stringify({ shortcut, text }) })
  }
  const ann = await agentPage(t, browser, tandem)
  await online(ann)
  const shopper = await customerWrites(t, browser, host, 'Hello?')
  await row(ann, 'Visitor').click()
  await composer(ann).pressSequentially('/th')
  const options = ann.getByRole('option')
  await options.first().waitFor()
  t.same(await options.allTextContents(), ['/thanks Thank you for waiting, I am on it.'], 'filtered by what was typed')
  t.same(await axePage(ann), [], 'axe-core finds nothing with the list open')
  await composer(ann).press('Enter')
  t.equal(await composer(ann).inputValue(), 'Thank you for waiting, I am on it.', 'inserted into the composer')
  t.notOk(tandem.rows('messages').some((m) => m.kind === 'agent'), 'and not sent')
  await composer(ann).press('Enter')
  await widget(shopper.page).getByText('Thank you for waiting, I am on it.').waitFor()
})

t.test("the AI's suggested reply lands in the composer, marked as the AI's with its sources, and nothing is sent until the agent sends", async (t) => {
  // Once Ann holds the conversation the AI no longer answers: the next question is hers to answer.
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS] })
  const shopper = await customerWrites(t, browser, host, 'Hello, a question about an order')
  for (const [i, viewport] of [{ width: 1280, height: 800 }, { width: 768, height: 1024 }].entries()) {
    const ann = await agentPage(t, browser, tandem, 0, { viewport })
    await online(ann)
    if (i === 0) {
      // No article answers the greeting: the AI hands it over, and Ann, online, gets it.
      await widget(shopper.page).getByText('Ann Agent joined the conversation.').waitFor()
      await write(shopper.page, 'How do I return an item?')
    }
    await row(ann, 'Visitor').click()
    await ann.locator('.messages li', { hasText: 'How do I return an item?' }).waitFor()
    await ann.getByRole('button', { name: 'Suggest a reply' }).click()
    await ann.locator('.from-ai-mark').waitFor()
    t.match(await composer(ann).inputValue(), /30 days/, 'the suggestion is in the composer')
    t.equal(await ann.locator('.from-ai-mark a').getAttribute('href'), RETURNS.url, 'with its source')
    t.notOk(tandem.rows('messages').some((m) => m.kind === 'agent'), 'nothing was sent')
    if (viewport.width < 1200) await ann.getByRole('button', { name: 'Customer details' }).click()
    await ann.locator('.context').waitFor()
    await screenshot(ann, `agent-tools-${viewport.width}`)
    t.same(await axePage(ann), [], `axe-core finds nothing at ${viewport.width} px with the suggestion and the customer's details`)
    await ann.close()
  }
  const ann = await agentPage(t, browser, tandem, 0)
  await row(ann, 'Visitor').click()
  await ann.getByRole('button', { name: 'Suggest a reply' }).click()
  await ann.locator('.from-ai-mark').waitFor()
  await composer(ann).press('Enter')
  await widget(shopper.page).getByText(/return any item within 30 days/).waitFor()
  t.equal(tandem.rows('messages').filter((m) => m.kind === 'agent').length, 1, 'sent once, by the agent')
})
