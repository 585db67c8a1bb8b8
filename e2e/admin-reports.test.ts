// The reports page in Chromium, over the seeded history whose figures are worked out by hand
// (test/helpers/report-dataset.ts): an admin reads the tiles, the chart's numbers, the heat map, the
// handoffs and the comments; changes the zone and the agent; downloads the CSV; axe finds nothing.
// An agent has no reports.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { agentPage, axePage } from './helpers/agent-app.ts'
import { launchBrowser, screenshot } from './helpers/browser.ts'
import { world } from './helpers/widget-world.ts'
import { REPORT_FROM, REPORT_TO } from '../test/helpers/report-dataset.ts'

const browser = await launchBrowser(t)

t.test('an admin reads the seeded figures, in two zones and for one agent, and downloads them', async (t) => {
  const { tandem } = await world(t, { agents: ['Ann Admin', 'Ada Lovelace', 'Bo Nguyen'], reportDataset: true })
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 1000 } })
  await admin.getByRole('link', { name: 'Reports' }).click()
  await admin.getByRole('heading', { name: 'Reports', level: 1 }).waitFor()
  t.equal(await admin.getByRole('form', { name: 'What the report covers' }).getByLabel('Range').inputValue(), 'last-30', 'a new report is the last 30 days')
  await admin.locator('.tile', { hasText: 'Conversations' }).waitFor()
  t.match(new URL(admin.url()).search, /^\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&zone=/, 'the choice is in the address')

  // The seeded range, in Paris, from the address (what a bookmark or a colleague's link does).
  await admin.goto(`${tandem.url}/agent/admin/reports?from=${REPORT_FROM}&to=${REPORT_TO}&zone=Europe/Paris`)
  await admin.locator('.reports:not([aria-busy])').waitFor()
  const tile = async (title: string) => (await admin.locator('.tile', { hasText: title }).locator('dd').innerText()).replace(/\s+/g, ' ')
  t.match(await tile('Conversations'), /^8 6 resolved 2 open$/)
  t.match(await tile('First response by a person'), /^1 min 30 s p90 5 min 4 counted$/)
  t.match(await tile('First response by the AI'), /^5 s p90 8 s 7 counted$/)
  t.match(await tile('Resolution time'), /^20 min p90 1 d 1 h 6 counted$/)
  t.match(await tile('Resolved without a person'), /^50% 3 of 6 resolved 1 hard, 2 soft$/)
  t.match(await tile('Satisfaction'), /^4\.0 \/ 5 4 ratings$/)
  t.equal(await admin.getByRole('form', { name: 'What the report covers' }).getByLabel('Range').inputValue(), 'custom', 'a range of dates of its own is custom')

  await admin.getByText('Show the numbers').click()
  const days = await admin.locator('.chart-numbers tbody tr').allInnerTexts()
  // Dates are written in the browser's language: "Mar 29, 2026" or "29 Mar 2026".
  const day = (n: number, count: number) => new RegExp(`^(Mar ${n}, 2026|${n} Mar 2026) ${count}$`)
  const shownDays = days.map((d) => d.replace(/\s+/g, ' ').trim())
  t.equal(shownDays.length, 4)
  ;[day(27, 2), day(28, 2), day(29, 3), day(30, 1)].forEach((expected, i) => t.match(shownDays[i], expected, 'each day, with the spring change on the 29th'))
  t.match(await admin.locator('.day-chart svg').getAttribute('aria-label'), /8 conversations in 4 days; the busiest day was (Mar 29, 2026|29 Mar 2026), with 3/)
  t.equal(await admin.locator('.heat-map td[title="Sunday 03:00: 1"]').count(), 1, 'the hour after the clocks went forward')
  t.equal(await admin.locator('.heat-map td[title="Saturday 23:00: 1"]').count(), 1, '23:30 on Saturday is Saturday')
  t.match(await admin.locator('.heat-legend').innerText(), /Busiest: /)
  const bar = async (list: string, name: string) => admin.getByRole('list', { name: list }).locator('li', { hasText: name }).locator('.bar-count').innerText()
  t.equal(await bar('Handoffs by reason', 'The customer asked for a person'), '2')
  t.equal(await bar('Handoffs by reason', 'The AI was unsure'), '1')
  t.equal(await bar('Handoffs by reason', 'A limit was reached'), '1')
  t.equal(await bar('How the conversations ended', 'Abandoned'), '2')
  t.equal(await bar('Ratings by stars', '5 stars'), '2')
  const comments = await admin.locator('.comments q').allInnerTexts()
  t.same(comments, ['Took too long', '=SUM(A1) was my order total', 'Quick and right'], 'the comments, latest first, as text')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the reports page')
  await admin.locator('.reports').evaluate((page) => page.scrollTo(0, 0))
  await screenshot(admin, 'admin-reports')
  await admin.locator('#outcomes-title').scrollIntoViewIfNeeded()
  await admin.locator('.reports').evaluate((page) => page.scrollBy(0, page.querySelector('#outcomes-title')!.getBoundingClientRect().top - 20))
  await screenshot(admin, 'admin-reports-hours')

  await admin.getByLabel('Time zone').selectOption('America/New_York')
  await admin.locator('.reports:not([aria-busy])').waitFor()
  await admin.locator('.tile', { hasText: 'Conversations' }).getByText('9', { exact: true }).waitFor()
  t.match(new URL(admin.url()).search, 'zone=America%2FNew_York', 'a new zone is in the address')
  t.pass('New York counts the conversation after the range in Paris')

  await admin.getByLabel('Agent').selectOption({ label: 'Ada Lovelace' })
  await admin.locator('.tile', { hasText: 'Conversations' }).getByText('3', { exact: true }).waitFor()
  t.match(await tile('First response by a person'), /^1 min 30 s p90 5 min 3 counted$/, "Ada's report")

  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download conversations (CSV)' }).click()])
  t.equal(download.suggestedFilename(), `tandem-conversations-${REPORT_FROM}-${REPORT_TO}.csv`)
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n')
  t.equal(lines.length, 4, "a header and Ada's three conversations")
  t.match(lines.join('\n'), ",'=SUM(A1) was my order total", 'a formula-looking comment stays inert in the file')

  await admin.setViewportSize({ width: 420, height: 900 })
  await admin.getByLabel('Agent').selectOption('')
  await admin.locator('.tile', { hasText: 'Conversations' }).getByText('9', { exact: true }).waitFor()
  t.same(await axePage(admin), [], 'axe-core finds nothing on a phone either')
  await screenshot(admin, 'admin-reports-narrow')
})

t.test('an agent has no reports: no link, and the page says it is for admins', async (t) => {
  const { tandem } = await world(t, { agents: ['Ann Admin', 'Ada Lovelace', 'Bo Nguyen'], reportDataset: true })
  const agent = await agentPage(t, browser, tandem, 1)
  t.equal(await agent.getByRole('link', { name: 'Reports' }).count(), 0)
  await agent.goto(`${tandem.url}/agent/admin/reports?from=${REPORT_FROM}&to=${REPORT_TO}&zone=Europe/Paris`)
  await agent.getByRole('heading', { name: 'Admins only' }).waitFor()
  t.equal(await agent.locator('.tile').count(), 0, 'no figures drawn')
})
