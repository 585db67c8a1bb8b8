// The Store contract for a conversation's facts (what reports are built from, issue [11b]): each is
// stored as it happens, with the write it belongs to, and read back on every read of the conversation.
// Run unchanged against every adapter beside contract.ts; facts are checked in the database too,
// through the harness's RawReader.
import t, { type Test } from 'tap'
import { newId } from '../../server/ids.ts'
import { newConversationFacts } from '../../server/store/defaults.ts'
import type { ConversationFacts } from '../../server/store/records.ts'
import { contractScene, type StoreHarness } from './contract.ts'

/** Moments as the tests give them: minutes into a day long past, so no message counts as activity now. */
const minute = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000)

/** A new conversation's facts with these set. */
const factsWith = (set: Partial<ConversationFacts>): ConversationFacts => ({ ...newConversationFacts(), ...set })

/** Facts as the RawReader reports them: times in epoch ms. */
const asStored = (facts: ConversationFacts) =>
  Object.fromEntries(Object.entries(facts).map(([name, value]) => [name, value instanceof Date ? value.getTime() : value]))

export function conversationFactsContract(open: () => Promise<StoreHarness>): void {
  let h: StoreHarness
  t.before(async () => {
    h = await open()
  })
  t.teardown(() => h.close())

  /** The contract's scene, and its conversation's facts as read now. */
  async function scene() {
    const set = await contractScene(h.store)
    const facts = async () => (await set.store.getConversation(set.workspace.id, set.conversation.id))!.facts
    return { ...set, facts }
  }

  /** The conversation's facts, read through the store and straight from the database. */
  async function expectFacts(t: Test, workspaceId: string, conversationId: string, expected: ConversationFacts, what: string) {
    t.same((await h.store.getConversation(workspaceId, conversationId))?.facts, expected, what)
    t.same(await h.raw.facts(conversationId), asStored(expected), `${what}, as stored`)
  }

  t.test('a new conversation records its facts from the start, with nothing happened yet', async (t) => {
    const { store, workspace, site, visitor, conversation } = await scene()
    t.same(conversation.facts, newConversationFacts(), 'recorded, every fact null')
    await expectFacts(t, workspace.id, conversation.id, newConversationFacts(), 'read back')
    const listed = await store.listConversations(workspace.id, { siteId: site.id }, { limit: 10 })
    t.same(listed.items[0]?.facts, newConversationFacts(), 'listed with them')

    const needed = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id, humanNeededAt: minute(0) })
    t.same(needed.facts, factsWith({ humanNeededAt: minute(0) }), 'a person needed from the start is a fact from its creation')
    await expectFacts(t, workspace.id, needed.id, factsWith({ humanNeededAt: minute(0) }), 'and kept')
  })

  t.test("customer messages are the first and the last customer message; a resend changes nothing", async (t) => {
    const { store, workspace, conversation, visitor, facts } = await scene()
    const customer = (clientId: string, at: Date) =>
      store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId, text: clientId, createdAt: at })
    await customer('c1', minute(1))
    await expectFacts(t, workspace.id, conversation.id, factsWith({ firstCustomerMessageAt: minute(1), lastCustomerMessageAt: minute(1) }), 'the first message is both')
    await customer('c2', minute(2))
    await expectFacts(t, workspace.id, conversation.id, factsWith({ firstCustomerMessageAt: minute(1), lastCustomerMessageAt: minute(2) }), 'the next one is the last')

    const resend = await customer('c1', minute(3))
    t.equal(resend?.created, false)
    t.same((await facts()).lastCustomerMessageAt, minute(2), 'a resend is not a new message')

    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'system', text: 'Ada joined.', createdAt: minute(4) })
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: '', status: 'streaming', createdAt: minute(5) })
    await expectFacts(
      t,
      workspace.id,
      conversation.id,
      factsWith({ firstCustomerMessageAt: minute(1), lastCustomerMessageAt: minute(2) }),
      'a system message and an AI answer still streaming move nothing',
    )
  })

  t.test("an agent's first public message is the first human reply; a note is not a reply", async (t) => {
    const { store, workspace, conversation, agent, facts } = await scene()
    const agentWrites = (kind: 'agent' | 'note', at: Date, visibility?: 'internal') =>
      store.appendMessage(workspace.id, { conversationId: conversation.id, kind, visibility, authorId: agent.id, authorName: 'Ada', text: 'x', createdAt: at })
    await agentWrites('note', minute(1))
    await agentWrites('agent', minute(2), 'internal')
    t.equal((await facts()).firstHumanReplyAt, null, 'what the customer cannot see is no reply')
    await agentWrites('agent', minute(3))
    await agentWrites('agent', minute(4))
    await expectFacts(t, workspace.id, conversation.id, factsWith({ firstHumanReplyAt: minute(3) }), 'the first public one counts')
  })

  t.test('an AI answer appended complete is an AI reply and the latest answer', async (t) => {
    const { store, workspace, conversation } = await scene()
    const answer = (at: Date) => store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Returns are free.', createdAt: at })
    await answer(minute(1))
    await expectFacts(
      t,
      workspace.id,
      conversation.id,
      factsWith({ firstAiReplyAt: minute(1), lastAiAnswerAt: minute(1), lastAiAnswerSeq: 1 }),
      'the first answer is both',
    )
    await answer(minute(2))
    await expectFacts(
      t,
      workspace.id,
      conversation.id,
      factsWith({ firstAiReplyAt: minute(1), lastAiAnswerAt: minute(2), lastAiAnswerSeq: 2 }),
      'the next one is the latest',
    )
  })

  t.test('an AI answer completed while streaming is the latest answer from then, once', async (t) => {
    const { store, workspace, conversation, facts } = await scene()
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', text: 'Returns?', createdAt: minute(1) })
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: '', status: 'streaming', createdAt: minute(2) })
    await store.updateMessage(workspace.id, conversation.id, 2, { text: 'Returns are' })
    t.equal((await facts()).firstAiReplyAt, null, 'not a reply while it streams')

    const before = Date.now()
    await store.updateMessage(workspace.id, conversation.id, 2, { text: 'Returns are free.', status: 'complete' })
    const after = Date.now()
    const completed = await facts()
    const at = completed.lastAiAnswerAt?.getTime() ?? 0
    t.ok(at >= before && at <= after, 'stamped when it became complete')
    t.same(completed, factsWith({
      firstCustomerMessageAt: minute(1),
      lastCustomerMessageAt: minute(1),
      firstAiReplyAt: new Date(at),
      lastAiAnswerAt: new Date(at),
      lastAiAnswerSeq: 2,
    }))
    t.same(await h.raw.facts(conversation.id), asStored(completed), 'as stored')

    await store.updateMessage(workspace.id, conversation.id, 2, { status: 'complete' })
    t.same(await facts(), completed, 'completing it again is not another answer')

    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: '', status: 'streaming', createdAt: minute(3) })
    await store.updateMessage(workspace.id, conversation.id, 3, { text: 'Returns', status: 'interrupted' })
    t.same(await facts(), completed, 'an interrupted answer is no answer')
    t.equal(await store.updateMessage(workspace.id, conversation.id, 9, { status: 'complete' }), null, 'no such seq')
    t.same(await facts(), completed, 'and moves nothing')
  })

  t.test('what the customer made of the latest answer is a fact; of an older one, not', async (t) => {
    const { store, workspace, conversation, facts } = await scene()
    const answer = (at: Date) => store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Try this.', createdAt: at })
    await answer(minute(1))
    await answer(minute(2))
    const older = await store.updateMessage(workspace.id, conversation.id, 1, { outcome: 'confirmed' })
    t.equal(older?.outcome, 'confirmed', 'the older answer keeps its outcome')
    t.equal((await facts()).lastAiAnswerOutcome, null, 'but it is not the latest answer')

    await store.updateMessage(workspace.id, conversation.id, 2, { outcome: 'more_help' })
    await expectFacts(
      t,
      workspace.id,
      conversation.id,
      factsWith({ firstAiReplyAt: minute(1), lastAiAnswerAt: minute(2), lastAiAnswerSeq: 2, lastAiAnswerOutcome: 'more_help' }),
      "the latest answer's outcome",
    )

    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: '', status: 'streaming', createdAt: minute(3) })
    t.equal((await facts()).lastAiAnswerOutcome, 'more_help', 'an answer still streaming is not the latest yet')
    await store.updateMessage(workspace.id, conversation.id, 3, { text: 'Or this.', status: 'complete' })
    t.match(await facts(), { lastAiAnswerSeq: 3, lastAiAnswerOutcome: null }, 'a new latest answer has no outcome until the customer says')
  })

  t.test('transitions keep the first time a person was needed and the first handoff, and the last resolver', async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    const first = await store.transitionConversation(workspace.id, conversation.id, 0, {
      queuedAt: minute(1),
      humanNeededAt: minute(1),
      handoff: { reason: 'customer_asked', at: minute(1) },
    })
    const handedOff = factsWith({ humanNeededAt: minute(1), handoffReason: 'customer_asked', handoffAt: minute(1) })
    t.same(first?.conversation.facts, handedOff, 'the transition returns them')
    await expectFacts(t, workspace.id, conversation.id, handedOff, 'and stores them')

    const resolved = await store.transitionConversation(workspace.id, conversation.id, 1, {
      status: 'resolved',
      humanNeededAt: minute(2),
      handoff: { reason: 'limit', at: minute(2) },
      resolvedBy: { by: 'agent', agentId: agent.id },
    })
    const byAgent = { ...handedOff, resolvedBy: 'agent' as const, resolverId: agent.id }
    t.same(resolved?.conversation.facts, byAgent, 'the first need and handoff are kept, the resolver is set')
    await expectFacts(t, workspace.id, conversation.id, byAgent, 'stored')

    await store.transitionConversation(workspace.id, conversation.id, 2, { status: 'open', assigneeId: null })
    const swept = await store.transitionConversation(workspace.id, conversation.id, 3, { status: 'resolved', resolvedBy: { by: 'inactivity', agentId: null } })
    const bySweep = { ...handedOff, resolvedBy: 'inactivity' as const, resolverId: null }
    t.same(swept?.conversation.facts, bySweep, 'resolved again: the last resolver replaces the one before')
    await expectFacts(t, workspace.id, conversation.id, bySweep, 'stored')
  })

  t.test('history gives its own instants: a conversation created then, resolved then, is read back so', async (t) => {
    const { store, workspace, site, visitor, agent } = await scene()
    const old = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id, createdAt: minute(10) })
    t.same([old.createdAt, old.updatedAt, old.lastActivityAt], [minute(10), minute(10), minute(10)], 'created at the instant given')
    const resolved = await store.transitionConversation(workspace.id, old.id, old.revision, { status: 'resolved', resolvedBy: { by: 'agent', agentId: agent.id }, at: minute(25) })
    t.same([resolved?.won, resolved?.conversation.resolvedAt, resolved?.conversation.updatedAt], [true, minute(25), minute(25)], 'resolved at the instant given')
    const read = (await store.getConversation(workspace.id, old.id))!
    t.same([read.createdAt, read.resolvedAt], [minute(10), minute(25)], 'and read back so')
    const listed = await store.listConversationsCreated(workspace.id, { from: minute(10), to: minute(11), limit: 10 })
    t.same(listed.map((c) => c.id), [old.id], 'a report finds it on the day it was created')
  })

  t.test('a transition that loses writes none of its facts, in one process or two', async (t) => {
    const { store, workspace, conversation, agent } = await scene()
    await store.transitionConversation(workspace.id, conversation.id, 0, { assigneeId: agent.id })
    const stale = await store.transitionConversation(workspace.id, conversation.id, 0, {
      humanNeededAt: minute(1),
      handoff: { reason: 'ai_unsure', at: minute(1) },
      resolvedBy: { by: 'agent', agentId: agent.id },
    })
    t.match(stale, { won: false, conversation: { revision: 1 } })
    await expectFacts(t, workspace.id, conversation.id, newConversationFacts(), 'a stale revision writes nothing')

    const peer = await h.openPeer()
    t.teardown(() => peer.close())
    const results = await Promise.all([
      store.transitionConversation(workspace.id, conversation.id, 1, { queuedAt: minute(2), humanNeededAt: minute(2), handoff: { reason: 'model_decided', at: minute(2) } }),
      peer.transitionConversation(workspace.id, conversation.id, 1, { queuedAt: minute(3), humanNeededAt: minute(3), handoff: { reason: 'ai_failure', at: minute(3) } }),
    ])
    t.equal(results.filter((r) => r?.won).length, 1, 'one winner')
    const won = results.find((r) => r?.won)!.conversation
    const [reason, at] = won.queuedAt?.getTime() === minute(2).getTime() ? (['model_decided', minute(2)] as const) : (['ai_failure', minute(3)] as const)
    const winners = factsWith({ humanNeededAt: at, handoffReason: reason, handoffAt: at })
    t.same(won.facts, winners, "the winner's facts")
    await expectFacts(t, workspace.id, conversation.id, winners, "only the winner's are stored")
  })

  t.test('a conversation stored before facts were reads as not recorded, and still gets the facts that happen', async (t) => {
    const { store, workspace, site, conversation, visitor, agent, facts } = await scene()
    await h.eraseFacts(conversation.id)
    const unrecorded = { ...newConversationFacts(), recorded: false }
    await expectFacts(t, workspace.id, conversation.id, unrecorded, 'not recorded, with no facts')
    const listed = await store.listConversations(workspace.id, { siteId: site.id }, { limit: 10 })
    t.same(listed.items.find((c) => c.id === conversation.id)?.facts, unrecorded, 'listed so too')

    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text: 'Hi', createdAt: minute(1) })
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'ai', text: 'Hello!', createdAt: minute(2) })
    await store.updateMessage(workspace.id, conversation.id, 2, { outcome: 'confirmed' })
    const moved = await store.transitionConversation(workspace.id, conversation.id, 0, {
      assigneeId: agent.id,
      humanNeededAt: minute(3),
      handoff: { reason: 'customer_asked', at: minute(3) },
    })
    const later = {
      ...unrecorded,
      firstCustomerMessageAt: minute(1),
      lastCustomerMessageAt: minute(1),
      firstAiReplyAt: minute(2),
      lastAiAnswerAt: minute(2),
      lastAiAnswerSeq: 2,
      lastAiAnswerOutcome: 'confirmed' as const,
      humanNeededAt: minute(3),
      handoffReason: 'customer_asked' as const,
      handoffAt: minute(3),
    }
    t.same(moved?.conversation.facts, later, 'facts from then on are set, and it stays not recorded')
    await expectFacts(t, workspace.id, conversation.id, later, 'stored')
    t.equal((await facts()).recorded, false)
  })

  t.test('every read of a conversation carries its facts', async (t) => {
    const { store, workspace, conversation, visitor } = await scene()
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text: 'Hi', createdAt: minute(1) })
    const expected = factsWith({ firstCustomerMessageAt: minute(1), lastCustomerMessageAt: minute(1) })
    const idleSince = new Date(Date.now() - 3600_000)
    const patched = await store.updateConversation(workspace.id, conversation.id, { lastActivityAt: idleSince })
    t.same(patched?.facts, expected, 'an update returns them')
    const idle: ConversationFacts[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof store.listIdleConversations>> = await store.listIdleConversations(new Date(idleSince.getTime() + 1), { limit: 100, cursor })
      idle.push(...page.items.filter((c) => c.id === conversation.id).map((c) => c.facts))
      cursor = page.nextCursor
    } while (cursor)
    t.same(idle, [expected], 'the idle sweep lists them')
    t.same((await store.listConversations(workspace.id, { visitorIds: [visitor.id] }, { limit: 10 })).items[0]?.facts, expected, 'a list')
    const moved = await store.transitionConversation(workspace.id, conversation.id, 0, { status: 'resolved', resolvedBy: { by: 'inactivity', agentId: null } })
    t.same(moved?.conversation.facts, { ...expected, resolvedBy: 'inactivity', resolverId: null }, 'a transition')
    const lost = await store.transitionConversation(workspace.id, conversation.id, 0, { status: 'open' })
    t.same(lost?.conversation.facts, { ...expected, resolvedBy: 'inactivity', resolverId: null }, 'and a lost one, as they are')
  })
}
