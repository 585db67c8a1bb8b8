// The Store contract: one suite, run unchanged against every adapter (sqlite-store.test.ts,
// mongo-store.test.ts). Writes are checked by reading the database directly through the harness's
// RawReader, never through the adapter under test alone.
import t from 'tap'
import { CUSTOMER_READER, REFUSED_ORIGINS_KEPT, type Store } from '../../server/store/store.ts'
import { newId } from '../../server/ids.ts'

export type RawTable =
  | 'workspaces'
  | 'sites'
  | 'agents'
  | 'visitors'
  | 'conversations'
  | 'messages'
  | 'helpArticles'
  | 'cannedReplies'
  | 'agentSessions'
  /** Keyed by tokenHash rather than id. */
  | 'refreshTokens'
  /** Counted only: a row is keyed by its site and origin, not by an id. */
  | 'refusedOrigins'

/** Reads the database without the adapter: field names camelCased, values as stored. */
export interface RawReader {
  get(table: RawTable, id: string): Promise<Record<string, unknown> | null>
  count(table: RawTable, workspaceId: string): Promise<number>
  /** The seqs stored for a conversation, ascending. */
  seqs(conversationId: string): Promise<number[]>
  /**
   * A conversation's stored facts by their record names (ConversationFacts), times as epoch ms and a
   * fact not stored as null; null when there is no such conversation.
   */
  facts(conversationId: string): Promise<Record<string, unknown> | null>
}

export interface StoreHarness {
  store: Store
  raw: RawReader
  /** A second Store on the same database, as another server process would hold. */
  openPeer(): Promise<Store>
  /**
   * Leaves a conversation as it was stored before facts were: SQLite's row as migration 10 left it
   * (not recorded, every fact NULL), MongoDB's document without `facts`.
   */
  eraseFacts(conversationId: string): Promise<void>
  close(): Promise<void>
}

/** A workspace with a site, a visitor, an agent and an open conversation: the usual starting point. */
export async function contractScene(store: Store) {
  const workspace = await store.createWorkspace({ name: 'Acme ' + newId() })
  const site = await store.createSite(workspace.id, { name: 'Shop', key: 'key_' + newId(), secretEncrypted: 'enc' })
  const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'hash_' + newId() })
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  const agent = await store.createAgent(workspace.id, { name: 'Ada', email: `ada.${newId()}@example.com`, passwordHash: '$argon2id$fake', role: 'agent' })
  return { store, workspace, site, visitor, conversation, agent }
}

export function storeContract(open: () => Promise<StoreHarness>): void {
  let h: StoreHarness
  t.before(async () => {
    h = await open()
  })
  t.teardown(() => h.close())

  const scene = () => contractScene(h.store)

  t.test('conversations created in a range are listed for reports, oldest first, per site and within the workspace', async (t) => {
    const { store, workspace, site, visitor, conversation: first } = await scene()
    const otherSite = await store.createSite(workspace.id, { name: 'Other shop', key: 'key_' + newId(), secretEncrypted: 'enc' })
    const second = await store.createConversation(workspace.id, { siteId: otherSite.id, visitorId: visitor.id })
    const third = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    const from = first.createdAt
    const to = new Date(third.createdAt.getTime() + 1)
    const ids = (list: { id: string }[]) => list.map((c) => c.id)
    t.same(ids(await store.listConversationsCreated(workspace.id, { from, to, limit: 10 })), [first.id, second.id, third.id])
    t.same(ids(await store.listConversationsCreated(workspace.id, { from, to, siteId: site.id, limit: 10 })), [first.id, third.id], 'one site')
    t.same(ids(await store.listConversationsCreated(workspace.id, { from, to, limit: 2 })), [first.id, second.id], 'at most the limit, oldest first')
    t.same(await store.listConversationsCreated(workspace.id, { from: to, to: new Date(to.getTime() + 60_000), limit: 10 }), [], '`to` is excluded, and nothing after')
    const listed = await store.listConversationsCreated(workspace.id, { from, to, limit: 10 })
    const whole = (await store.getConversation(workspace.id, first.id))!
    t.same(listed[0], { id: whole.id, siteId: whole.siteId, status: whole.status, assigneeId: whole.assigneeId, rating: whole.rating, createdAt: whole.createdAt, resolvedAt: whole.resolvedAt, facts: whole.facts }, 'what a report reads, facts included')
    const other = await store.createWorkspace({ name: 'Other' })
    t.same(await store.listConversationsCreated(other.id, { from, to, limit: 10 }), [], "another workspace's are not listed")
  })

  t.test('a workspace is created and read back', async (t) => {
    const workspace = await h.store.createWorkspace({ name: 'Acme' })
    t.match(await h.raw.get('workspaces', workspace.id), { name: 'Acme' })
    t.same(await h.store.getWorkspace(workspace.id), workspace)
    t.equal(await h.store.getWorkspace(newId()), null, 'an unknown id is null')
    const before = await h.store.countWorkspaces()
    await h.store.createWorkspace({ name: 'Another' })
    t.equal(await h.store.countWorkspaces(), before + 1, 'workspaces are counted')
  })

  t.test('a site gets the defaults, is found by its key and stays in its workspace', async (t) => {
    const { store, workspace, site } = await scene()
    t.match(site, { routingPolicy: 'human-first', locale: 'en', allowedOrigins: [], preChatFields: [], businessHours: null })
    t.match(await h.raw.get('sites', site.id), { key: site.key, workspaceId: workspace.id })
    t.same(await store.findSiteByKey(site.key), site)
    t.equal(await store.findSiteByKey('nope'), null)
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.getSite(other.id, site.id), null, "another workspace can't read it")
    t.same(await store.listSites(other.id), [])
    t.same((await store.listSites(workspace.id)).map((s) => s.id), [site.id])
    await t.rejects(
      store.createSite(other.id, { name: 'Copy', key: site.key, secretEncrypted: 'x' }),
      { code: 'ERR_STORE_DUPLICATE' },
      'keys are unique across workspaces',
    )
  })

  t.test('a site is updated only within its workspace', async (t) => {
    const { store, workspace, site } = await scene()
    const hours = { timeZone: 'Europe/Paris', hours: [{ day: 1, open: '09:00', close: '17:00' }] }
    const fields = [{ name: 'email', label: 'Email', type: 'email' as const, required: true }]
    const updated = await store.updateSite(workspace.id, site.id, {
      routingPolicy: 'ai-first',
      allowedOrigins: ['https://shop.example'],
      businessHours: hours,
      preChatFields: fields,
      color: '#ff0000',
    })
    t.match(updated, { routingPolicy: 'ai-first', allowedOrigins: ['https://shop.example'], businessHours: hours })
    t.same(updated?.preChatFields, fields)
    t.match(await h.raw.get('sites', site.id), { routingPolicy: 'ai-first', color: '#ff0000' })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.updateSite(other.id, site.id, { name: 'Hijacked' }), null)
    t.match(await h.raw.get('sites', site.id), { name: 'Shop' })
  })

  t.test('an agent starts offline, and emails are unique and case-insensitive', async (t) => {
    const { store, workspace, agent } = await scene()
    t.match(agent, { status: 'offline', active: true, capacity: 5, mustChangePassword: false, lastAssignedAt: null })
    t.match(await h.raw.get('agents', agent.id), { email: agent.email, role: 'agent' })
    t.same(await store.findAgentByEmail(agent.email.toUpperCase()), agent)
    t.equal(await store.findAgentByEmail('nobody@example.com'), null)
    const other = await store.createWorkspace({ name: 'Other' })
    await t.rejects(
      store.createAgent(other.id, { name: 'Copy', email: agent.email.toUpperCase(), passwordHash: 'x', role: 'admin' }),
      { code: 'ERR_AGENT_EMAIL_TAKEN' },
    )
    const mixed = await store.createAgent(workspace.id, { name: 'Bo', email: 'Bo.' + newId() + '@Example.COM', passwordHash: 'x', role: 'admin' })
    t.equal(mixed.email, mixed.email.toLowerCase(), 'stored lower-cased')
    t.same((await store.listAgents(workspace.id)).map((a) => a.id), [agent.id, mixed.id])
    t.same(await store.listAgents(other.id), [])
  })

  t.test('an agent is updated only within its workspace, and cannot take an email in use', async (t) => {
    const { store, workspace, agent } = await scene()
    const at = new Date('2026-01-02T03:04:05.000Z')
    const updated = await store.updateAgent(workspace.id, agent.id, { status: 'online', capacity: 2, active: false, lastAssignedAt: at })
    t.match(updated, { status: 'online', capacity: 2, active: false })
    t.equal(updated?.lastAssignedAt?.getTime(), at.getTime())
    t.match(await h.raw.get('agents', agent.id), { status: 'online', capacity: 2 })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.updateAgent(other.id, agent.id, { role: 'admin' }), null)
    t.match(await h.raw.get('agents', agent.id), { role: 'agent' })
    t.equal(await store.getAgent(other.id, agent.id), null)
    const second = await store.createAgent(workspace.id, { name: 'Cy', email: `cy.${newId()}@example.com`, passwordHash: 'x', role: 'agent' })
    await t.rejects(store.updateAgent(workspace.id, second.id, { email: agent.email }), { code: 'ERR_AGENT_EMAIL_TAKEN' })
  })

  t.test('a visitor is found by token hash on its own site only, and linked by external id', async (t) => {
    const { store, workspace, site, visitor } = await scene()
    t.match(visitor, { externalId: null, blocked: false, attributes: {}, pageContext: null })
    t.match(await h.raw.get('visitors', visitor.id), { tokenHash: visitor.tokenHash, siteId: site.id })
    t.same(await store.findVisitorByTokenHash(workspace.id, site.id, visitor.tokenHash), visitor)
    const otherSite = await store.createSite(workspace.id, { name: 'Blog', key: 'key_' + newId(), secretEncrypted: 'e' })
    t.equal(await store.findVisitorByTokenHash(workspace.id, otherSite.id, visitor.tokenHash), null)
    await t.rejects(store.createVisitor(workspace.id, { siteId: site.id, tokenHash: visitor.tokenHash }), { code: 'ERR_STORE_DUPLICATE' })

    const phone = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'hash_' + newId() })
    await store.updateVisitor(workspace.id, visitor.id, { externalId: 'user-42', name: 'Grace', attributes: { plan: 'pro', seats: 3 } })
    const linked = await store.updateVisitor(workspace.id, phone.id, { externalId: 'user-42', blocked: true })
    t.equal(linked?.blocked, true)
    t.match(await h.raw.get('visitors', visitor.id), { externalId: 'user-42', name: 'Grace' })
    t.same((await store.listVisitorsByExternalId(workspace.id, site.id, 'user-42')).map((v) => v.id), [visitor.id, phone.id])
    t.same((await store.getVisitor(workspace.id, visitor.id))?.attributes, { plan: 'pro', seats: 3 })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.updateVisitor(other.id, visitor.id, { blocked: true }), null)
    t.equal(await store.getVisitor(other.id, visitor.id), null)
    t.same(await store.listVisitorsByExternalId(other.id, site.id, 'user-42'), [])

    const at = new Date('2026-03-04T05:06:07.000Z')
    const page = { url: 'https://shop.example/cart', title: 'Cart', referrer: null, locale: 'fr-FR', userAgent: 'Firefox', at }
    const seen = await store.updateVisitor(workspace.id, visitor.id, { pageContext: page })
    t.same(seen?.pageContext, page, 'the page the widget reported is kept')
    t.same((await store.getVisitor(workspace.id, visitor.id))?.pageContext, page)
    t.ok((await h.raw.get('visitors', visitor.id))?.pageContext, 'and stored')

    t.same(phone.claims, { name: null, email: null, attributes: {} }, 'a visitor starts with no claims')
    const claims = { name: 'Ada (said so)', email: 'ada@example.com', attributes: { order: 'A-17', vip: true } }
    t.same((await store.updateVisitor(workspace.id, visitor.id, { claims }))?.claims, claims)
    const reread = await store.getVisitor(workspace.id, visitor.id)
    t.same(reread?.claims, claims, 'claims are kept')
    t.match(reread, { name: 'Grace', attributes: { plan: 'pro', seats: 3 } }, 'beside the verified identity, untouched')
    t.ok((await h.raw.get('visitors', visitor.id))?.claims, 'and stored')
  })

  t.test('a conversation opens unassigned at revision 0 and is read only within its workspace', async (t) => {
    const { store, workspace, conversation } = await scene()
    t.match(conversation, { status: 'open', assigneeId: null, queuedAt: null, revision: 0, lastSeq: 0, rating: null, resolvedAt: null })
    t.match(await h.raw.get('conversations', conversation.id), { status: 'open', revision: 0 })
    t.same(await store.getConversation(workspace.id, conversation.id), conversation)
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.getConversation(other.id, conversation.id), null)
    t.equal(await store.updateConversation(other.id, conversation.id, { rating: { score: 1, comment: null } }), null)
  })

  t.test('a transition moves one revision forward and records status and assignee', async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    const assigned = await store.transitionConversation(workspace.id, conversation.id, 0, { assigneeId: agent.id })
    t.match(assigned, { won: true, conversation: { assigneeId: agent.id, revision: 1 } })
    t.match(await h.raw.get('conversations', conversation.id), { assigneeId: agent.id, revision: 1 })
    const resolved = await store.transitionConversation(workspace.id, conversation.id, 1, { status: 'resolved' })
    t.ok(resolved?.conversation.resolvedAt, 'resolving stamps resolvedAt')
    t.match(await h.raw.get('conversations', conversation.id), { status: 'resolved', revision: 2 })
    const reopened = await store.transitionConversation(workspace.id, conversation.id, 2, { status: 'open', assigneeId: null, queuedAt: new Date() })
    t.match(reopened?.conversation, { status: 'open', resolvedAt: null, assigneeId: null, revision: 3 })
    const stale = await store.transitionConversation(workspace.id, conversation.id, 1, { assigneeId: null })
    t.match(stale, { won: false, conversation: { revision: 3 } }, 'a stale revision loses and shows the current state')
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.transitionConversation(other.id, conversation.id, 3, { status: 'resolved' }), null)
    t.match(await h.raw.get('conversations', conversation.id), { status: 'open', revision: 3 })
  })

  t.test('two concurrent claims of one conversation: exactly one wins, in one process or two', async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    const rival = await store.createAgent(workspace.id, { name: 'Rival', email: `r.${newId()}@example.com`, passwordHash: 'x', role: 'agent' })
    const results = await Promise.all([
      store.transitionConversation(workspace.id, conversation.id, 0, { assigneeId: agent.id }),
      store.transitionConversation(workspace.id, conversation.id, 0, { assigneeId: rival.id }),
    ])
    t.equal(results.filter((r) => r?.won).length, 1)
    const winner = results.find((r) => r?.won)?.conversation.assigneeId
    t.match(await h.raw.get('conversations', conversation.id), { assigneeId: winner, revision: 1 })

    const peer = await h.openPeer()
    t.teardown(() => peer.close())
    for (let round = 1; round <= 10; round++) {
      const claims = await Promise.all([
        store.transitionConversation(workspace.id, conversation.id, round, { assigneeId: agent.id }),
        peer.transitionConversation(workspace.id, conversation.id, round, { assigneeId: rival.id }),
      ])
      t.equal(claims.filter((r) => r?.won).length, 1, `round ${round}: one winner across two stores`)
    }
    t.match(await h.raw.get('conversations', conversation.id), { revision: 11 })
  })

  t.test('conversations list newest first, filtered, and page by cursor without gaps or repeats', async (t) => {
    const { store, workspace, site, visitor, conversation, agent } = await scene()
    const more = []
    for (let i = 0; i < 6; i++) more.push(await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id }))
    await store.transitionConversation(workspace.id, more[0]!.id, 0, { assigneeId: agent.id })
    await store.transitionConversation(workspace.id, more[1]!.id, 0, { status: 'resolved' })
    const all = [conversation, ...more].map((c) => c.id).reverse()

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<Store['listConversations']>> = await store.listConversations(workspace.id, {}, { limit: 3, cursor })
      t.ok(page.items.length <= 3)
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    t.same(seen, all, 'every conversation once, newest first')

    const mine = await store.listConversations(workspace.id, { assigneeId: agent.id }, { limit: 50 })
    t.same(mine.items.map((c) => c.id), [more[0]!.id])
    const resolved = await store.listConversations(workspace.id, { status: 'resolved', siteId: site.id }, { limit: 50 })
    t.same(resolved.items.map((c) => c.id), [more[1]!.id])
    const unassignedOpen = await store.listConversations(workspace.id, { status: 'open', assigneeId: null }, { limit: 50 })
    t.equal(unassignedOpen.items.length, 5)
    const byVisitor = await store.listConversations(workspace.id, { visitorIds: [visitor.id] }, { limit: 50 })
    t.equal(byVisitor.items.length, 7)
    t.same((await store.listConversations(workspace.id, { visitorIds: [] }, { limit: 50 })).items, [])
    const other = await store.createWorkspace({ name: 'Other' })
    t.same((await store.listConversations(other.id, {}, { limit: 50 })).items, [])
    await t.rejects(store.listConversations(workspace.id, {}, { limit: 5, cursor: 'not a cursor' }), { code: 'ERR_REQUEST_INVALID' })
  })

  t.test('the queue is oldest first, and positions are counted', async (t) => {
    const { store, workspace, site, visitor, conversation } = await scene()
    const base = Date.now()
    const queued = []
    for (let i = 0; i < 4; i++) {
      queued.push(await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id, queuedAt: new Date(base + (4 - i) * 1000) }))
    }
    const expected = [...queued].reverse().map((c) => c.id)
    const page1 = await store.listConversations(workspace.id, { queued: true }, { limit: 2 })
    const page2 = await store.listConversations(workspace.id, { queued: true }, { limit: 2, cursor: page1.nextCursor })
    t.same([...page1.items, ...page2.items].map((c) => c.id), expected)
    t.equal(page2.nextCursor, null)
    t.same(await Promise.all(expected.map((id) => store.queuePosition(workspace.id, id))), [1, 2, 3, 4])
    t.equal(await store.queuePosition(workspace.id, conversation.id), null, 'not queued')

    await store.transitionConversation(workspace.id, expected[0]!, 0, { queuedAt: null })
    t.same(await Promise.all(expected.slice(1).map((id) => store.queuePosition(workspace.id, id))), [1, 2, 3], 'the queue moves up')
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.queuePosition(other.id, expected[1]!), null)
  })

  t.test('open conversations are counted per assignee', async (t) => {
    const { store, workspace, site, visitor, agent } = await scene()
    const bo = await store.createAgent(workspace.id, { name: 'Bo', email: `bo.${newId()}@example.com`, passwordHash: 'x', role: 'agent' })
    const make = () => store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    for (const assignee of [agent.id, agent.id, bo.id]) {
      const c = await make()
      await store.transitionConversation(workspace.id, c.id, 0, { assigneeId: assignee })
    }
    const done = await make()
    await store.transitionConversation(workspace.id, done.id, 0, { assigneeId: bo.id, status: 'resolved' })
    t.same(Object.fromEntries(await store.countOpenByAssignee(workspace.id)), { [agent.id]: 2, [bo.id]: 1 })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal((await store.countOpenByAssignee(other.id)).size, 0)
  })

  t.test('agents not offline are listed across workspaces, for the start-up grace period', async (t) => {
    const { store, workspace, agent } = await scene()
    const away = await store.createAgent(workspace.id, { name: 'Bo', email: `bo.${newId()}@example.com`, passwordHash: 'x', role: 'agent' })
    const gone = await store.createAgent(workspace.id, { name: 'Cy', email: `cy.${newId()}@example.com`, passwordHash: 'x', role: 'agent' })
    await store.updateAgent(workspace.id, agent.id, { status: 'online' })
    await store.updateAgent(workspace.id, away.id, { status: 'away' })
    await store.updateAgent(workspace.id, gone.id, { status: 'online', active: false })
    const other = await scene()
    await store.updateAgent(other.workspace.id, other.agent.id, { status: 'online' })
    const present = (await store.listPresentAgents()).map((a) => a.id)
    t.ok(present.includes(agent.id) && present.includes(away.id), 'online and away agents')
    t.ok(present.includes(other.agent.id), 'of every workspace')
    t.notOk(present.includes(gone.id), 'not a deactivated one')
    await store.updateAgent(workspace.id, agent.id, { status: 'offline' })
    t.notOk((await store.listPresentAgents()).some((a) => a.id === agent.id), 'not an offline one')
  })

  t.test('idle conversations are listed least recently active first, leaving out queued and resolved ones', async (t) => {
    const { store, workspace, site, visitor, conversation } = await scene()
    const make = () => store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    const [older, queued, resolved, fresh] = [await make(), await make(), await make(), await make()]
    const hourAgo = new Date(Date.now() - 3600_000)
    await store.updateConversation(workspace.id, older.id, { lastActivityAt: new Date(hourAgo.getTime() - 60_000) })
    for (const c of [conversation, queued, resolved]) await store.updateConversation(workspace.id, c.id, { lastActivityAt: hourAgo })
    await store.transitionConversation(workspace.id, queued.id, 0, { queuedAt: hourAgo })
    await store.transitionConversation(workspace.id, resolved.id, 0, { status: 'resolved' })
    const cutoff = new Date(Date.now() - 60_000)
    const idleIn = async (limit: number) => {
      const found = []
      let cursor: string | null = null
      do {
        const page = await store.listIdleConversations(cutoff, { limit, cursor })
        t.ok(page.items.length <= limit)
        found.push(...page.items)
        cursor = page.nextCursor
      } while (cursor)
      return found.filter((c) => c.workspaceId === workspace.id)
    }
    const idle = await idleIn(1000)
    t.same(idle.map((c) => c.id), [older.id, conversation.id])
    t.notOk(idle.some((c) => c.id === fresh.id), 'a conversation active since the cutoff is not idle')
    await store.appendMessage(workspace.id, { conversationId: older.id, kind: 'customer', authorId: visitor.id, text: 'still here' })
    const after = await idleIn(1000)
    t.same(after.map((c) => c.id), [conversation.id], 'a new message makes a conversation active again')
    t.same((await idleIn(1)).map((c) => c.id), [conversation.id], 'paging one at a time reaches the same')
  })

  t.test('a rating is kept on the conversation', async (t) => {
    const { store, workspace, conversation } = await scene()
    const rated = await store.updateConversation(workspace.id, conversation.id, { rating: { score: 5, comment: 'Quick and kind' } })
    t.same(rated?.rating, { score: 5, comment: 'Quick and kind' })
    t.same((await store.getConversation(workspace.id, conversation.id))?.rating, { score: 5, comment: 'Quick and kind' })
  })

  t.test('messages take seq 1, 2, 3 and notes are internal', async (t) => {
    const { store, workspace, conversation, visitor, agent } = await scene()
    const first = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId: 'c1', text: 'Hello' })
    const answer = await store.appendMessage(workspace.id, {
      conversationId: conversation.id,
      kind: 'ai',
      text: 'Hi! See our returns policy.',
      citations: [{ title: 'Returns', url: 'https://shop.example/returns' }],
      status: 'streaming',
    })
    const note = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'note', authorId: agent.id, clientId: 'n1', text: 'VIP' })
    t.match(first, { created: true, message: { seq: 1, kind: 'customer', visibility: 'public', clientId: 'c1', authorId: visitor.id, status: 'complete' } })
    t.match(answer?.message, { seq: 2, authorId: null, clientId: null, status: 'streaming' })
    t.same(answer?.message.citations, [{ title: 'Returns', url: 'https://shop.example/returns' }])
    t.match(note?.message, { seq: 3, visibility: 'internal' })
    t.match(await h.raw.get('messages', first!.message.id), { text: 'Hello', seq: 1, conversationId: conversation.id })
    t.same(await h.raw.seqs(conversation.id), [1, 2, 3])
    t.equal((await store.getConversation(workspace.id, conversation.id))?.lastSeq, 3)
  })

  t.test("a message keeps its agent author's name and a system message its notice, read back as written", async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    const reply = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'agent', authorId: agent.id, authorName: 'Ann Agent', text: 'Hi' })
    const joined = await store.appendMessage(workspace.id, {
      conversationId: conversation.id,
      kind: 'system',
      text: 'Ann Agent joined the conversation.',
      notice: { code: 'agent_joined', params: { agent: 'Ann Agent' } },
    })
    const plain = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Hello' })
    t.match(reply?.message, { authorName: 'Ann Agent', notice: null })
    t.match(joined?.message, { authorName: null, notice: { code: 'agent_joined', params: { agent: 'Ann Agent' } } })
    t.match(plain?.message, { authorName: null, notice: null })
    const [a, b, c] = await store.listMessages(workspace.id, conversation.id, { afterSeq: 0, limit: 10 })
    t.same([a?.authorName, b?.notice, c?.notice], ['Ann Agent', { code: 'agent_joined', params: { agent: 'Ann Agent' } }, null], 'as read back from the store')
  })

  t.test('a resend of (author, client id) returns the original and stores nothing', async (t) => {
    const { store, workspace, conversation, visitor, agent } = await scene()
    const input = { conversationId: conversation.id, kind: 'customer' as const, authorId: visitor.id, clientId: 'same', text: 'Where is my order?' }
    const original = await store.appendMessage(workspace.id, input)
    const resend = await store.appendMessage(workspace.id, { ...input, text: 'edited on resend' })
    t.equal(resend?.created, false)
    t.same(resend?.message, original?.message)
    const racing = await Promise.all([1, 2, 3].map(() => store.appendMessage(workspace.id, { ...input, clientId: 'burst' })))
    t.equal(racing.filter((r) => r?.created).length, 1, 'concurrent resends store it once')
    const fromAgent = await store.appendMessage(workspace.id, { ...input, kind: 'agent', authorId: agent.id })
    t.equal(fromAgent?.created, true, 'the same client id from another author is another message')
    t.same(await h.raw.seqs(conversation.id), [1, 2, 3])
    t.same(await store.findMessageByClientId(workspace.id, visitor.id, 'same'), original?.message)
    t.equal(await store.findMessageByClientId(workspace.id, visitor.id, 'unknown'), null)
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.findMessageByClientId(other.id, visitor.id, 'same'), null)
  })

  t.test('appending to a conversation of another workspace, or none, stores nothing', async (t) => {
    const { store, workspace, conversation } = await scene()
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.appendMessage(other.id, { conversationId: conversation.id, kind: 'system', text: 'x' }), null)
    t.equal(await store.appendMessage(workspace.id, { conversationId: newId(), kind: 'system', text: 'x' }), null)
    t.same(await h.raw.seqs(conversation.id), [])
    t.same(await store.listMessages(other.id, conversation.id, { limit: 10 }), [])
  })

  t.test('200 parallel appends to one conversation take seq 1..200, and readers never see a gap', async (t) => {
    const { store, workspace, conversation, visitor } = await scene()
    let reading = true
    let gaps = 0
    let reads = 0
    const reader = (async () => {
      while (reading) {
        const seqs = (await store.listMessages(workspace.id, conversation.id, { limit: 1000 })).map((m) => m.seq)
        if (seqs.some((seq, i) => seq !== i + 1)) gaps++
        reads++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId: `p${i}`, text: `#${i}` }),
      ),
    )
    reading = false
    await reader
    t.same(results.map((r) => r!.message.seq).sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i + 1))
    t.same(await h.raw.seqs(conversation.id), Array.from({ length: 200 }, (_, i) => i + 1))
    t.equal(gaps, 0, `no reader saw a gap in ${reads} reads`)
  })

  t.test('appends asked for together (one group commit) are each answered on their own', async (t) => {
    const { store, workspace, site, visitor } = await scene()
    const conversations = await Promise.all([1, 2, 3, 4].map(() => store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })))
    const append = (conversationId: string, clientId: string) =>
      store.appendMessage(workspace.id, { conversationId, kind: 'customer', authorId: visitor.id, clientId, text: clientId })
    // All issued in one turn: the adapters write them as one batch.
    const results = await Promise.all([
      ...conversations.flatMap((c, i) => [append(c.id, `c${i}-1`), append(c.id, `c${i}-2`), append(c.id, `c${i}-3`)]),
      append(conversations[1]!.id, 'c0-1'),
      append(newId(), 'nowhere'),
    ])
    const [duplicate, missing] = results.slice(-2)
    t.equal(missing, null, 'a missing conversation stores nothing, and fails no other')
    t.equal(duplicate?.created, false, 'the same named message twice in one batch is stored once')
    t.same(duplicate?.message, results[0]?.message, 'and the second is answered with the first')
    for (const [i, conversation] of conversations.entries()) {
      t.same(await h.raw.seqs(conversation.id), [1, 2, 3], `conversation ${i}: gap-free, in the order asked`)
      t.same(results.slice(i * 3, i * 3 + 3).map((r) => [r?.created, r?.message.seq]), [[true, 1], [true, 2], [true, 3]])
      t.equal((await store.getConversation(workspace.id, conversation.id))?.lastSeq, 3)
    }
  })

  t.test('another process appending between two of ours: the next seq is still one past the last', async (t) => {
    const { store, workspace, conversation, visitor } = await scene()
    const peer = await h.openPeer()
    t.teardown(() => peer.close())
    const send = (s: Store, clientId: string) =>
      s.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId, text: clientId })
    t.equal((await send(store, 'ours-1'))?.message.seq, 1)
    t.equal((await send(peer, 'theirs'))?.message.seq, 2)
    t.equal((await send(store, 'ours-2'))?.message.seq, 3, 'what this process last wrote is a guess, checked by the store')
    t.same(await h.raw.seqs(conversation.id), [1, 2, 3])
  })

  t.test('two stores appending at once to one conversation share one gap-free sequence', async (t) => {
    const { store, workspace, conversation, visitor } = await scene()
    const peer = await h.openPeer()
    t.teardown(() => peer.close())
    const send = (s: Store, name: string, i: number) =>
      s.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId: `${name}${i}`, text: 'x' })
    await Promise.all(Array.from({ length: 60 }, (_, i) => [send(store, 'a', i), send(peer, 'b', i)]).flat())
    t.same(await h.raw.seqs(conversation.id), Array.from({ length: 120 }, (_, i) => i + 1))
  })

  t.test('a read position moves forward only, one per reader, and the customer has one for all devices', async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    t.equal(await store.markRead(workspace.id, conversation.id, agent.id, 3), 3)
    t.equal(await store.markRead(workspace.id, conversation.id, agent.id, 2), 3, 'a late read frame does not move it back')
    t.equal(await store.markRead(workspace.id, conversation.id, agent.id, 5), 5)
    t.equal(await store.markRead(workspace.id, conversation.id, CUSTOMER_READER, 1), 1)
    t.same(await store.listReadPositions(workspace.id, agent.id, [conversation.id]), new Map([[conversation.id, 5]]))
    t.same(await store.listReadPositions(workspace.id, CUSTOMER_READER, [conversation.id]), new Map([[conversation.id, 1]]))
  })

  t.test('read positions are listed for the conversations asked about, within the workspace, and survive a restart', async (t) => {
    const { store, workspace, site, visitor, conversation, agent } = await scene()
    const second = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    const unread = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    await store.markRead(workspace.id, conversation.id, agent.id, 4)
    await Promise.all([1, 7, 3].map((seq) => store.markRead(workspace.id, second.id, agent.id, seq)))
    const restarted = await h.openPeer()
    t.teardown(() => restarted.close())
    t.same(
      await restarted.listReadPositions(workspace.id, agent.id, [conversation.id, second.id, unread.id]),
      new Map([[conversation.id, 4], [second.id, 7]]),
      'racing reads keep the highest; a conversation never read is absent',
    )
    t.same(await restarted.listReadPositions(workspace.id, agent.id, []), new Map())
    const other = await store.createWorkspace({ name: 'Other ' + newId() })
    t.same(await restarted.listReadPositions(other.id, agent.id, [conversation.id]), new Map(), 'another workspace reads nothing')
  })

  t.test('history pages forward after a seq and backward before one, without notes for customers', async (t) => {
    const { store, workspace, conversation, visitor, agent } = await scene()
    for (let i = 1; i <= 10; i++) {
      const isNote = i % 5 === 0
      await store.appendMessage(workspace.id, {
        conversationId: conversation.id,
        kind: isNote ? 'note' : 'customer',
        authorId: isNote ? agent.id : visitor.id,
        clientId: `m${i}`,
        text: `m${i}`,
      })
    }
    const seqs = (q: Parameters<Store['listMessages']>[2]) =>
      store.listMessages(workspace.id, conversation.id, q).then((ms) => ms.map((m) => m.seq))
    t.same(await seqs({ afterSeq: 6, limit: 50 }), [7, 8, 9, 10])
    t.same(await seqs({ afterSeq: 0, limit: 3 }), [1, 2, 3])
    t.same(await seqs({ beforeSeq: 9, limit: 3 }), [6, 7, 8])
    t.same(await seqs({ afterSeq: 2, beforeSeq: 6, limit: 50 }), [3, 4, 5])
    t.same(await seqs({ limit: 50, publicOnly: true }), [1, 2, 3, 4, 6, 7, 8, 9])
  })

  t.test('a streaming message is rewritten in place as it grows', async (t) => {
    const { store, workspace, conversation } = await scene()
    const started = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: '', status: 'streaming' })
    await store.updateMessage(workspace.id, conversation.id, 1, { text: 'Returns are free' })
    const done = await store.updateMessage(workspace.id, conversation.id, 1, {
      text: 'Returns are free for 30 days.',
      status: 'complete',
      citations: [{ title: 'Returns', url: null }],
    })
    t.match(done, { id: started!.message.id, seq: 1, text: 'Returns are free for 30 days.', status: 'complete' })
    t.match(await h.raw.get('messages', started!.message.id), { text: 'Returns are free for 30 days.', status: 'complete' })
    t.equal(await store.updateMessage(workspace.id, conversation.id, 2, { text: 'x' }), null, 'no such seq')
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.updateMessage(other.id, conversation.id, 1, { text: 'hijack' }), null)
    t.match(await h.raw.get('messages', started!.message.id), { text: 'Returns are free for 30 days.' })
  })

  t.test("an AI answer keeps what the customer made of it, and nothing else of it changes", async (t) => {
    const { store, workspace, conversation } = await scene()
    const answer = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Returns are free.', citations: [{ title: 'Returns', url: null }] })
    t.equal(answer!.message.outcome, null, 'none until the customer says')
    const confirmed = await store.updateMessage(workspace.id, conversation.id, 1, { outcome: 'confirmed' })
    t.match(confirmed, { outcome: 'confirmed', text: 'Returns are free.', status: 'complete', citations: [{ title: 'Returns', url: null }] })
    t.equal((await store.listMessages(workspace.id, conversation.id, { limit: 1 }))[0]?.outcome, 'confirmed', 'read back')
    t.match(await h.raw.get('messages', answer!.message.id), { outcome: 'confirmed' }, 'and stored')
  })

  t.test('after a restart, answers that were still streaming are marked interrupted', async (t) => {
    const { store, workspace, conversation } = await scene()
    const cut = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Returns are', status: 'streaming' })
    const done = await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Done.' })
    t.ok((await store.interruptStreamingMessages()) >= 1)
    t.match(await h.raw.get('messages', cut!.message.id), { status: 'interrupted', text: 'Returns are' }, 'the partial text is kept')
    t.match(await h.raw.get('messages', done!.message.id), { status: 'complete' })
    t.equal(await store.interruptStreamingMessages(), 0, 'nothing left streaming')
  })

  t.test('help articles are created in bulk, listed per site and edited within the workspace', async (t) => {
    const { store, workspace, site } = await scene()
    const created = await store.createHelpArticles(workspace.id, site.id, [
      { title: 'Shipping', body: 'We ship in 2 days.', url: 'https://shop.example/shipping' },
      { title: 'Returns', body: 'Free returns for 30 days.' },
    ])
    t.same(created.map((a) => [a.title, a.url]), [['Shipping', 'https://shop.example/shipping'], ['Returns', null]])
    t.equal(await h.raw.count('helpArticles', workspace.id), 2)
    t.same((await store.listHelpArticles(workspace.id, site.id)).map((a) => a.title), ['Shipping', 'Returns'])
    const edited = await store.updateHelpArticle(workspace.id, created[1]!.id, { body: 'Free returns for 60 days.' })
    t.equal(edited?.body, 'Free returns for 60 days.')
    t.match(await h.raw.get('helpArticles', created[1]!.id), { body: 'Free returns for 60 days.' })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.getHelpArticle(other.id, created[0]!.id), null)
    t.equal(await store.updateHelpArticle(other.id, created[0]!.id, { title: 'x' }), null)
    t.equal(await store.deleteHelpArticle(other.id, created[0]!.id), false)
    t.same(await store.listHelpArticles(other.id, site.id), [])
    t.equal(await store.deleteHelpArticle(workspace.id, created[0]!.id), true)
    t.equal(await h.raw.get('helpArticles', created[0]!.id), null)
    t.equal(await store.deleteHelpArticle(workspace.id, created[0]!.id), false)
  })

  t.test("an article's embedding is stored whole, replaced by the next, listed per site within the workspace, and goes with the article", async (t) => {
    const { store, workspace, site } = await scene()
    const [shipping, returns] = await store.createHelpArticles(workspace.id, site.id, [
      { title: 'Shipping', body: 'We ship in 2 days.' },
      { title: 'Returns', body: 'Free returns for 30 days.' },
    ])
    const outlet = await store.createSite(workspace.id, { name: 'Outlet', key: 'key_' + newId(), secretEncrypted: 'enc' })
    const [sizes] = await store.createHelpArticles(workspace.id, outlet.id, [{ title: 'Sizes', body: 'Outlet sizes.' }])
    // What float32 keeps of each number: 0.1 is not one, so its nearest float32 is what comes back.
    const floats = (rows: number[][]) => rows.map((row) => row.map(Math.fround))
    const asArrays = (vectors: Float32Array[]) => vectors.map((v) => Array.from(v))
    const first = [
      [0.125, -1.5, 3.75, 0],
      [-0.0625, 2.5, -7.25, 0.1],
      [1e-3, -1024.5, 0.5, -0.25],
    ]
    const listed = () => store.listArticleEmbeddings(workspace.id, site.id)

    t.equal(await store.putArticleEmbedding(workspace.id, { articleId: shipping!.id, model: 'minilm', contentHash: 'hash-1', vectors: first.map((r) => Float32Array.from(r)) }), true)
    const [stored, ...others] = await listed()
    t.match(stored, { articleId: shipping!.id, workspaceId: workspace.id, siteId: site.id, model: 'minilm', contentHash: 'hash-1' })
    t.ok(stored!.updatedAt instanceof Date, 'dated')
    t.same(asArrays(stored!.vectors), floats(first), '3 passages of 4 dimensions, each float as stored')
    t.ok(
      stored!.vectors.every((v) => v instanceof Float32Array && v.byteOffset === 0 && v.buffer.byteLength === v.byteLength),
      'each vector read back is a Float32Array of its own',
    )
    t.same(others, [], 'an article without an embedding has none listed')

    // Views into one larger array, at offsets, as a model's batch output would be cut.
    const second = [
      [2.5, -0.375, 9],
      [-3.125, 0.2, 64],
    ]
    const batch = Float32Array.from([7, ...second.flat()])
    const views = [batch.subarray(1, 4), batch.subarray(4, 7)]
    t.equal(await store.putArticleEmbedding(workspace.id, { articleId: shipping!.id, model: 'minilm-v2', contentHash: 'hash-2', vectors: views }), true)
    const replaced = await listed()
    t.same(replaced.map((e) => [e.articleId, e.model, e.contentHash]), [[shipping!.id, 'minilm-v2', 'hash-2']], 'the second put replaces the first')
    t.same(asArrays(replaced[0]!.vectors), floats(second), 'with its own passages and dimensions')
    t.ok(replaced[0]!.updatedAt.getTime() >= stored!.updatedAt.getTime())

    t.equal(await store.putArticleEmbedding(workspace.id, { articleId: sizes!.id, model: 'minilm', contentHash: 'hash-s', vectors: [Float32Array.from([1, 2])] }), true)
    t.same((await listed()).map((e) => e.articleId), [shipping!.id], "another site's embedding is not listed")
    t.same((await store.listArticleEmbeddings(workspace.id, outlet.id)).map((e) => [e.articleId, e.siteId]), [[sizes!.id, outlet.id]], 'it is its own site\'s')

    const other = await store.createWorkspace({ name: 'Other' })
    t.same(await store.listArticleEmbeddings(other.id, site.id), [], 'another workspace lists none of them')
    const forged = { model: 'forged', contentHash: 'x', vectors: [Float32Array.from([0, 0, 0])] }
    t.equal(await store.putArticleEmbedding(other.id, { articleId: returns!.id, ...forged }), false, "another workspace's article is not stored")
    t.equal(await store.putArticleEmbedding(other.id, { articleId: shipping!.id, ...forged }), false, 'nor does it replace one')
    t.equal(await store.putArticleEmbedding(workspace.id, { articleId: 'no-such-article', ...forged }), false, 'nor is an article that does not exist')
    t.same((await listed()).map((e) => [e.articleId, e.model]), [[shipping!.id, 'minilm-v2']], 'and nothing was written')
    t.same(await store.listArticleEmbeddings(other.id, site.id), [])

    t.equal(await store.deleteHelpArticle(other.id, shipping!.id), false)
    t.equal((await listed()).length, 1, "another workspace's delete leaves the embedding")
    t.equal(await store.deleteHelpArticle(workspace.id, shipping!.id), true)
    t.same(await listed(), [], "deleting the article deletes its embedding")
    t.equal(await store.putArticleEmbedding(workspace.id, { articleId: shipping!.id, ...forged }), false, 'a deleted article takes no new one')
    t.same(await listed(), [])
    t.equal((await store.listArticleEmbeddings(workspace.id, outlet.id)).length, 1, "another article's embedding stays")
  })

  t.test("an import updates the site's articles whose URL it names, keeping their ids, and creates the rest in order", async (t) => {
    const { store, workspace, site } = await scene()
    const [shipping, returns] = await store.createHelpArticles(workspace.id, site.id, [
      { title: 'Shipping', body: 'We ship in 5 days.', url: 'https://shop.example/shipping' },
      { title: 'Returns', body: 'Free returns for 30 days.' },
    ])
    // URLs were never unique: of two articles with one URL, the older is the one an import updates.
    const [olderFaq] = await store.createHelpArticles(workspace.id, site.id, [{ title: 'FAQ', body: 'Old answers.', url: 'https://shop.example/faq' }])
    const [newerFaq] = await store.createHelpArticles(workspace.id, site.id, [{ title: 'FAQ copy', body: 'Copied answers.', url: 'https://shop.example/faq' }])
    const outlet = await store.createSite(workspace.id, { name: 'Outlet', key: 'key_' + newId(), secretEncrypted: 'enc' })
    const [outletSizes] = await store.createHelpArticles(workspace.id, outlet.id, [{ title: 'Sizes', body: 'Outlet sizes.', url: 'https://shop.example/sizes' }])

    const imported = await store.importHelpArticles(workspace.id, site.id, [
      { title: 'Payment', body: 'We take cards.', url: null },
      { title: 'Shipping', body: 'We ship in 2 days.', url: 'https://shop.example/shipping' },
      { title: 'Sizes', body: 'Our sizes.', url: 'https://shop.example/sizes' },
      { title: 'FAQ', body: 'New answers.', url: 'https://shop.example/faq' },
      { title: 'Returns', body: 'Free returns for 60 days.' },
    ])
    t.same(
      imported.map(({ article, created }) => [article.title, created]),
      [['Payment', true], ['Shipping', false], ['Sizes', true], ['FAQ', false], ['Returns', true]],
      'every input, in input order, with whether it was created',
    )
    const [payment, updatedShipping, sizes, updatedFaq, newReturns] = imported.map((i) => i.article)
    t.equal(updatedShipping!.id, shipping!.id, 'an updated article keeps its id')
    t.same(updatedShipping!.createdAt, shipping!.createdAt, 'and when it was created')
    t.match(updatedShipping, { body: 'We ship in 2 days.', url: 'https://shop.example/shipping', siteId: site.id })
    t.same(await store.getHelpArticle(workspace.id, shipping!.id), updatedShipping, 'returned as stored')
    t.match(await h.raw.get('helpArticles', shipping!.id), { title: 'Shipping', body: 'We ship in 2 days.' })
    t.equal(updatedFaq!.id, olderFaq!.id)
    t.match(await h.raw.get('helpArticles', olderFaq!.id), { title: 'FAQ', body: 'New answers.' })
    t.match(await h.raw.get('helpArticles', newerFaq!.id), { title: 'FAQ copy', body: 'Copied answers.' }, 'the newer copy is left alone')
    t.not(newReturns!.id, returns!.id, 'an input without a URL is always created')
    t.match(await h.raw.get('helpArticles', returns!.id), { body: 'Free returns for 30 days.' })
    t.not(sizes!.id, outletSizes!.id, "another site's article with the URL is not this site's")
    t.match(await h.raw.get('helpArticles', outletSizes!.id), { siteId: outlet.id, body: 'Outlet sizes.' })
    t.match(await h.raw.get('helpArticles', sizes!.id), { siteId: site.id, body: 'Our sizes.' })
    t.same(
      (await store.listHelpArticles(workspace.id, site.id)).map((a) => a.id),
      [shipping!.id, returns!.id, olderFaq!.id, newerFaq!.id, payment!.id, sizes!.id, newReturns!.id],
      'the created ones follow the existing, in input order',
    )
    t.equal(await h.raw.count('helpArticles', workspace.id), 8)

    const other = await store.createWorkspace({ name: 'Other' })
    const [foreign] = await store.importHelpArticles(other.id, site.id, [{ title: 'Hijack', body: 'x', url: 'https://shop.example/shipping' }])
    t.equal(foreign!.created, true, "another workspace finds none of this workspace's articles")
    t.match(await h.raw.get('helpArticles', shipping!.id), { title: 'Shipping', body: 'We ship in 2 days.' }, 'and changes none')
    t.same(await store.importHelpArticles(workspace.id, site.id, []), [], 'an empty import writes nothing')
    t.equal(await h.raw.count('helpArticles', workspace.id), 8)
  })

  t.test('a refused origin is counted and dated, and a site lists its own, most recent first', async (t) => {
    const { store, workspace, site } = await scene()
    const minute = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 60_000)
    await store.recordRefusedOrigin(workspace.id, site.id, 'https://copy.example', minute(0))
    await store.recordRefusedOrigin(workspace.id, site.id, 'https://staging.shop.example', minute(1))
    await store.recordRefusedOrigin(workspace.id, site.id, 'https://copy.example', minute(2))
    t.same(await store.listRefusedOrigins(workspace.id, site.id), [
      { origin: 'https://copy.example', count: 2, firstSeenAt: minute(0), lastSeenAt: minute(2) },
      { origin: 'https://staging.shop.example', count: 1, firstSeenAt: minute(1), lastSeenAt: minute(1) },
    ])
    t.equal(await h.raw.count('refusedOrigins', workspace.id), 2, 'one row per origin')

    const outlet = await store.createSite(workspace.id, { name: 'Outlet', key: 'key_' + newId(), secretEncrypted: 'enc' })
    t.same(await store.listRefusedOrigins(workspace.id, outlet.id), [], "another site's list is its own")
    await store.recordRefusedOrigin(workspace.id, outlet.id, 'https://copy.example', minute(3))
    t.same((await store.listRefusedOrigins(workspace.id, outlet.id)).map((r) => r.count), [1])
    t.equal((await store.listRefusedOrigins(workspace.id, site.id))[0]?.count, 2, "and counting there leaves this site's alone")

    const other = await store.createWorkspace({ name: 'Other' })
    t.same(await store.listRefusedOrigins(other.id, site.id), [], 'another workspace sees none')
    await store.recordRefusedOrigin(other.id, site.id, 'https://copy.example', minute(4))
    await store.recordRefusedOrigin(other.id, site.id, 'https://elsewhere.example', minute(4))
    t.equal(await h.raw.count('refusedOrigins', other.id), 0, "and records nothing on this workspace's site")
    t.same((await store.listRefusedOrigins(workspace.id, site.id))[0], {
      origin: 'https://copy.example',
      count: 2,
      firstSeenAt: minute(0),
      lastSeenAt: minute(2),
    })
  })

  t.test(`a site keeps only its ${REFUSED_ORIGINS_KEPT} most recently refused origins`, async (t) => {
    const { store, workspace, site } = await scene()
    const minute = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 60_000)
    const outlet = await store.createSite(workspace.id, { name: 'Outlet', key: 'key_' + newId(), secretEncrypted: 'enc' })
    await store.recordRefusedOrigin(workspace.id, outlet.id, 'https://outlet-copy.example', minute(0))
    for (let n = 1; n <= 25; n++) await store.recordRefusedOrigin(workspace.id, site.id, `https://copy-${n}.example`, minute(n))
    const kept = await store.listRefusedOrigins(workspace.id, site.id)
    t.same(
      kept.map((r) => r.origin),
      Array.from({ length: REFUSED_ORIGINS_KEPT }, (_, i) => `https://copy-${25 - i}.example`),
      'the latest 20, newest first',
    )
    t.equal(await h.raw.count('refusedOrigins', workspace.id), REFUSED_ORIGINS_KEPT + 1, "the older ones are deleted, another site's kept")
    t.same((await store.listRefusedOrigins(workspace.id, outlet.id)).map((r) => r.origin), ['https://outlet-copy.example'])

    // Seen again, a kept origin moves to the front and the oldest kept one goes.
    await store.recordRefusedOrigin(workspace.id, site.id, 'https://copy-6.example', minute(26))
    await store.recordRefusedOrigin(workspace.id, site.id, 'https://copy-26.example', minute(27))
    const after = (await store.listRefusedOrigins(workspace.id, site.id)).map((r) => r.origin)
    t.same(after.slice(0, 3), ['https://copy-26.example', 'https://copy-6.example', 'https://copy-25.example'])
    t.equal(after.length, REFUSED_ORIGINS_KEPT)
    t.notOk(after.includes('https://copy-7.example'), 'the oldest left is forgotten')
    t.ok(after.includes('https://copy-8.example'))
  })

  t.test('canned replies have one shortcut per workspace', async (t) => {
    const { store, workspace } = await scene()
    const thanks = await store.createCannedReply(workspace.id, { shortcut: 'thanks', text: 'Thank you!' })
    const hello = await store.createCannedReply(workspace.id, { shortcut: 'hello', text: 'Hello!' })
    t.match(await h.raw.get('cannedReplies', thanks.id), { shortcut: 'thanks', text: 'Thank you!' })
    t.same((await store.listCannedReplies(workspace.id)).map((c) => c.shortcut), ['hello', 'thanks'])
    await t.rejects(store.createCannedReply(workspace.id, { shortcut: 'thanks', text: 'again' }), { code: 'ERR_CANNED_SHORTCUT_TAKEN' })
    await t.rejects(store.updateCannedReply(workspace.id, hello.id, { shortcut: 'thanks' }), { code: 'ERR_CANNED_SHORTCUT_TAKEN' })
    const other = await store.createWorkspace({ name: 'Other' })
    t.ok(await store.createCannedReply(other.id, { shortcut: 'thanks', text: 'Merci' }), 'another workspace may reuse it')
    t.equal(await store.updateCannedReply(other.id, thanks.id, { text: 'x' }), null)
    t.equal(await store.deleteCannedReply(other.id, thanks.id), false)
    t.match(await store.updateCannedReply(workspace.id, thanks.id, { text: 'Many thanks!' }), { text: 'Many thanks!' })
    t.equal(await store.deleteCannedReply(workspace.id, thanks.id), true)
    t.equal(await h.raw.get('cannedReplies', thanks.id), null)
  })

  t.test("conversations are found by the visitor's name or email (verified or claimed), or by any message text", async (t) => {
    const { store, workspace, site, visitor, conversation } = await scene()
    await store.updateVisitor(workspace.id, visitor.id, { name: 'Grace Hopper', email: 'grace@navy.example' })
    const other = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'hash_' + newId() })
    const second = await store.createConversation(workspace.id, { siteId: site.id, visitorId: other.id })
    await store.appendMessage(workspace.id, { conversationId: second.id, kind: 'customer', authorId: other.id, clientId: 'a', text: 'My PARCEL is 100% late_' })
    const find = async (search: string) =>
      (await store.listConversations(workspace.id, { search }, { limit: 10 })).items.map((c) => c.id)
    t.same(await find('hopper'), [conversation.id], 'by name, any case')
    t.same(await find('NAVY.example'), [conversation.id], 'by email')
    t.same(await find('parcel'), [second.id], 'by message text')
    t.same(await find('100% late_'), [second.id], 'wildcards are literal')
    t.same(await find('1_0'), [], 'an underscore matches only itself')
    await store.updateVisitor(workspace.id, other.id, { claims: { name: 'Ana Lima', email: 'ana@mail.example', attributes: { plan: 'pro' } } })
    t.same(await find('ana lima'), [second.id], 'by the name a customer gave themselves')
    t.same(await find('ANA@mail'), [second.id], 'and the email')
    t.same(await find('pro'), [], 'not by their other claims')
    const stranger = await store.createWorkspace({ name: 'Other' })
    t.same((await store.listConversations(stranger.id, { search: 'parcel' }, { limit: 10 })).items, [])
  })

  t.test('an agent session is revoked alone, or with all of the agent\'s others', async (t) => {
    const { store, workspace, agent } = await scene()
    const expiresAt = new Date(Date.now() + 86_400_000)
    const laptop = await store.createAgentSession(workspace.id, { agentId: agent.id, userAgent: 'Firefox', expiresAt })
    const phone = await store.createAgentSession(workspace.id, { agentId: agent.id, expiresAt })
    const tablet = await store.createAgentSession(workspace.id, { agentId: agent.id, expiresAt })
    t.match(laptop, { agentId: agent.id, userAgent: 'Firefox', revokedAt: null })
    t.equal(laptop.expiresAt.getTime(), expiresAt.getTime())
    t.match(await h.raw.get('agentSessions', laptop.id), { agentId: agent.id })
    t.same(await store.getAgentSession(workspace.id, laptop.id), laptop)
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.getAgentSession(other.id, laptop.id), null)
    t.equal(await store.revokeAgentSession(other.id, laptop.id), false, "another workspace can't revoke it")
    t.equal(await store.revokeAgentSession(workspace.id, laptop.id), true)
    t.equal(await store.revokeAgentSession(workspace.id, laptop.id), false, 'already revoked')
    t.ok((await store.getAgentSession(workspace.id, laptop.id))?.revokedAt)
    t.equal(await store.revokeAgentSessions(workspace.id, agent.id, tablet.id), 1, 'the phone, not the tablet')
    t.ok((await store.getAgentSession(workspace.id, phone.id))?.revokedAt)
    t.equal((await store.getAgentSession(workspace.id, tablet.id))?.revokedAt, null)
    t.equal(await store.revokeAgentSessions(other.id, agent.id), 0)
    t.equal(await store.revokeAgentSessions(workspace.id, agent.id), 1)
  })

  t.test('a refresh token is spent exactly once, even by racing refreshes in two stores', async (t) => {
    const { store, workspace, agent } = await scene()
    const expiresAt = new Date(Date.now() + 86_400_000)
    const session = await store.createAgentSession(workspace.id, { agentId: agent.id, expiresAt })
    const token = await store.addRefreshToken(workspace.id, { tokenHash: 'rt_' + newId(), sessionId: session.id, agentId: agent.id, expiresAt })
    t.match(token, { sessionId: session.id, agentId: agent.id, workspaceId: workspace.id, spentAt: null })
    t.match(await h.raw.get('refreshTokens', token.tokenHash), { sessionId: session.id })
    t.same(await store.findRefreshToken(token.tokenHash), token)
    t.equal(await store.findRefreshToken('unknown'), null)
    await t.rejects(store.addRefreshToken(workspace.id, { tokenHash: token.tokenHash, sessionId: session.id, agentId: agent.id, expiresAt }), {
      code: 'ERR_STORE_DUPLICATE',
    })
    const other = await store.createWorkspace({ name: 'Other' })
    t.equal(await store.spendRefreshToken(other.id, token.tokenHash), false, "another workspace can't spend it")

    const peer = await h.openPeer()
    t.teardown(() => peer.close())
    const spends = await Promise.all([
      store.spendRefreshToken(workspace.id, token.tokenHash),
      peer.spendRefreshToken(workspace.id, token.tokenHash),
      store.spendRefreshToken(workspace.id, token.tokenHash),
    ])
    t.equal(spends.filter(Boolean).length, 1, 'one winner')
    t.ok((await store.findRefreshToken(token.tokenHash))?.spentAt, 'and it shows as spent')
    t.equal(await store.spendRefreshToken(workspace.id, 'unknown'), false)
  })

  t.test('ping answers while the database is up', async (t) => {
    await t.resolves(h.store.ping())
    t.ok(['sqlite', 'mongodb'].includes(h.store.kind))
  })
}
