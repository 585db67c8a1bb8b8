// `npm run screenshots`: the README's pictures of the widget and the agent app (docs/*.png), made from
// a real Tandem and a real browser as the e2e tests drive them, on demand rather than by every test run.
// A customer on a shop page asks what the demo help center covers, gets the AI's cited answer and asks
// for a person; an agent takes the conversation and answers.
import { mkdirSync } from 'node:fs'
import type { Test } from 'tap'
import { agentPage } from '../e2e/helpers/agent-app.ts'
import { launchBrowser, openPage, widget } from '../e2e/helpers/browser.ts'
import { world, write } from '../e2e/helpers/widget-world.ts'
import { demoHelpCenter } from '../server/setup/demo.ts'

const DOCS = new URL('../docs/', import.meta.url).pathname

/** What the e2e helpers need of a tap test: somewhere to register clean-ups, run here at the end. */
function session(): { t: Test; close(): Promise<void> } {
  const cleanups: (() => unknown)[] = []
  const t = { teardown: (fn: () => unknown) => void cleanups.push(fn) } as unknown as Test
  return { t, close: async () => void (await Promise.allSettled(cleanups.reverse().map((fn) => fn()))) }
}

async function main() {
  mkdirSync(DOCS, { recursive: true })
  const { t, close } = session()
  try {
    const browser = await launchBrowser(t)
    const { host, tandem } = await world(t, { routingPolicy: 'ai-first', agents: ['Maya Lopez'], articles: demoHelpCenter().articles.map((article) => ({ ...article, url: article.url ?? null })), greeting: 'Hi! Ask us anything about your order.' })

    // The agent is online first, so the customer's call for a person reaches them at once.
    const agent = await agentPage(t, browser, tandem, 0, { viewport: { width: 1280, height: 760 } })
    const customer = await openPage(t, browser, { viewport: { width: 900, height: 760 } })
    await customer.goto(host.url('/'))
    await widget(customer).locator('button.launcher').click()
    await write(customer, 'How do I return an item?')
    await widget(customer).locator('li.theirs', { has: customer.locator('.sources') }).waitFor()
    await widget(customer).getByRole('button', { name: 'I need more help' }).click()

    // Routing hands the conversation to the one agent online: it is theirs, in "Mine".
    await agent.locator('.rows li.row').first().click()
    const reply = agent.locator('.composer textarea')
    await reply.fill('Hi, Maya here. I have started the return for you: the prepaid label is on its way to your email.')
    await reply.press('Enter')
    await widget(customer).getByText('Hi, Maya here.', { exact: false }).waitFor()
    // Let the last message settle (its "sent" mark, the agent's read mark) before the pictures.
    await widget(customer).locator('li.theirs').last().waitFor()

    await agent.screenshot({ path: `${DOCS}agent-app.png` })
    const panel = await widget(customer).locator('.chat').boundingBox()
    if (!panel) throw new Error('the chat panel is not on screen')
    await customer.screenshot({ path: `${DOCS}widget.png`, clip: { x: panel.x - 16, y: panel.y - 16, width: panel.width + 32, height: panel.height + 32 } })
    process.stdout.write(`wrote ${DOCS}widget.png and ${DOCS}agent-app.png\n`)
  } finally {
    await close()
  }
}

await main()
