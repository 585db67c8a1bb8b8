// What a site owner sets on the widget beyond the tag: the options from data- attributes or
// window.TandemSettings, and the widget's languages. (The JavaScript API is in widget-api.test.ts:
// one file each keeps well inside the per-file time limit.)
import t from 'tap'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

t.test('options from data- attributes: colour, corner, a labelled launcher, z-index', async (t) => {
  const { host } = await world(t, {}, { attributes: 'data-color="#ffd500" data-position="left" data-launcher-label="Questions? Chat with us" data-z-index="1234"' })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  const launcher = widget(page).locator('button.launcher')
  await launcher.waitFor()
  t.equal(await launcher.textContent(), 'Questions? Chat with us')
  const look = await page.evaluate(`(() => {
    const host = document.querySelector('tandem-chat')
    const button = host.shadowRoot.querySelector('.launcher')
    const style = getComputedStyle(button)
    return { left: host.getBoundingClientRect().left, zIndex: getComputedStyle(host).zIndex, background: style.backgroundColor, color: style.color }
  })()`)
  t.match(look, { left: 20, zIndex: '1234', background: 'rgb(255, 213, 0)', color: 'rgb(31, 35, 40)' }, 'dark text on a light colour')
  await screenshot(page, 'widget-options-launcher')
  await launcher.click()
  await widget(page).locator('.chat').waitFor()
  const header = await page.evaluate(`getComputedStyle(document.querySelector('tandem-chat').shadowRoot.querySelector('header')).backgroundColor`)
  t.equal(header, 'rgb(255, 213, 0)', "the page's colour wins over the site's")
  await screenshot(page, 'widget-options-open')
})

t.test('window.TandemSettings can hide the launcher: the site opens the chat from its own button', async (t) => {
  const { host } = await world(t, {}, { head: '<script>window.TandemSettings = { hideLauncher: true, color: "not a colour" }</script>' })
  const page = await openPage(t, browser)
  await page.goto(host.url('/'))
  await page.waitForFunction('window.Tandem && !Array.isArray(window.Tandem)')
  t.notOk(await widget(page).locator('button.launcher').isVisible(), 'no launcher')
  await page.evaluate('Tandem.open()')
  await widget(page).locator('.chat').waitFor()
  // The site's own colour (#2563eb, the default setting) once its settings arrive.
  await t.resolves(
    page.waitForFunction(`getComputedStyle(document.querySelector('tandem-chat').shadowRoot.querySelector('header')).backgroundColor === 'rgb(37, 99, 235)'`),
    "an invalid colour is ignored: the site's colour is used",
  )
})

for (const { name, locale, options, tag, expect } of [
  { name: 'a German browser', locale: 'de-DE', options: {}, tag: {}, expect: { open: 'Chat öffnen', placeholder: 'Nachricht schreiben…', queued: 'Wir sind gerade nicht da.', lang: 'de' } },
  { name: 'the page asking for Spanish', locale: 'en-US', options: {}, tag: { attributes: 'data-locale="es"' }, expect: { open: 'Abrir chat', placeholder: 'Escribe un mensaje…', queued: 'Ahora mismo no estamos disponibles.', lang: 'es' } },
  { name: "a French browser on a German site (the site's setting)", locale: 'fr-FR', options: { locale: 'de' }, tag: {}, expect: { open: 'Chat öffnen', placeholder: 'Nachricht schreiben…', queued: 'Wir sind gerade nicht da.', lang: 'de' } },
]) {
  t.test(`the widget speaks the customer's language: ${name}`, async (t) => {
    const { host } = await world(t, options, tag)
    const page = await openPage(t, browser, { locale })
    await page.goto(host.url('/'))
    const launcher = widget(page).locator('button.launcher')
    await launcher.click()
    const composer = widget(page).getByRole('textbox')
    await t.resolves(page.waitForFunction(`document.querySelector('tandem-chat').shadowRoot.querySelector('textarea')?.placeholder === ${JSON.stringify(expect.placeholder)}`))
    await write(page, 'Hallo? Hola?')
    // Nobody is online (the seeded agent never connected): the queue notice, worded in the locale.
    await widget(page).locator('li.system', { hasText: expect.queued }).waitFor()
    t.equal(await composer.getAttribute('aria-label'), expect.placeholder)
    t.equal(await page.evaluate(`document.querySelector('tandem-chat').shadowRoot.querySelector('.panel').lang`), expect.lang)
    const shown = await widget(page).locator('.chat').innerText()
    for (const english of ['Write a message', 'You are in line', "We're away", 'Send', 'Close chat', 'Update']) {
      t.notOk(shown.includes(english), `no English left: "${english}"`)
    }
    await screenshot(page, `widget-${expect.lang}`)
    await launcher.click()
    t.equal(await launcher.getAttribute('aria-label'), expect.open, 'the launcher too')
  })
}
