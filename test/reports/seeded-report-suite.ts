// The reports API over a seeded history whose figures are worked out by hand (test/helpers/report-dataset.ts),
// run unchanged on each store: local days and hours across midnight and a daylight-saving change, in
// two zones; response and resolution times; AI resolutions; handoffs by reason; ratings; a site and an
// agent narrowing it; and the CSV of the conversations behind it.
import t, { type Test } from 'tap'
import { NEW_YORK_PER_DAY, PARIS_REPORT, REPORT_FROM, REPORT_TO, seedReportDataset } from '../helpers/report-dataset.ts'
import { workspaceWithSite } from '../helpers/factories.ts'
import type { OpenStore, StoreHandle } from '../helpers/realtime.ts'

export function seededReportSuite(open: OpenStore): void {
  let handle: StoreHandle
  t.before(async () => {
    handle = await open()
  })
  t.teardown(() => handle.close())

  async function seeded(t: Test) {
    const ws = await workspaceWithSite(t, { store: handle.store })
    const ada = (await ws.addAgent('Ada')).agent
    const bo = (await ws.addAgent('Bo')).agent
    const ids = await seedReportDataset(ws.store, ws.workspace.id, { siteId: ws.site.id, ada: ada.id, bo: bo.id })
    const get = async (path: string, query: Record<string, string> = {}) => {
      const res = await ws.app.inject({ url: `${path}?${new URLSearchParams({ from: REPORT_FROM, to: REPORT_TO, timeZone: 'Europe/Paris', ...query })}`, headers: ws.adminHeaders })
      t.equal(res.statusCode, 200, `${path} answers`)
      return res
    }
    return { ...ws, ada, bo, ids, get }
  }

  t.test('the Paris report has the figures worked out by hand', async (t) => {
    const { get } = await seeded(t)
    const report = (await get('/v1/reports/summary')).json()
    const expected = PARIS_REPORT
    t.match(report, { from: REPORT_FROM, to: REPORT_TO, timeZone: 'Europe/Paris', conversations: expected.conversations, notRecorded: 0 })
    t.same(report.perDay, expected.perDay, 'each on its local day: 23:30 and 00:30 either side of midnight, both sides of the change')
    t.same(report.firstResponse, expected.firstResponse, 'first responses by a person and by the AI')
    t.same(report.resolution, expected.resolution, 'resolution times')
    t.match(report, { open: expected.open, resolved: expected.resolved, abandoned: expected.abandoned })
    t.same(report.withoutPerson, expected.withoutPerson, 'resolved without a person, hard and soft')
    t.same(report.handoffs, expected.handoffs, 'handoffs by their stored reason')
    t.match(report.satisfaction, expected.satisfaction, 'ratings')
    t.same(report.satisfaction.comments.map((c: { comment: string }) => c.comment), expected.comments, 'with their comments, oldest first')
    const hours = Array.from({ length: 7 }, () => Array<number>(24).fill(0))
    for (const [weekday, hour] of expected.hours) hours[weekday!]![hour!]!++
    t.same(report.busiestHours, hours, 'busiest hours by local weekday and hour')
  })

  t.test('New York sees the same history on its own days', async (t) => {
    const { get } = await seeded(t)
    const report = (await get('/v1/reports/summary', { timeZone: 'America/New_York' })).json()
    t.same(report.perDay, NEW_YORK_PER_DAY)
    t.equal(report.conversations, 9)
  })

  t.test('an agent’s report holds the conversations they held or resolved; a site’s, its own', async (t) => {
    const { get, ada, bo, site, addSite } = await seeded(t)
    const forAda = (await get('/v1/reports/summary', { agentId: ada.id })).json()
    t.match(forAda, { conversations: 3, open: 1, resolved: 2, firstResponse: { person: { count: 3, medianSeconds: 90, p90Seconds: 300 } } })
    const forBo = (await get('/v1/reports/summary', { agentId: bo.id })).json()
    t.match(forBo, { conversations: 2, resolved: 2, withoutPerson: { count: 1, hard: 1 }, satisfaction: { count: 2, average: 5 } })
    t.equal((await get('/v1/reports/summary', { siteKey: site.key })).json().conversations, 8)
    const quiet = (await addSite()).site
    t.equal((await get('/v1/reports/summary', { siteKey: quiet.key })).json().conversations, 0)
  })

  t.test('the CSV of conversations has one row per conversation of the report, its facts as seconds', async (t) => {
    const { get, ids } = await seeded(t)
    const lines = (await get('/v1/reports/conversations.csv')).body.trimEnd().split('\r\n')
    t.equal(lines.length, 1 + PARIS_REPORT.conversations, 'a header and the eight')
    const line = (name: string) => lines.find((l) => l.startsWith(ids.get(name)!))
    t.equal(line('before the range'), undefined, 'nothing outside the local days')
    // conversation, site, created, status, resolved, resolved by, resolver, person (s), AI (s), resolution (s), reason, no person, last answer, rating, comment
    const cells = line('asked for a person')!.split(',')
    t.same([cells[2], cells[3], cells[5], cells[7], cells[8], cells[9], cells[10], cells[11]], ['2026-03-28T22:30:00.000Z', 'resolved', 'agent', '90', '5', '1200', 'customer_asked', 'false'])
    t.match(line('asked for a person'), /,4,'=SUM\(A1\) was my order total$/, 'a formula-looking comment is inert')
    t.match(line('hard AI resolution'), /,true,confirmed,5,Quick and right$/)
    const summary = (await get('/v1/reports/summary.csv')).body
    t.match(summary, '\r\nday,2026-03-29,3\r\n')
    t.match(summary, '\r\nseconds,"first response by a person, median",90\r\n')
    t.match(summary, '\r\nhandoffs,customer_asked,2\r\n')
  })
}
