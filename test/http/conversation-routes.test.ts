import t, { type Test } from 'tap'
import { signedInWorkspace, workspaceWithSite } from '../helpers/factories.ts'

/**
 * Two sites and five conversations in one workspace, and one in another workspace that must never show:
 * c1 site A, Ann, admin's · c2 site A, Zed Quill, Bea's · c3 site A, Ann, queued first
 * c4 site B, Cy, resolved, mentions a refund · c5 site B, Cy, queued second.
 */
async function inbox(t: Test) {
  const world = await workspaceWithSite(t)
  const { store, workspace, site, admin, addSite, addVisitor, addAgent } = world
  const ws = workspace.id
  const { site: siteB } = await addSite()
  const bea = await addAgent('Bea')
  const ann = (await addVisitor()).visitor
  const zed = (await addVisitor()).visitor
  await store.updateVisitor(ws, zed.id, { name: 'Zed Quill' })
  const cy = (await addVisitor(siteB)).visitor
  const open = async (siteId: string, visitorId: string, change: Parameters<typeof store.transitionConversation>[3] | null) => {
    const c = await store.createConversation(ws, { siteId, visitorId })
    return change ? (await store.transitionConversation(ws, c.id, 0, change))!.conversation : c
  }
  const c1 = await open(site.id, ann.id, { assigneeId: admin.id })
  const c2 = await open(site.id, zed.id, { assigneeId: bea.agent.id })
  const c3 = await open(site.id, ann.id, { queuedAt: new Date('2030-01-01T10:00:00Z') })
  const c4 = await open(siteB.id, cy.id, { status: 'resolved' })
  await store.appendMessage(ws, { conversationId: c4.id, kind: 'customer', authorId: cy.id, text: 'I would like a REFUND for order 1234' })
  const c5 = await open(siteB.id, cy.id, { queuedAt: new Date('2030-01-01T11:00:00Z') })

  const other = await signedInWorkspace(t, { app: world.app, store })
  const { site: otherSite } = await addSite(other.workspace.id)
  const foreignVisitor = (await addVisitor(otherSite)).visitor
  const foreign = await store.createConversation(other.workspace.id, { siteId: otherSite.id, visitorId: foreignVisitor.id })
  await store.appendMessage(other.workspace.id, { conversationId: foreign.id, kind: 'customer', authorId: foreignVisitor.id, text: 'refund please' })

  const list = async (query: string, headers = world.adminHeaders) => {
    const res = await world.app.inject({ url: `/v1/conversations${query}`, headers })
    if (res.statusCode !== 200) return [res.statusCode, res.json().error.code]
    return res.json().items.map((c: { id: string }) => ({ [c1.id]: 'c1', [c2.id]: 'c2', [c3.id]: 'c3', [c4.id]: 'c4', [c5.id]: 'c5' })[c.id] ?? c.id)
  }
  return { ...world, siteB, bea, ann, zed, cy, c1, c2, c3, c4, c5, other, otherSite, foreign, foreignVisitor, list }
}

t.test("agents list their workspace's conversations, newest first, by every filter", async (t) => {
  const { list, bea, auth, admin, siteB, ann, other, otherSite, foreign, foreignVisitor } = await inbox(t)
  t.same(await list(''), ['c5', 'c4', 'c3', 'c2', 'c1'], "another workspace's never shows")
  t.same(await list('?status=resolved'), ['c4'])
  t.same(await list('?status=open'), ['c5', 'c3', 'c2', 'c1'])
  t.same(await list('?assignee=me'), ['c1'])
  t.same(await list('?assignee=me', auth(bea.token)), ['c2'], "'me' is whoever asks")
  t.same(await list(`?assignee=${bea.agent.id}`), ['c2'])
  t.same(await list(`?assignee=${admin.id}`, auth(bea.token)), ['c1'])
  t.same(await list('?assignee=none'), ['c5', 'c4', 'c3'])
  t.same(await list(`?siteKey=${siteB.key}`), ['c5', 'c4'])
  t.same(await list(`?visitorId=${ann.id}`), ['c3', 'c1'])
  t.same(await list('?queued=true'), ['c3', 'c5'], 'the queue is oldest first')
  t.same(await list('?q=quill'), ['c2'], "by the visitor's name, any case")
  t.same(await list('?q=refund'), ['c4'], "by a message's text; the other workspace's refund stays hidden")
  t.same(await list('?q=100%25'), [], 'wildcards are text')
  t.same(await list('?status=open&assignee=none'), ['c5', 'c3'], 'filters combine')
  t.same(await list(`?siteKey=${otherSite.key}`), [404, 'ERR_SITE_NOT_FOUND'], "another workspace's site is not found")
  t.same(await list(`?visitorId=${foreignVisitor.id}`), [404, 'ERR_VISITOR_NOT_FOUND'])
  t.same(await list(`?assignee=${other.admin.id}`), [404, 'ERR_AGENT_NOT_FOUND'])
  t.same(await list(`?visitorId=${ann.id}`, other.adminHeaders), [404, 'ERR_VISITOR_NOT_FOUND'], 'and the other way round')
  t.same(await list('', other.adminHeaders), [foreign.id])
})

t.test("each conversation listed carries the asking agent's own read position, 0 when never read", async (t) => {
  const { app, store, workspace, adminHeaders, admin, bea, auth, c1, c4, siteB, cy } = await inbox(t)
  await store.markRead(workspace.id, c4.id, admin.id, 1)
  await store.markRead(workspace.id, c1.id, bea.agent.id, 3)
  const readSeqs = async (headers: Record<string, string>) => {
    const items = (await app.inject({ url: '/v1/conversations', headers })).json().items as { id: string; readSeq: number; lastSeq: number }[]
    return Object.fromEntries(items.filter((c) => c.id === c1.id || c.id === c4.id).map((c) => [c.id === c1.id ? 'c1' : 'c4', [c.readSeq, c.lastSeq]]))
  }
  t.same(await readSeqs(adminHeaders), { c1: [0, 0], c4: [1, 1] }, 'the admin read c4 up to its last message')
  t.same(await readSeqs(auth(bea.token)), { c1: [3, 0], c4: [0, 1] }, "Bea's positions are her own")
  const row = (await app.inject({ url: `/v1/conversations?siteKey=${siteB.key}&status=resolved`, headers: adminHeaders })).json().items[0]
  t.same(row, {
    id: c4.id,
    siteId: siteB.id,
    visitorId: cy.id,
    status: 'resolved',
    assignee: null,
    queuedAt: null,
    lastSeq: 1,
    lastPublic: { seq: 1, text: 'I would like a REFUND for order 1234', kind: 'customer', at: row.lastPublic.at },
    customer: { displayName: `Visitor ${cy.id.slice(-4)}`, verified: false },
    rating: null,
    readSeq: 1,
  }, 'a row is the inbox summary, with the reader\'s read position')
})

t.test("a verified customer's conversations from every device show under any of them", async (t) => {
  const { list, store, workspace, ann, zed } = await inbox(t)
  await store.updateVisitor(workspace.id, ann.id, { externalId: 'user-7' })
  t.same(await list(`?visitorId=${ann.id}`), ['c3', 'c1'], 'alone, its own')
  await store.updateVisitor(workspace.id, zed.id, { externalId: 'user-7' })
  t.same(await list(`?visitorId=${ann.id}`), ['c3', 'c2', 'c1'])
  t.same(await list(`?visitorId=${zed.id}`), ['c3', 'c2', 'c1'])
})

t.test('the conversation list pages with a cursor, without gaps or repeats', async (t) => {
  const { app, adminHeaders, c1, c2, c3, c4, c5 } = await inbox(t)
  const seen: string[] = []
  let cursor: string | null = ''
  let pages = 0
  while (cursor !== null) {
    const res = await app.inject({ url: `/v1/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: adminHeaders })
    const body: { items: { id: string }[]; nextCursor: string | null } = res.json()
    seen.push(...body.items.map((c) => c.id))
    cursor = body.nextCursor
    if (++pages > 5) break
  }
  t.same(seen, [c5.id, c4.id, c3.id, c2.id, c1.id])
  t.equal(pages, 3)
  const queued = await app.inject({ url: '/v1/conversations?queued=true&limit=1', headers: adminHeaders })
  const rest = await app.inject({ url: `/v1/conversations?queued=true&limit=1&cursor=${queued.json().nextCursor}`, headers: adminHeaders })
  t.same([queued.json().items[0].id, rest.json().items[0].id, rest.json().nextCursor], [c3.id, c5.id, null], 'the queue pages in its own order')
})

t.test('an agent reads a conversation and its history only in their workspace', async (t) => {
  const { app, adminHeaders, c4, foreign } = await inbox(t)
  const one = await app.inject({ url: `/v1/conversations/${c4.id}`, headers: adminHeaders })
  t.match(one.json(), { id: c4.id, status: 'resolved', lastSeq: 1 })
  t.equal((await app.inject({ url: `/v1/conversations/${c4.id}/messages`, headers: adminHeaders })).json().items[0].text, 'I would like a REFUND for order 1234')
  for (const url of [`/v1/conversations/${foreign.id}`, `/v1/conversations/${foreign.id}/messages`, `/v1/conversations/${'0'.repeat(32)}`]) {
    const res = await app.inject({ url, headers: adminHeaders })
    t.same([res.statusCode, res.json().error.code], [404, 'ERR_CONVERSATION_NOT_FOUND'], url)
  }
})

t.test('resolving is for the assignee, an admin, or anyone while nobody holds it', async (t) => {
  const { app, store, workspace, auth, bea, addAgent, adminHeaders, c1, c2, c3, foreign } = await inbox(t)
  const dee = await addAgent('Dee')
  const resolve = (id: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: `/v1/conversations/${id}/resolve`, headers })

  const before = await store.getConversation(workspace.id, c2.id)
  const refused = await resolve(c2.id, auth(dee.token))
  t.same([refused.statusCode, refused.json().error.code], [403, 'ERR_ACCESS_NOT_ASSIGNEE'], "another agent's conversation")
  t.same(await store.getConversation(workspace.id, c2.id), before, 'and nothing changed')

  const byAssignee = await resolve(c2.id, auth(bea.token))
  t.match(byAssignee.json(), { status: 'resolved', assigneeId: bea.agent.id })
  t.type(byAssignee.json().resolvedAt, 'string')
  t.equal((await resolve(c1.id, auth(bea.token))).json().error.code, 'ERR_ACCESS_NOT_ASSIGNEE', "the admin's, for a plain agent")

  const c1Again = await store.getConversation(workspace.id, c1.id)
  await store.transitionConversation(workspace.id, c1.id, c1Again!.revision, { assigneeId: bea.agent.id })
  t.equal((await resolve(c1.id, adminHeaders)).json().status, 'resolved', "an admin may resolve anyone's")

  const queued = await resolve(c3.id, auth(dee.token))
  t.match(queued.json(), { status: 'resolved', assigneeId: null, queuedAt: null }, 'unassigned: anyone, and it leaves the queue')

  const resolved = await store.getConversation(workspace.id, c2.id)
  const twice = await resolve(c2.id, auth(dee.token))
  t.equal(twice.statusCode, 200, 'resolving again is harmless, whoever asks')
  t.same(await store.getConversation(workspace.id, c2.id), resolved, 'and changes nothing')

  const elsewhere = await resolve(foreign.id, adminHeaders)
  t.same([elsewhere.statusCode, elsewhere.json().error.code], [404, 'ERR_CONVERSATION_NOT_FOUND'])
})

t.test('agents read a customer and any agent may block one, in their own workspace only', async (t) => {
  const { app, store, auth, bea, adminHeaders, zed, other, foreignVisitor } = await inbox(t)
  const read = await app.inject({ url: `/v1/visitors/${zed.id}`, headers: auth(bea.token) })
  t.match(read.json(), { id: zed.id, name: 'Zed Quill', verified: false, blocked: false })
  const blocked = await app.inject({ method: 'POST', url: `/v1/visitors/${zed.id}/block`, headers: auth(bea.token), payload: { blocked: true } })
  t.equal(blocked.json().blocked, true)

  for (const res of [
    await app.inject({ url: `/v1/visitors/${foreignVisitor.id}`, headers: adminHeaders }),
    await app.inject({ method: 'POST', url: `/v1/visitors/${foreignVisitor.id}/block`, headers: adminHeaders, payload: { blocked: true } }),
  ]) {
    t.same([res.statusCode, res.json().error.code], [404, 'ERR_VISITOR_NOT_FOUND'])
  }
  t.equal((await store.getVisitor(other.workspace.id, foreignVisitor.id))!.blocked, false, "the other workspace's visitor is untouched")
})

t.test('every agent route needs an agent', async (t) => {
  const { app, c1, zed } = await inbox(t)
  for (const [method, url] of [
    ['GET', '/v1/conversations'],
    ['GET', `/v1/conversations/${c1.id}`],
    ['GET', `/v1/conversations/${c1.id}/messages`],
    ['POST', `/v1/conversations/${c1.id}/resolve`],
    ['GET', `/v1/visitors/${zed.id}`],
    ['POST', `/v1/visitors/${zed.id}/block`],
  ] as const) {
    const res = await app.inject({ method, url, ...(method === 'POST' && url.endsWith('block') ? { payload: { blocked: true } } : {}) })
    t.same([res.statusCode, res.json().error.code], [401, 'ERR_AUTH_REQUIRED'], `${method} ${url}`)
  }
})
