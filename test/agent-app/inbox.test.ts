// The agent app's inbox lists, as pure functions: which list a conversation belongs in, their order,
// and how a live summary moves, adds or removes a row without fetching the list again.
import t from 'tap'
import type { ConversationSummary, MessageView } from '../../protocol/rest/conversations.ts'
import { belongs, emptyList, listQuery, mergeMessages, mergeRow, patchList, unreadCount, type InboxFilter, type ListState } from '../../agent-app/inbox.ts'

const ME = 'a'.repeat(32)
const OTHER = 'b'.repeat(32)
const SITE = 'c'.repeat(32)
const id = (n: number) => n.toString(16).padStart(32, '0')
const noFilter: InboxFilter = { siteId: null, search: '' }

function summary(n: number, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id: id(n), siteId: SITE, visitorId: id(1000 + n), status: 'open', assignee: null, queuedAt: null, lastSeq: 1, lastPublic: null, customer: { displayName: `Customer ${n}`, verified: false }, rating: null, ...patch }
}

function listOf(summaries: ConversationSummary[], complete = true): { list: ListState; rowOf: (id: string) => ConversationSummary | undefined } {
  const rows = new Map(summaries.map((s) => [s.id, s]))
  return { list: { ...emptyList(), ids: summaries.map((s) => s.id), complete }, rowOf: (key) => rows.get(key) }
}

t.test('each list holds what its name says', async (t) => {
  const queued = summary(1, { queuedAt: '2026-12-03T09:00:00.000Z' })
  const mine = summary(2, { assignee: ME })
  const theirs = summary(3, { assignee: OTHER })
  const resolved = summary(4, { status: 'resolved', assignee: ME })
  t.same([queued, mine, theirs, resolved].map((s) => belongs('queue', s, ME, noFilter)), [true, false, false, false])
  t.same([queued, mine, theirs, resolved].map((s) => belongs('mine', s, ME, noFilter)), [false, true, false, false])
  t.same([queued, mine, theirs, resolved].map((s) => belongs('open', s, ME, noFilter)), [true, true, true, false])
  t.same([queued, mine, theirs, resolved].map((s) => belongs('resolved', s, ME, noFilter)), [false, false, false, true])
  t.notOk(belongs('open', mine, ME, { siteId: 'd'.repeat(32), search: '' }), "another site's filter leaves it out")
})

t.test('a new conversation goes on top of a list, newest first; the queue keeps the longest waiting first', async (t) => {
  const { list, rowOf } = listOf([summary(3), summary(2)])
  const added = patchList(list, 'open', summary(9), ME, noFilter, (key) => (key === id(9) ? summary(9) : rowOf(key)))
  t.same(added.ids, [id(9), id(3), id(2)])
  const early = summary(5, { queuedAt: '2026-12-03T09:00:00.000Z' })
  const late = summary(4, { queuedAt: '2026-12-03T09:05:00.000Z' })
  const queue = listOf([early])
  t.same(patchList(queue.list, 'queue', late, ME, noFilter, queue.rowOf).ids, [id(5), id(4)], 'queued later, behind')
})

t.test('a row that no longer belongs leaves; one taken from the queue leaves it', async (t) => {
  const waiting = summary(5, { queuedAt: '2026-12-03T09:00:00.000Z' })
  const { list, rowOf } = listOf([waiting])
  const taken = { ...waiting, queuedAt: null, assignee: OTHER }
  t.same(patchList(list, 'queue', taken, ME, noFilter, rowOf).ids, [])
  const mine = listOf([])
  t.equal(patchList(mine.list, 'mine', taken, ME, noFilter, mine.rowOf), mine.list, 'a list it never was in is left as it is')
})

t.test('a list not wholly loaded adds a row only among the rows it holds; a searched list adds none', async (t) => {
  const { list, rowOf } = listOf([summary(9), summary(8)], false)
  t.same(patchList(list, 'open', summary(10), ME, noFilter, rowOf).ids, [id(10), id(9), id(8)], 'newer than what is loaded: on top')
  t.equal(patchList(list, 'open', summary(2), ME, noFilter, rowOf), list, 'older: it comes with a later page')
  t.equal(patchList(list, 'open', summary(10), ME, { siteId: null, search: 'refund' }, rowOf), list, 'the server decides what a search matches')
  const searched = patchList(list, 'open', { ...summary(9), lastSeq: 5 }, ME, { siteId: null, search: 'refund' }, rowOf)
  t.same(searched.ids, [id(9), id(8)], 'a row already shown is kept')
})

t.test("a summary keeps the row's read position, and unread counts what came after it", async (t) => {
  const row = mergeRow({ ...summary(1), readSeq: 3 }, summary(1, { lastSeq: 7 }))
  t.equal(row.readSeq, 3)
  t.equal(unreadCount(row), 4)
  t.equal(unreadCount(mergeRow(undefined, summary(2, { lastSeq: 2 }))), 2, 'never read: everything is unread')
})

t.test('each list asks the server for what it shows', async (t) => {
  const siteKey = () => 'site_abcdefghijklmnopqrstuv'
  t.equal(listQuery('queue', noFilter, siteKey).toString(), 'queued=true&status=open')
  t.equal(listQuery('mine', noFilter, siteKey).toString(), 'assignee=me&status=open')
  t.equal(listQuery('resolved', { siteId: SITE, search: '  double charge ' }, siteKey).toString(), 'status=resolved&siteKey=site_abcdefghijklmnopqrstuv&q=double+charge')
})

t.test('messages merge in seq order, once each, the later copy winning', async (t) => {
  const message = (seq: number, text: string) => ({ seq, text }) as MessageView
  const merged = mergeMessages([message(1, 'a'), message(2, 'stream')], [message(3, 'c'), message(2, 'streamed whole')])
  t.same(merged.map((m) => [m.seq, m.text]), [[1, 'a'], [2, 'streamed whole'], [3, 'c']])
})
