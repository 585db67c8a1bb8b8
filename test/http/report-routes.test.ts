// The reports API: an admin's figures for a range of local dates over the workspace's stored facts, as
// JSON and CSV; bad ranges and time zones refused with a code, agents refused, other workspaces unseen.
import t from 'tap'
import { REPORT_DAYS_MAX } from '../../protocol/limits.ts'
import { localParts } from '../../server/reports/calendar.ts'
import type { Store } from '../../server/store/store.ts'
import { signedInWorkspace, testStore, workspaceWithSite } from '../helpers/factories.ts'

const TZ = 'Europe/Paris'

async function withConversations(t: Parameters<typeof workspaceWithSite>[0]) {
  const ws = await workspaceWithSite(t)
  const { store, workspace, site, admin } = ws
  // Two conversations today: one a person answered and resolved (rated, with a comment that looks
  // like a formula), one the AI answered and nobody else.
  const { visitor } = await ws.addVisitor()
  const helped = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id, humanNeededAt: new Date() })
  await store.appendMessage(workspace.id, { conversationId: helped.id, kind: 'customer', authorId: visitor.id, text: 'Where is my parcel?' })
  await store.appendMessage(workspace.id, { conversationId: helped.id, kind: 'agent', authorId: admin.id, authorName: 'Admin', text: 'On its way.' })
  const moved = await store.transitionConversation(workspace.id, helped.id, helped.revision, { status: 'resolved', resolvedBy: { by: 'agent', agentId: admin.id } })
  await store.updateConversation(workspace.id, helped.id, { rating: { score: 4, comment: '=HYPERLINK("https://evil.example")' } })
  const byAi = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  await store.appendMessage(workspace.id, { conversationId: byAi.id, kind: 'customer', authorId: visitor.id, text: 'Do you ship to Spain?' })
  await store.appendMessage(workspace.id, { conversationId: byAi.id, kind: 'ai', text: 'Yes, in 3 to 5 days.', status: 'complete' })
  // The local days they were created on (the same but around midnight in Paris).
  const today = localParts(helped.createdAt, TZ).date
  const until = localParts(byAi.createdAt, TZ).date
  const query = (extra: Record<string, string> = {}) => new URLSearchParams({ from: today, to: until, timeZone: TZ, ...extra }).toString()
  return { ...ws, helped, byAi, moved, today, until, query }
}

t.test("an admin's report counts today's conversations from their facts", async (t) => {
  const { app, adminHeaders, query, today, until } = await withConversations(t)
  const res = await app.inject({ url: `/v1/reports/summary?${query()}`, headers: adminHeaders })
  t.equal(res.statusCode, 200)
  const report = res.json()
  t.match(report, { from: today, to: until, timeZone: TZ, conversations: 2, notRecorded: 0, open: 1, resolved: 1, abandoned: 0 })
  t.equal(report.perDay[0].date, today)
  t.equal(report.perDay.reduce((sum: number, day: { count: number }) => sum + day.count, 0), 2, 'both, on the days they were created')
  t.equal(report.firstResponse.person.count, 1, 'one conversation a person answered')
  t.equal(report.firstResponse.ai.count, 1, 'one the AI answered')
  t.same(report.satisfaction.distribution, [0, 0, 0, 1, 0])
  t.equal(report.busiestHours.flat().reduce((a: number, b: number) => a + b, 0), 2)
  const anyCase = await app.inject({ url: `/v1/reports/summary?${query({ timeZone: 'eUrOpE/pArIs' })}`, headers: adminHeaders })
  t.match(anyCase.json(), { timeZone: 'Europe/Paris', conversations: 2 }, 'a zone in any letter case is the zone')
})

t.test('CSV: the figures, and the conversations behind them, with formula-looking text made inert', async (t) => {
  const { app, adminHeaders, query, helped } = await withConversations(t)
  const summary = await app.inject({ url: `/v1/reports/summary.csv?${query()}`, headers: adminHeaders })
  t.equal(summary.statusCode, 200)
  t.match(summary.headers['content-type'], /^text\/csv/)
  t.match(summary.headers['content-disposition'], /^attachment; filename="tandem-report-/)
  t.match(summary.body, /^kind,name,value\r\nday,\d{4}-\d{2}-\d{2},\d\r\n/)
  t.match(summary.body, /\r\ntotal,conversations,2\r\n/)
  const rows = await app.inject({ url: `/v1/reports/conversations.csv?${query()}`, headers: adminHeaders })
  const lines = rows.body.trimEnd().split('\r\n')
  t.equal(lines.length, 3, 'a header and two conversations')
  const helpedLine = lines.find((l) => l.startsWith(helped.id))!
  t.match(helpedLine, `"'=HYPERLINK(""https://evil.example"")"`, 'the comment arrives as text')
  t.match(helpedLine, ',resolved,', 'with its status')
})

t.test('a site or an agent narrows the report; another workspace’s site is not found', async (t) => {
  const { app, adminHeaders, query, site, admin, addSite } = await withConversations(t)
  const quiet = (await addSite()).site
  t.equal((await app.inject({ url: `/v1/reports/summary?${query({ siteKey: site.key })}`, headers: adminHeaders })).json().conversations, 2)
  t.equal((await app.inject({ url: `/v1/reports/summary?${query({ siteKey: quiet.key })}`, headers: adminHeaders })).json().conversations, 0)
  t.equal((await app.inject({ url: `/v1/reports/summary?${query({ agentId: admin.id })}`, headers: adminHeaders })).json().conversations, 1, 'the one they resolved')
  const other = await workspaceWithSite(t)
  const foreign = await app.inject({ url: `/v1/reports/summary?${query({ siteKey: other.site.key })}`, headers: adminHeaders })
  t.same([foreign.statusCode, foreign.json().error.code], [404, 'ERR_SITE_NOT_FOUND'])
  const foreignAgent = await app.inject({ url: `/v1/reports/summary?${query({ agentId: other.admin.id })}`, headers: adminHeaders })
  t.same([foreignAgent.statusCode, foreignAgent.json().error.code], [404, 'ERR_AGENT_NOT_FOUND'])
})

t.test('bad ranges and time zones are refused with a reason; agents are refused', async (t) => {
  const { app, adminHeaders, addAgent, auth } = await withConversations(t)
  const ask = (q: Record<string, string>) => app.inject({ url: `/v1/reports/summary?${new URLSearchParams(q)}`, headers: adminHeaders })
  for (const [name, q, reason] of [
    ['an unknown zone', { from: '2026-03-01', to: '2026-03-02', timeZone: 'Mars/Olympus' }, /time zone/],
    ['from after to', { from: '2026-03-02', to: '2026-03-01', timeZone: TZ }, /after/],
    ['a date that does not exist', { from: '2026-02-30', to: '2026-03-01', timeZone: TZ }, /real calendar dates/],
    ['a date out of any sensible range', { from: '1000-01-01', to: '9999-12-31', timeZone: TZ }, /from 2000 to 2999/],
    ['too long a range', { from: '2025-01-01', to: '2026-03-01', timeZone: TZ }, new RegExp(`at most ${REPORT_DAYS_MAX} days`)],
    ['not a date', { from: 'yesterday', to: '2026-03-01', timeZone: TZ }, /from/],
  ] as const) {
    const res = await ask(q)
    t.same([res.statusCode, res.json().error.code], [400, 'ERR_REQUEST_INVALID'], name)
    t.match(res.json().error.message, reason, `${name}: says why`)
  }
  const agent = auth((await addAgent('Plain')).token)
  for (const path of ['summary', 'summary.csv', 'conversations.csv']) {
    const res = await app.inject({ url: `/v1/reports/${path}?from=2026-03-01&to=2026-03-01&timeZone=UTC`, headers: agent })
    t.same([res.statusCode, res.json().error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'], path)
  }
})

t.test("one report at a time per workspace: admins asking together wait their turn; another workspace's does not", async (t) => {
  const real = testStore(t)
  // The real store, with the reads of report rows counted while they run.
  const running = new Map<string, number>()
  const most = new Map<string, number>()
  const store: Store = {
    ...real,
    async listConversationsCreated(workspaceId, query) {
      running.set(workspaceId, (running.get(workspaceId) ?? 0) + 1)
      most.set(workspaceId, Math.max(most.get(workspaceId) ?? 0, running.get(workspaceId)!))
      try {
        await new Promise((resolve) => setImmediate(resolve))
        return await real.listConversationsCreated(workspaceId, query)
      } finally {
        running.set(workspaceId, running.get(workspaceId)! - 1)
      }
    },
  }
  const one = await workspaceWithSite(t, { store })
  const second = one.auth((await one.addAgent('Second admin', 'admin')).token)
  const other = await signedInWorkspace(t, { store, app: one.app })
  const url = '/v1/reports/summary?from=2026-03-01&to=2026-03-31&timeZone=UTC'
  const answers = await Promise.all([
    ...[one.adminHeaders, second, one.adminHeaders, second].map((headers) => one.app.inject({ url, headers })),
    one.app.inject({ url: url.replace('summary', 'conversations.csv'), headers: one.adminHeaders }),
    other.app.inject({ url, headers: other.adminHeaders }),
  ])
  t.same(answers.map((res) => res.statusCode), [200, 200, 200, 200, 200, 200], 'every one answered')
  t.equal(most.get(one.workspace.id), 1, "the workspace's reports ran one after another")
  t.equal(most.get(other.workspace.id), 1)
})
