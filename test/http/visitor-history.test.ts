import t, { type Test } from 'tap'
import type { MessageKind } from '../../protocol/enums.ts'
import { workspaceWithSite } from '../helpers/factories.ts'

/** Ten messages; seq 3 and 7 are agents' private notes. */
const SCRIPT: MessageKind[] = ['customer', 'ai', 'note', 'customer', 'agent', 'customer', 'note', 'agent', 'system', 'customer']

async function conversationWithNotes(t: Test) {
  const world = await workspaceWithSite(t)
  const { store, workspace, site, addVisitor, admin } = world
  const visitor = await addVisitor()
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.visitor.id })
  for (const [i, kind] of SCRIPT.entries()) {
    const authorId = kind === 'customer' ? visitor.visitor.id : kind === 'agent' || kind === 'note' ? admin.id : null
    const authorName = kind === 'agent' || kind === 'note' ? admin.name : null
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind, authorId, authorName, text: `message ${i + 1}` })
  }
  const visitorPage = async (query: string) => {
    const res = await world.app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations/${conversation.id}/messages${query}`, headers: visitor.headers })
    const body = res.json()
    return { seqs: body.items.map((m: { seq: number }) => m.seq), hasMore: body.hasMore, items: body.items }
  }
  const agentPage = async (query: string) => {
    const res = await world.app.inject({ url: `/v1/conversations/${conversation.id}/messages${query}`, headers: world.adminHeaders })
    const body = res.json()
    return { seqs: body.items.map((m: { seq: number }) => m.seq), hasMore: body.hasMore }
  }
  return { ...world, visitor, conversation, visitorPage, agentPage }
}

t.test("agents' private notes never reach the visitor, on any page", async (t) => {
  const { visitorPage, agentPage } = await conversationWithNotes(t)
  const all = await visitorPage('')
  t.same(all.seqs, [1, 2, 4, 5, 6, 8, 9, 10])
  t.notOk(all.items.some((m: { kind: string; visibility: string }) => m.kind === 'note' || m.visibility !== 'public'))
  for (const query of ['?after=0', '?after=2&limit=1', '?before=4&limit=1', '?before=8&after=2']) {
    const page = await visitorPage(query)
    t.notOk(page.seqs.includes(3) || page.seqs.includes(7), `no note in ${query}`)
  }
  t.same((await agentPage('')).seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'agents see the notes')
})

t.test('history after a reload still names the agent who answered', async (t) => {
  const { visitorPage, admin } = await conversationWithNotes(t)
  const { items } = await visitorPage('')
  const names = items.map((m: { kind: string; authorName: string | null }) => [m.kind, m.authorName])
  t.same(names.filter(([kind]: [string]) => kind === 'agent'), [['agent', admin.name], ['agent', admin.name]])
  t.ok(names.filter(([kind]: [string]) => kind !== 'agent').every(([, name]: [string, string | null]) => name === null), 'nobody else is named')
})

t.test('history pages backwards from the newest, and says whether older messages remain', async (t) => {
  const { visitorPage, agentPage } = await conversationWithNotes(t)
  t.same(await visitorPage('?limit=3').then(({ seqs, hasMore }) => ({ seqs, hasMore })), { seqs: [8, 9, 10], hasMore: true })
  t.same((await visitorPage('?before=8&limit=3')).seqs, [4, 5, 6])
  t.equal((await visitorPage('?before=8&limit=3')).hasMore, true)
  const last = await visitorPage('?before=4&limit=3')
  t.same([last.seqs, last.hasMore], [[1, 2], false], 'the oldest page')
  const exact = await visitorPage('?before=4&limit=2')
  t.same([exact.seqs, exact.hasMore], [[1, 2], false], 'a page that ends exactly at the start has no more')
  t.same(await agentPage('?before=4&limit=2'), { seqs: [2, 3], hasMore: true }, 'for an agent, the note below counts')
  t.same(await agentPage('?before=8&limit=3'), { seqs: [5, 6, 7], hasMore: true })
  const empty = await visitorPage('?before=1')
  t.same([empty.seqs, empty.hasMore], [[], false])
})

t.test('history pages forwards from a seq, for catching up after a reconnect', async (t) => {
  const { visitorPage, agentPage } = await conversationWithNotes(t)
  const next = await visitorPage('?after=5&limit=2')
  t.same([next.seqs, next.hasMore], [[6, 8], true], 'notes are skipped, and older messages exist')
  const start = await visitorPage('?after=0&limit=2')
  t.same([start.seqs, start.hasMore], [[1, 2], false])
  const caughtUp = await visitorPage('?after=10')
  t.same([caughtUp.seqs, caughtUp.hasMore], [[], true], 'nothing new, older messages below')
  const window = await visitorPage('?after=2&before=8')
  t.same(window.seqs, [4, 5, 6], 'both bounds: the messages between')
  t.same(await agentPage('?after=5&limit=2'), { seqs: [6, 7], hasMore: true })
})

t.test('a conversation can be rated only once it is resolved, and a new rating replaces the last', async (t) => {
  const { app, store, workspace, site, visitor, conversation, adminHeaders } = await conversationWithNotes(t)
  const rate = (payload: object) =>
    app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors/me/conversations/${conversation.id}/rating`, headers: visitor.headers, payload })
  const early = await rate({ score: 5 })
  t.same([early.statusCode, early.json().error.code], [409, 'ERR_CONVERSATION_NOT_RESOLVED'])
  t.equal((await store.getConversation(workspace.id, conversation.id))!.rating, null, 'nothing stored')

  t.equal((await app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/resolve`, headers: adminHeaders })).statusCode, 200)
  const rated = await rate({ score: 4, comment: 'Quick and kind' })
  t.equal(rated.statusCode, 200)
  t.same(rated.json().rating, { score: 4, comment: 'Quick and kind' })
  t.same((await rate({ score: 5 })).json().rating, { score: 5, comment: null }, 'changed their mind')
  t.same((await store.getConversation(workspace.id, conversation.id))!.rating, { score: 5, comment: null })
  const rows = await app.inject({ url: `/v1/conversations?visitorId=${conversation.visitorId}`, headers: adminHeaders })
  t.same(rows.json().items.map((row: { rating: unknown }) => row.rating), [{ score: 5, comment: null }], "the agent's list of the customer's conversations shows it")
})

t.test("a visitor's conversations come a page at a time, newest first", async (t) => {
  const { app, store, workspace, site, addVisitor } = await workspaceWithSite(t)
  const { visitor, headers } = await addVisitor()
  const ids: string[] = []
  for (let i = 0; i < 3; i++) ids.push((await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })).id)
  const page = (query: string) => app.inject({ url: `/v1/sites/${site.key}/visitors/me/conversations${query}`, headers }).then((r) => r.json())
  const first = await page('?limit=2')
  t.same(first.items.map((c: { id: string }) => c.id), [ids[2], ids[1]])
  t.type(first.nextCursor, 'string')
  const second = await page(`?limit=2&cursor=${first.nextCursor}`)
  t.same(second.items.map((c: { id: string }) => c.id), [ids[0]])
  t.equal(second.nextCursor, null, 'the last page says so')
})
