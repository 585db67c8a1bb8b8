// A newcomer's first five minutes, exactly as the README promises them: `npm start` on an empty
// DATA_DIR, then only what the banner prints (the URLs and the one-time passwords) and three browser
// windows. Every part is tested elsewhere on a seeded database; this is the one place that proves the
// demo the first start makes holds together end to end (its shop, its help center, its two accounts,
// its reports), and that a second start keeps it without printing a password again.
import t, { type Test } from 'tap'
import { tempDir } from '../test/helpers/factories.ts'
import { online, row, signIn } from './helpers/agent-app.ts'
import { launchBrowser, openPage, screenshot, widget, type WatchedPage } from './helpers/browser.ts'
import { npmScript } from './helpers/npm-script.ts'
import { freePort } from './helpers/tandem.ts'
import { write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

interface Started {
  banner: string
  stop(): Promise<void>
}

/** `npm start` as a newcomer types it; resolves with the banner (one write, ending in a blank line). */
async function npmStart(t: Test, env: Record<string, string>): Promise<Started> {
  const started = await npmScript(t, ['start'], env, (stdout) => stdout.includes('Tandem is running') && stdout.endsWith('\n\n'))
  const at = started.output.indexOf('Tandem is running')
  return { banner: started.output.slice(started.output.lastIndexOf('\n', at)), stop: started.stop }
}

/** What a reader of the banner picks out of it. */
function read(banner: string) {
  const url = (label: string) => new RegExp(`^  ${label}:\\s+(\\S+)`, 'm').exec(banner)?.[1]
  const account = (role: string) => {
    const found = new RegExp(`^\\s+${role}\\s+(\\S+@\\S+)\\s+one-time password (\\S+)$`, 'm').exec(banner)
    return found ? { email: found[1]!, password: found[2]! } : undefined
  }
  return { demoShop: url('Demo shop'), agentApp: url('Agent app'), admin: account('admin'), agent: account('agent') }
}

/** The agent app's first sign-in: the one-time password leads to choosing one's own, then the inbox. */
async function firstSignIn(page: WatchedPage, agentApp: string, account: { email: string; password: string }, chosen: string): Promise<void> {
  await page.goto(agentApp)
  await signIn(page, account.email, account.password)
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor()
  await page.getByLabel('New password', { exact: true }).fill(chosen)
  await page.getByLabel('New password again').fill(chosen)
  await page.getByRole('button', { name: 'Save password' }).click()
  await page.locator('nav.sidebar').waitFor()
}

t.test('npm start on an empty DATA_DIR: a cited answer, a handoff to the printed agent, a rating, and the day in the report', async (t) => {
  const env = { DATA_DIR: tempDir(t), PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn', GEMINI_API_KEY: '' }
  const first = await npmStart(t, env)
  const { demoShop, agentApp, admin, agent } = read(first.banner)
  t.ok(demoShop && agentApp, 'the banner names the demo shop and the agent app', { banner: first.banner })
  t.ok(admin && agent, 'and prints a one-time password for the admin and for the agent', { banner: first.banner })
  if (!demoShop || !agentApp || !admin || !agent) return

  // The customer, on the demo shop, asks something the help center covers.
  const customer = await openPage(t, browser)
  await customer.goto(demoShop)
  const launcher = widget(customer).locator('button.launcher')
  t.equal(await launcher.getAttribute('aria-label'), 'Open chat', 'the demo shop shows the launcher')
  await launcher.click()
  await write(customer, 'How long does shipping take?')
  const answer = widget(customer).locator('li.theirs', { has: customer.locator('.sources') })
  await answer.waitFor()
  t.equal(await answer.locator('.name').textContent(), 'AI assistant', 'the assistant answers at once')
  t.match(await answer.locator('.bubble').textContent(), /business days/, 'the AI answers from the shipping article')
  t.equal(await answer.locator('.sources a').textContent(), 'Shipping times and costs', 'and cites it')
  await answer.locator('.sources a').scrollIntoViewIfNeeded()
  await screenshot(customer, 'journey-cited-answer')

  // Then asks for a person: nobody is signed in yet, so they wait in line.
  await write(customer, 'Can I talk to a person, please?')
  await widget(customer).locator('p.queue').waitFor()

  // The agent signs in with the printed password in a browser of their own, and chooses their own.
  const desk = await openPage(t, browser)
  await firstSignIn(desk, agentApp, agent, 'demo agent passphrase')
  await online(desk)
  // Coming online, the agent is given the waiting conversation: it is theirs without a click.
  await widget(customer).getByText('Demo Agent joined the conversation.').waitFor()
  await row(desk, 'Visitor').click()
  await desk.locator('.conversation-header', { hasText: 'With you' }).waitFor()
  const note = desk.locator('.messages li.from-note')
  await note.waitFor()
  t.match(await note.textContent(), /Handed over by the assistant .*The customer asked for a person\./, "the AI's handoff note says why")
  t.match(await desk.locator('.messages li.from-ai .citations').textContent(), /Shipping times and costs/, "the AI's answer is there with its source")
  const reply = 'Hi, I am here. Orders leave the warehouse the same day if placed before 2 pm.'
  await desk.getByLabel('Reply to the customer').fill(reply)
  await desk.getByLabel('Reply to the customer').press('Enter')
  await desk.locator('.messages li.from-agent', { hasText: reply }).waitFor()

  const answered = widget(customer).locator('li.theirs', { hasText: reply })
  await answered.waitFor()
  t.equal(await answered.locator('.name').textContent(), 'Demo Agent', "the customer sees the agent's reply, under their name")
  t.equal(await widget(customer).locator('header .status').textContent(), 'Demo Agent', 'and who is answering, at the top')
  await screenshot(desk, 'journey-agent-reply')

  // Resolved; the customer rates it, and a reload keeps the whole conversation and the rating.
  await desk.getByRole('button', { name: 'Resolve' }).click()
  await desk.locator('.conversation-header .tag', { hasText: 'Resolved' }).waitFor()
  await widget(customer).getByRole('radio', { name: '5 of 5' }).check()
  await widget(customer).getByRole('button', { name: 'Send rating' }).click()
  await widget(customer).getByText('Thank you for your rating!').waitFor()
  await customer.reload()
  await widget(customer).getByText('Thank you for your rating!').waitFor()
  for (const said of ['How long does shipping take?', 'Can I talk to a person, please?', reply]) {
    t.equal(await widget(customer).getByText(said, { exact: true }).count(), 1, `after a reload: "${said}"`)
  }
  t.equal(await widget(customer).locator('li.theirs .sources a', { hasText: 'Shipping times and costs' }).count(), 1, 'and the cited answer')

  // The admin, signed in with the other printed password, finds today's conversation in the report.
  const office = await openPage(t, browser, { viewport: { width: 1440, height: 1000 } })
  await firstSignIn(office, agentApp, admin, 'demo admin passphrase')
  await office.getByRole('link', { name: 'Reports' }).click()
  await office.locator('.reports:not([aria-busy])').waitFor()
  const tile = async (title: string) => (await office.locator('.tile', { hasText: title }).locator('dd').innerText()).replace(/\s+/g, ' ')
  t.match(await tile('Conversations'), /^1 1 resolved 0 open$/, 'the last 30 days, today included, hold the conversation')
  t.match(await tile('Satisfaction'), /^5\.0 \/ 5 1 rating$/, 'and its rating')
  await screenshot(office, 'journey-report')

  // A second start on the same data: the same demo, and no password printed again.
  await first.stop()
  const second = await npmStart(t, env)
  t.notMatch(second.banner, 'one-time password', 'no password printed on a second start')
  t.equal(read(second.banner).demoShop, demoShop, 'the same demo shop is served')
  await second.stop()
})
