// examples/site as a site owner runs it (`npm run example`, on a port of its own): its page shows the
// launcher, its own Help button opens the chat, and signing in identifies the customer with the id
// its server signed, so the visitor becomes that user, verified.
import { spawn } from 'node:child_process'
import t, { type Test } from 'tap'
import { launchBrowser, openPage, widget } from './helpers/browser.ts'
import { npmScript } from './helpers/npm-script.ts'
import { freePort, startTandem } from './helpers/tandem.ts'
import { until, write } from './helpers/widget-world.ts'

const ROOT = new URL('../', import.meta.url).pathname
const browser = await launchBrowser(t)

async function exampleSite(t: Test, env: Record<string, string>): Promise<string> {
  return (await npmScript(t, ['run', 'example'], env, (stdout) => stdout.includes('Example site at'))).output
}

t.test('the example site: the launcher, its own Help button, and a signed-in customer identified', async (t) => {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const tandem = await startTandem(t, { hostOrigin: origin })
  const printed = await exampleSite(t, { TANDEM_URL: tandem.url, TANDEM_SITE_KEY: tandem.siteKey, TANDEM_SITE_SECRET: tandem.secret, PORT: String(port) })
  t.match(printed, `Example site at http://localhost:${port}/`)

  const page = await openPage(t, browser)
  await page.goto(`${origin}/`)
  await widget(page).locator('.launcher').waitFor()
  await page.getByRole('button', { name: 'Help' }).click()
  await widget(page).locator('.composer textarea').waitFor()
  t.pass("the site's own button opens the chat")
  await write(page, 'Hello from the example site')
  await until(() => tandem.rows('messages').some((m) => m.text === 'Hello from the example site'))

  await page.getByRole('button', { name: 'Sign in as Jane' }).click()
  await page.getByText('Signed in as Jane Doe').waitFor()
  await until(() => tandem.rows('visitors').some((v) => v.external_id === 'jane-42'))
  t.pass('the customer is now Jane, verified by the hash the example server signed')
  t.equal(await page.locator('#problem').textContent(), '', 'and the widget reported no error')
})

t.test('without a site key and secret the example says what to set, and stops', async (t) => {
  const child = spawn('npm', ['run', 'example'], { cwd: ROOT, env: { ...process.env, TANDEM_SITE_KEY: '', TANDEM_SITE_SECRET: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise((resolve) => child.once('exit', resolve))
  t.not(code, 0)
  t.match(stderr, /Set TANDEM_SITE_KEY and TANDEM_SITE_SECRET/)
})
