// The widget for everyone: axe-core's verdict in every state a customer meets, the whole journey
// with the keyboard alone, the phone (full screen, no zoom on focus), and tabs that agree on a
// sign-in and a sign-out.
import { createHmac } from 'node:crypto'
import t from 'tap'
import type { Page } from 'playwright-core'
import { axe } from './helpers/axe.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { RETURNS, until, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)
const activeInWidget = (page: Page) =>
  page.evaluate(`(() => { const el = document.querySelector('tandem-chat').shadowRoot.activeElement; return el ? el.tagName + '.' + el.className + ':' + (el.getAttribute('aria-label') ?? el.textContent) : null })()`) as Promise<string | null>

t.test('axe-core finds no violation in any state: pre-chat, nobody available, an AI answer with quick replies, queued, rating, thanked', async (t) => {
  const preChatFields = [{ name: 'name', label: 'Your name', type: 'text' as const, required: true }]
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS], site: { preChatFields } }, { attributes: 'data-color="#ffd500"' })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await widget(page).getByRole('textbox', { name: 'Your name *' }).fill('Ada')
  t.same(await axe(page), [], 'the pre-chat form, on a light site colour, with nobody available')
  await widget(page).getByRole('button', { name: 'Start chat' }).click()
  await write(page, 'How do I return an item?')
  await widget(page).getByRole('button', { name: 'That helped' }).waitFor()
  t.same(await axe(page), [], 'an AI answer with its sources and the quick replies')
  await widget(page).getByRole('button', { name: 'I need more help' }).click()
  await widget(page).getByText('You are in line').first().waitFor()
  t.same(await axe(page), [], 'queued')
  const agent = await tandem.agentSocket()
  await widget(page).getByText('Ann Agent joined the conversation.').waitFor()
  const conversationId = String(tandem.rows('conversations')[0]!.id)
  await fetch(`${tandem.url}/v1/conversations/${conversationId}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } })
  await widget(page).getByRole('radio', { name: '5 of 5' }).check()
  t.same(await axe(page), [], 'the rating form')
  await widget(page).getByRole('button', { name: 'Send rating' }).click()
  await widget(page).getByText('Thank you for your rating!').waitFor()
  t.same(await axe(page), [], 'thanked')
})

t.test('the whole journey with the keyboard alone: into the dialog, write, judge the answer, Escape, back at the launcher', async (t) => {
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS] })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').waitFor()
  await page.keyboard.press('Tab')
  t.match(await activeInWidget(page), /^BUTTON\.launcher:Open chat/, 'Tab reaches the launcher')
  await page.keyboard.press('Enter')
  await page.waitForFunction("document.querySelector('tandem-chat').shadowRoot.activeElement?.tagName === 'TEXTAREA'")
  t.pass('Enter opens the chat with focus at the composer')
  await page.keyboard.type('How do I return an item?')
  await page.keyboard.press('Enter')
  await widget(page).getByRole('button', { name: 'That helped' }).waitFor()
  // Back from the composer to the quick replies above it.
  for (let i = 0; i < 8 && !(await activeInWidget(page))?.includes('That helped'); i++) await page.keyboard.press('Shift+Tab')
  t.match(await activeInWidget(page), /That helped/, 'the quick replies are reachable by Tab')
  t.ok(await page.evaluate(`getComputedStyle(document.querySelector('tandem-chat').shadowRoot.activeElement).outlineStyle !== 'none'`), 'with a visible focus ring')
  await page.keyboard.press('Enter')
  await widget(page).getByRole('button', { name: 'That helped' }).waitFor({ state: 'detached' })
  // The quick replies go as soon as they are pressed; the server stores the answer's outcome just after.
  await until(() => tandem.rows('messages').some((m) => m.outcome === 'confirmed'))
  t.pass('recorded')
  await page.keyboard.press('Escape')
  await widget(page).locator('.chat').waitFor({ state: 'hidden' })
  t.match(await activeInWidget(page), /^BUTTON\.launcher:Open chat/, 'Escape closes; focus is back on the launcher')
})

t.test('on a 375 × 667 phone the open chat fills the screen, and typing zooms nothing', async (t) => {
  const { host } = await world(t)
  const page = await openPage(t, browser, { viewport: { width: 375, height: 667 } })
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await widget(page).getByRole('textbox').waitFor()
  const box = await widget(page).locator('.panel').boundingBox()
  t.same(box, { x: 0, y: 0, width: 375, height: 667 }, 'full screen')
  t.notOk(await widget(page).locator('button.launcher').isVisible(), 'the launcher gives way; the header closes the chat')
  t.equal(await page.evaluate(`getComputedStyle(document.querySelector('tandem-chat').shadowRoot.querySelector('textarea')).fontSize`), '16px', 'iOS zooms into inputs under 16 px')
  await write(page, 'Hello from my phone')
  await screenshot(page, 'widget-phone-375')
  await widget(page).getByRole('button', { name: 'Close chat' }).click()
  await widget(page).locator('button.launcher').waitFor()
})

t.test('tabs agree: a sign-in in one is the same visitor in the other, and a sign-out forgets them in both', async (t) => {
  const { host, tandem } = await world(t)
  const context = await browser.newContext()
  t.teardown(() => context.close())
  const [first, second] = [await context.newPage(), await context.newPage()]
  for (const page of [first, second]) await page.goto(host.url('/'))
  await first.waitForFunction('window.Tandem && !Array.isArray(window.Tandem)')
  const hash = createHmac('sha256', tandem.secret).update('user-9').digest('hex')
  await first.evaluate(`Tandem.identify({ userId: 'user-9', hash: '${hash}', name: 'Grace' })`)
  await widget(first).locator('button.launcher').click()
  await write(first, 'Signed in and asking')
  await widget(second).getByText('Signed in and asking').waitFor()
  t.match(tandem.rows('visitors'), [{ external_id: 'user-9' }], 'one visitor, verified, for both tabs')
  await second.evaluate('Tandem.shutdown()')
  await widget(first).getByText('Signed in and asking').waitFor({ state: 'detached' })
  t.pass('signing out in one tab clears the other')
  t.same(await first.evaluate(`Object.keys(localStorage).filter((k) => !k.endsWith(':open'))`), [])
})

t.test('axe-core finds no violation in German, in the list of conversations, or while reconnecting', async (t) => {
  const { host, tandem } = await world(t)
  const page = await openPage(t, browser, { locale: 'de-DE' })
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await write(page, 'Wo ist meine Bestellung?')
  await widget(page).locator('.tick', { hasText: /^✓ Gesendet$/ }).waitFor()
  t.same(await axe(page), [], 'German, in line for a person')
  await widget(page).getByRole('button', { name: 'Ihre Gespräche' }).click()
  await widget(page).locator('button.item').first().waitFor()
  t.same(await axe(page), [], 'the list of conversations')
  await widget(page).locator('button.item').first().click()
  await tandem.kill()
  await widget(page).getByText('Verbindung wird wiederhergestellt').waitFor()
  t.same(await axe(page), [], 'reconnecting')
  await tandem.start()
})
