// The widget on hostile ground: markup and script in every field a person or the AI fills, a page
// whose CSS attacks everything, a page with a strict Content-Security-Policy; and axe-core's verdict.
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import { axe } from './helpers/axe.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { shopPage, startHostSite } from './helpers/host-page.ts'
import { startTandem, type Tandem } from './helpers/tandem.ts'

const browser = await launchBrowser(t)

const XSS_NAME = '<img src=x onerror=alert("name")>Eve'
const XSS_TEXT = '<script>alert("text")</script><img src=x onerror=alert("img")> [click me](javascript:alert("link")) **<b>bold</b>**'
const XSS_TITLE = '<img src=x onerror=alert("title")>Returns policy'

async function startChat(t: Test, page: Page, tandem: Tandem, text: string) {
  await widget(page).locator('button.launcher').click()
  const composer = widget(page).getByRole('textbox')
  await composer.fill(text)
  await composer.press('Enter')
  await widget(page).locator('li.mine').filter({ hasText: text.slice(0, 20) }).locator('.tick', { hasText: 'Sent' }).waitFor()
  t.pass('the message was acked')
}

t.test('markup and script from customers, agents, their names and citations show as text and run nothing', async (t) => {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, {
    hostOrigin: host.origin,
    agents: [XSS_NAME],
    routingPolicy: 'ai-first',
    articles: [{ title: XSS_TITLE, body: 'You can return any item within 30 days of delivery for a full refund.', url: 'javascript:alert("citation")' }],
  })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey) })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await startChat(t, page, tandem, 'How do I return an item within 30 days? <img src=x onerror=alert("customer")>')
  // The AI answers from the article, citing it by its hostile title and its javascript: URL.
  const answer = widget(page).locator('li.theirs', { has: page.locator('.sources') })
  await answer.waitFor()
  t.ok((await answer.locator('.sources').textContent())?.includes(XSS_TITLE), 'the citation title is shown as text')
  t.equal(await answer.locator('.sources a').count(), 0, 'a javascript: citation is not a link')

  const { socket: agent, token } = await tandem.agentSocket()
  const conversationId = (await fetch(`${tandem.url}/v1/conversations`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()) as { items: { id: string }[] }).items[0]!.id
  await fetch(`${tandem.url}/v1/conversations/${conversationId}/take`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  agent.send({ type: 'send', clientId: 'xss', conversationId, text: XSS_TEXT })
  await agent.next('ack')
  const reply = widget(page).locator('li.theirs', { hasText: 'click me' })
  await reply.waitFor()
  t.equal(await reply.locator('.name').textContent(), XSS_NAME, "the agent's name is text")
  t.ok((await reply.textContent())?.includes('<script>alert("text")</script>'), 'the script tag is text')
  t.equal(await reply.locator('a').count(), 0, 'a javascript: link is not a link')
  t.equal(await widget(page).locator('img, script, b').count(), 0, 'no element came from anyone’s text')
  t.ok((await widget(page).locator('li.mine').first().textContent())?.includes('<img src=x'), "the customer's own markup is text too")
  await screenshot(page, 'widget-hostile-text')
  t.same(page.dialogs, [], 'no dialog fired')
})

const HOSTILE_CSS = `<style>
* { all: unset !important; }
div, button, ol, li, p, span { display: none !important; }
html { font-size: 40px !important; }
button { background: red !important; width: 500px !important; }
tandem-chat { display: none !important; opacity: 0 !important; }
:root { --tandem-color: lime; }
</style>`

t.test("a page's hostile CSS changes nothing inside the widget", async (t) => {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin })
  host.put('/plain', { html: shopPage(tandem.url, tandem.siteKey) })
  host.put('/hostile', { html: shopPage(tandem.url, tandem.siteKey, { head: HOSTILE_CSS }) })
  const looks = async (path: string) => {
    const page = await openPage(t, browser)
    await page.goto(host.url(path))
    const launcher = widget(page).locator('button.launcher')
    await launcher.waitFor()
    const closed = await launcher.screenshot()
    await launcher.click()
    const panel = widget(page).locator('.panel')
    await widget(page).getByText('Hi! How can we help today?').waitFor()
    await page.waitForTimeout(300)
    const open = await panel.screenshot()
    await screenshot(page, `widget-on-${path.slice(1)}-page`)
    return { closed, open, launcherBox: await launcher.boundingBox(), panelBox: await panel.boundingBox() }
  }
  const plain = await looks('/plain')
  const hostile = await looks('/hostile')
  t.same(hostile.launcherBox, plain.launcherBox, 'the launcher is where it was, as big')
  t.same(hostile.panelBox, plain.panelBox, 'so is the panel')
  t.ok(hostile.closed.equals(plain.closed), 'the closed widget looks the same, pixel for pixel')
  t.ok(hostile.open.equals(plain.open), 'and the open one')
})

t.test('under a strict Content-Security-Policy the widget works and causes no violation', async (t) => {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin })
  const ws = tandem.url.replace('http', 'ws')
  const csp = `default-src 'none'; script-src ${tandem.url}/widget.js ${tandem.url}/widget/; connect-src ${tandem.url} ${ws}; img-src 'none'; style-src 'none'; base-uri 'none'; form-action 'none'`
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey), headers: { 'content-security-policy': csp } })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await startChat(t, page, tandem, 'Hello from a strict page')
  t.same(page.cspViolations, [], 'no securitypolicyviolation')
})

t.test('axe-core finds no violation in the closed or the open widget', async (t) => {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey) })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').waitFor()
  t.same(await axe(page), [], 'closed')
  await startChat(t, page, tandem, 'Is this accessible?')
  t.same(await axe(page), [], 'open, with a conversation')
  t.equal(await widget(page).getByRole('dialog').count(), 1, 'the chat is a labelled dialog')
  await page.keyboard.press('Escape')
  t.equal(await page.evaluate('document.activeElement?.tagName'), 'TANDEM-CHAT', 'closing returns focus to the launcher')
})
