// The routing engine on its own: a real SQLite Store, the in-process Bus recorded, no sockets. Each
// test builds a workspace, calls the engine the way the gateway and the routes do, and checks what
// the Store holds and what the people concerned were told.
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import type { RoutingPolicy } from '../../protocol/enums.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import type { Responder } from '../../server/ai/responder.ts'
import { topics, createLocalBus, type Bus } from '../../server/realtime/bus.ts'
import { abandonmentSweep } from '../../server/routing/abandonment.ts'
import { agentPresence } from '../../server/routing/agent-presence.ts'
import { createRouting } from '../../server/routing/routing.ts'
import { routingTexts } from '../../server/routing/routing-texts.ts'
import type { Agent, BusinessHours, Conversation } from '../../server/store/records.ts'
import type { Store } from '../../server/store/store.ts'
import { testStore } from '../helpers/factories.ts'
import { eventually } from '../helpers/realtime.ts'
import { scriptedResponder, silentResponder } from '../helpers/responders.ts'

const quietLog = Fastify({ logger: false }).log

interface Heard {
  topic: string
  frame: ServerFrame
}

/** A workspace with one site, its routing engine, and every frame published on its Bus. */
async function scene(t: Test, options: { policy?: RoutingPolicy; responder?: Responder; businessHours?: BusinessHours | null; store?: Store; bus?: Bus } = {}) {
  const store = options.store ?? testStore(t)
  const inner = options.bus ?? createLocalBus()
  const heard: Heard[] = []
  const bus: Bus = {
    publish(topic, event) {
      if (event.kind === 'frame') heard.push({ topic, frame: event.frame })
      inner.publish(topic, event)
    },
    subscribe: (topic, listener) => inner.subscribe(topic, listener),
  }
  const routing = createRouting({ store, bus, responder: options.responder ?? silentResponder, log: quietLog })
  t.teardown(() => routing.settled())
  const workspace = await store.createWorkspace({ name: 'Acme' })
  const site = await store.createSite(workspace.id, {
    name: 'Shop',
    key: 'site_' + Math.random().toString(36).slice(2),
    secretEncrypted: 'x',
    routingPolicy: options.policy ?? 'human-first',
    businessHours: options.businessHours ?? null,
  })
  let agents = 0
  async function addAgent(name: string, over: { capacity?: number; status?: Agent['status']; role?: Agent['role'] } = {}) {
    const agent = await store.createAgent(workspace.id, { name, email: `${name.toLowerCase()}.${++agents}.${workspace.id}@acme.example`, passwordHash: 'x', role: over.role ?? 'agent', capacity: over.capacity ?? 5 })
    return (await store.updateAgent(workspace.id, agent.id, { status: over.status ?? 'online' }))!
  }
  /** What the gateway does for a customer's first message: open, store, route. */
  async function customerOpens(text = 'Hello, I need help') {
    const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'h' + Math.random() })
    const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text })
    await routing.customerWrote(conversation)
    return { visitor, conversation: (await store.getConversation(workspace.id, conversation.id))! }
  }
  /** What the gateway does for a customer's later message. */
  async function customerWrites(conversation: Conversation, text: string) {
    const current = (await store.getConversation(workspace.id, conversation.id))!
    const reopened = await routing.reopenIfResolved(current)
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: conversation.visitorId, text })
    await routing.customerWrote(reopened)
  }
  const get = async (conversation: Conversation) => (await store.getConversation(workspace.id, conversation.id))!
  const texts = async (conversation: Conversation, kind?: string) =>
    (await store.listMessages(workspace.id, conversation.id, { limit: 100 })).filter((m) => !kind || m.kind === kind).map((m) => m.text)
  /** What the customer hears: on their own topic, and on the conversation's (which they follow). */
  const toCustomer = (conversation: Conversation, type: ServerFrame['type']) =>
    heard
      .filter((h) => h.topic === topics.customer(site.id, { id: conversation.visitorId, externalId: null }) || h.topic === topics.conversation(conversation.id))
      .filter((h) => h.frame.type === type)
      .map((h) => h.frame)
  const toAgents = (type: ServerFrame['type']) => heard.filter((h) => h.topic === topics.agents(workspace.id) && h.frame.type === type).map((h) => h.frame)
  /** Routing frames go to the conversation's topic: its customer, and the agents on it. */
  const routingEvents = (conversation: Conversation) =>
    heard
      .filter((h) => h.topic === topics.conversation(conversation.id) && h.frame.type === 'routing')
      .map((h) => (h.frame as Extract<ServerFrame, { type: 'routing' }>).event)
  return { store, routing, workspace, site, heard, addAgent, customerOpens, customerWrites, get, texts, toCustomer, toAgents, routingEvents }
}

t.test('human-first: a new conversation goes to an online agent, and the customer is told who joined', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  t.match(conversation, { assigneeId: ann.id, queuedAt: null, status: 'open' })
  t.same(await s.texts(conversation, 'system'), [routingTexts.joined('Ann')])
  t.match(s.toCustomer(conversation, 'routing'), [{ event: 'assigned', agent: { id: ann.id, name: 'Ann' }, previousAgent: null }])
  t.same(s.routingEvents(conversation), ['assigned'], 'agents are told once')
  t.ok((await s.store.getAgent(s.workspace.id, ann.id))?.lastAssignedAt, 'the agent is no longer idle')
})

t.test('human-first with nobody online: queued with position and no estimate, told the team is away, and the AI helps', async (t) => {
  const responder = scriptedResponder(() => [{ type: 'text', delta: 'Meanwhile, our returns page may help.' }])
  const s = await scene(t, { responder })
  await s.addAgent('Ann', { status: 'away' })
  const { conversation } = await s.customerOpens()
  t.match(conversation, { assigneeId: null, queuedAt: Date })
  t.match(s.toCustomer(conversation, 'queue'), [{ position: 1, expectedWaitSeconds: null, agentsOnline: false, withinBusinessHours: true }])
  t.same(s.routingEvents(conversation), ['queued'])
  t.same(await s.texts(conversation, 'system'), [routingTexts.queuedWhileAwayAiHelps])
  await s.routing.settled()
  t.same(await s.texts(conversation, 'ai'), ['Meanwhile, our returns page may help.'])
})

t.test('queued with nobody online, the customer gets exactly one routing notice: the away notice, or the site’s own away message instead', async (t) => {
  const handsOff = scriptedResponder(() => [{ type: 'handoff', code: 'model_decided', reason: 'Refunds need a person.' }])
  const ways: { name: string; policy: RoutingPolicy; responder?: Responder; awayNotice: string }[] = [
    { name: 'human-first', policy: 'human-first', awayNotice: routingTexts.queuedWhileAwayAiHelps },
    { name: 'ai-first, the AI handing off', policy: 'ai-first', responder: handsOff, awayNotice: routingTexts.queuedWhileAwayAiHelps },
    { name: 'human-only', policy: 'human-only', awayNotice: routingTexts.queuedWhileAway },
  ]
  for (const way of ways) {
    for (const awayMessage of [null, 'Back at 9 tomorrow, Monday to Friday.']) {
      const s = await scene(t, { policy: way.policy, ...(way.responder ? { responder: way.responder } : {}) })
      if (awayMessage !== null) await s.store.updateSite(s.workspace.id, s.site.id, { awayMessage })
      await s.addAgent('Ann', { status: 'away' })
      const { conversation } = await s.customerOpens('I want a refund')
      await s.routing.settled()
      const what = `${way.name}, ${awayMessage === null ? 'default away notice' : 'own away message'}`
      t.match(await s.get(conversation), { queuedAt: Date }, `${what}: queued`)
      const notices = await s.texts(conversation, 'system')
      t.same(notices, [awayMessage ?? way.awayNotice], `${what}: one notice`)
      t.notOk(notices.some((text) => /get back to you/i.test(text)), `${what}: no promise to get back to someone who may have left`)
    }
  }
})

t.test('human-only: queued without the AI; outside business hours the customer is told the team is away', async (t) => {
  const responder = scriptedResponder(() => [{ type: 'text', delta: 'should never be said' }])
  const closed = { timeZone: 'UTC', hours: [{ day: (new Date().getUTCDay() + 3) % 7, open: '09:00', close: '10:00' }] }
  const s = await scene(t, { policy: 'human-only', responder, businessHours: closed })
  const full = await s.addAgent('Ann', { capacity: 0 })
  const { conversation } = await s.customerOpens()
  t.match(conversation, { assigneeId: null, queuedAt: Date })
  t.same(await s.texts(conversation, 'system'), [routingTexts.queuedWhileAway], 'outside hours, even with an agent online')
  t.match(s.toCustomer(conversation, 'queue'), [{ position: 1, agentsOnline: true, withinBusinessHours: false }])
  await s.routing.settled()
  t.equal(responder.requests.length, 0, 'the AI never answers under human-only')
  await s.store.updateAgent(s.workspace.id, full.id, { capacity: 1 })
  await s.routing.drain(s.workspace.id)
  t.match(await s.get(conversation), { assigneeId: full.id, queuedAt: null }, 'a place opening takes it')
})

t.test('ai-first: the AI answers; a person joins when the customer asks, or when the AI hands off with a brief', async (t) => {
  const responder = scriptedResponder((request) =>
    request.history.at(-1)?.text.includes('refund')
      ? [{ type: 'handoff', code: 'model_decided', reason: 'Refunds need a person.', summary: 'Customer wants a refund for order 1042.' }]
      : [{ type: 'text', delta: 'We ship in 2 days.' }, { type: 'citations', citations: [{ title: 'Shipping', url: 'https://shop.example/shipping' }] }],
  )
  const s = await scene(t, { policy: 'ai-first', responder })
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens('When do you ship?')
  t.match(conversation, { assigneeId: null, queuedAt: null }, 'nobody is assigned at first')
  await s.routing.settled()
  const [answer] = await s.store.listMessages(s.workspace.id, conversation.id, { afterSeq: 1, limit: 1 })
  t.match(answer, { kind: 'ai', text: 'We ship in 2 days.', status: 'complete', citations: [{ title: 'Shipping' }] })

  await s.routing.customerAskedForPerson(conversation)
  t.match(await s.get(conversation), { assigneeId: ann.id }, '"Talk to a person" brings Ann in')

  const second = (await s.customerOpens('I want a refund please')).conversation
  await s.routing.settled()
  t.match(await s.get(second), { assigneeId: ann.id })
  const notes = await s.store.listMessages(s.workspace.id, second.id, { limit: 10 })
  t.match(notes.find((m) => m.kind === 'note'), { visibility: 'internal', text: /Refunds need a person\.[\s\S]*order 1042/ }, 'the agent gets the brief as a private note')
  t.same(await s.texts(second, 'ai'), [], 'the AI said nothing itself')
})

t.test('ai-only: no person can be asked for, and an AI handoff only tells the customer so', async (t) => {
  const s = await scene(t, { policy: 'ai-only', responder: scriptedResponder(() => [{ type: 'handoff', code: 'ai_unsure', reason: 'Nothing in the articles.' }]) })
  await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  await s.routing.settled()
  t.same(await s.texts(conversation, 'system'), [routingTexts.noPeopleHere])
  t.match(await s.get(conversation), { assigneeId: null, queuedAt: null })
  await t.rejects(s.routing.customerAskedForPerson(conversation), { code: 'ERR_ROUTING_AI_ONLY' })
})

t.test('ai-only: routing never brings a person in, but an agent may take (to supervise) or pass one on, beyond capacity; the AI is quiet while a person holds it', async (t) => {
  const responder = scriptedResponder(() => [{ type: 'text', delta: 'Returns are free within 30 days.' }])
  const s = await scene(t, { policy: 'ai-only', responder })
  // No place free: capacity limits what routing assigns, not what an agent chooses to take.
  const [ann, ben] = [await s.addAgent('Ann', { capacity: 0 }), await s.addAgent('Ben', { capacity: 0 })]
  const { conversation } = await s.customerOpens('How do returns work?')
  await s.routing.settled()
  t.equal(responder.requests.length, 1, 'the AI answers')
  t.match(await s.get(conversation), { assigneeId: null, queuedAt: null }, 'nobody was routed in')

  t.match(await s.routing.take(ann, conversation.id), { assigneeId: ann.id })
  t.same(await s.texts(conversation, 'system'), [routingTexts.joined('Ann')], 'the customer is told who joined')
  await s.customerWrites(conversation, 'And exchanges?')
  await s.routing.settled()
  t.equal(responder.requests.length, 1, 'the AI says nothing while a person holds it')

  t.match(await s.routing.transfer(ann, conversation.id, ben.id), { assigneeId: ben.id })
  await s.routing.setStatus(s.workspace.id, ben.id, 'offline')
  t.match(await s.get(conversation), { assigneeId: null, queuedAt: null }, 'Ben leaving hands it back to the AI, not to a queue')
  t.equal((await s.texts(conversation, 'system')).at(-1), routingTexts.leftToAssistant('Ben'), 'and the customer is not told someone else is coming')
  await s.customerWrites(conversation, 'Hello?')
  await s.routing.settled()
  t.equal(responder.requests.length, 2, 'the AI answers again')
})

t.test('capacity holds, and a freed place goes to the oldest queued conversation', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann', { capacity: 1 })
  const first = (await s.customerOpens()).conversation
  const second = (await s.customerOpens()).conversation
  const third = (await s.customerOpens()).conversation
  t.equal(first.assigneeId, ann.id)
  t.match([second, third].map((c) => c.assigneeId), [null, null], 'Ann is full')
  t.same([...s.toCustomer(third, 'queue')].pop(), { type: 'queue', conversationId: third.id, position: 2, expectedWaitSeconds: 600, agentsOnline: true, withinBusinessHours: true }, 'second in line, two default handling times for one place')
  await s.routing.resolve(ann, first.id)
  t.match(await s.get(second), { assigneeId: ann.id }, 'the oldest goes first')
  t.match(await s.get(third), { assigneeId: null })
  t.match([...s.toCustomer(third, 'queue')].pop(), { position: 1 }, 'the queue moved up, and the customer was told')
})

t.test('away keeps its conversations but takes no new ones; back online pulls from the queue', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann')
  const held = (await s.customerOpens()).conversation
  await s.routing.setStatus(s.workspace.id, ann.id, 'away')
  const waiting = (await s.customerOpens()).conversation
  t.match(await s.get(held), { assigneeId: ann.id }, 'still hers')
  t.match(waiting, { assigneeId: null, queuedAt: Date })
  t.match(s.toAgents('status'), [{ agentId: ann.id, status: 'away' }], 'colleagues see the status')
  await s.routing.setStatus(s.workspace.id, ann.id, 'online')
  t.match(await s.get(waiting), { assigneeId: ann.id })
})

t.test("offline: the agent's conversations go back to routing, keep their place by age, and customers are told", async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann', { capacity: 2 })
  const a = (await s.customerOpens()).conversation
  const b = (await s.customerOpens()).conversation
  await s.addAgent('Ben', { capacity: 1 })
  const late = (await s.customerOpens()).conversation // Ben takes it: he had fewer
  await s.routing.setStatus(s.workspace.id, ann.id, 'offline')
  for (const c of [a, b]) {
    t.match(await s.texts(c, 'system'), [routingTexts.joined('Ann'), routingTexts.left('Ann')])
    t.match(s.toCustomer(c, 'routing').pop(), { event: 'unassigned', agent: null, previousAgent: { id: ann.id } })
  }
  t.match([await s.get(a), await s.get(b)].map((c) => c.queuedAt?.getTime()), [a.createdAt.getTime(), b.createdAt.getTime()], 'queued by age')
  t.not((await s.get(late)).assigneeId, null)
  const cy = await s.addAgent('Cy', { capacity: 1 })
  await s.routing.drain(s.workspace.id)
  t.match(await s.get(a), { assigneeId: cy.id }, 'the oldest goes first to the next free place')
})

t.test('transfer: to a named colleague with a private note; refused to the offline, the resolved, and non-holders', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  const ben = await s.addAgent('Ben')
  const cy = await s.addAgent('Cy')
  const off = await s.addAgent('Dee', { status: 'offline' })
  const admin = await s.addAgent('Eve', { role: 'admin', status: 'away' })
  await t.rejects(s.routing.transfer(ann, conversation.id, off.id), { code: 'ERR_AGENT_UNAVAILABLE' })
  await t.rejects(s.routing.transfer(ben, conversation.id, cy.id), { code: 'ERR_ACCESS_NOT_ASSIGNEE' })
  await t.rejects(s.routing.transfer(ann, conversation.id, 'nobody'), { code: 'ERR_AGENT_NOT_FOUND' })

  const moved = await s.routing.transfer(ann, conversation.id, ben.id, 'Wants a refund; order 1042.')
  t.equal(moved.assigneeId, ben.id)
  const messages = await s.store.listMessages(s.workspace.id, conversation.id, { limit: 10 })
  t.match(messages.filter((m) => m.kind !== 'customer').map((m) => [m.kind, m.text]), [
    ['system', routingTexts.joined('Ann')],
    ['note', 'Wants a refund; order 1042.'],
    ['system', routingTexts.transferred('Ann', 'Ben')],
  ])
  t.match(s.toCustomer(conversation, 'routing').pop(), { event: 'transferred', agent: { id: ben.id }, previousAgent: { id: ann.id } })
  t.notOk(s.toCustomer(conversation, 'message').some((f) => f.type === 'message' && f.message.kind === 'note'), 'the customer never gets the note')

  t.equal((await s.routing.transfer(admin, conversation.id, cy.id)).assigneeId, cy.id, 'an admin may move anyone’s conversation')
  t.equal((await s.routing.transfer(cy, conversation.id, cy.id)).revision, (await s.get(conversation)).revision, 'to its own holder: nothing happens')
  await s.routing.resolve(cy, conversation.id)
  await t.rejects(s.routing.transfer(cy, conversation.id, ben.id), { code: 'ERR_CONVERSATION_RESOLVED' })
})

t.test('take: an agent takes what nobody holds, never what a colleague holds', async (t) => {
  const s = await scene(t, { policy: 'ai-first' })
  const [ann, ben] = [await s.addAgent('Ann'), await s.addAgent('Ben')]
  const { conversation } = await s.customerOpens()
  t.equal((await s.routing.take(ann, conversation.id)).assigneeId, ann.id)
  t.equal((await s.routing.take(ann, conversation.id)).assigneeId, ann.id, 'taking your own is harmless')
  await t.rejects(s.routing.take(ben, conversation.id), { code: 'ERR_CONVERSATION_TAKEN' })
  await t.rejects(s.routing.resolve(ben, conversation.id), { code: 'ERR_ACCESS_NOT_ASSIGNEE' })
  await s.routing.resolve(ann, conversation.id)
  await t.rejects(s.routing.take(ben, conversation.id), { code: 'ERR_CONVERSATION_RESOLVED' })
})

t.test('a customer writing again reopens: to the previous agent when they can take it, else routed anew', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  await s.routing.resolve(ann, conversation.id)
  t.match(await s.get(conversation), { status: 'resolved', assigneeId: ann.id })
  t.equal((await s.texts(conversation, 'system')).at(-1), routingTexts.resolved)

  await s.customerWrites(conversation, 'One more thing')
  t.match(await s.get(conversation), { status: 'open', assigneeId: ann.id })
  t.same(s.routingEvents(conversation), ['assigned', 'resolved', 'reopened'], 'no second "joined": Ann never left')

  await s.routing.resolve(ann, conversation.id)
  await s.routing.setStatus(s.workspace.id, ann.id, 'away')
  const ben = await s.addAgent('Ben')
  await s.customerWrites(conversation, 'Me again')
  t.match(await s.get(conversation), { status: 'open', assigneeId: ben.id }, 'Ann is away: Ben takes it')
  t.same(s.routingEvents(conversation).slice(-2), ['reopened', 'assigned'])
})

t.test('abandoned conversations are resolved with a message, freeing the place, but never one waiting on us', async (t) => {
  const s = await scene(t)
  const ann = await s.addAgent('Ann', { capacity: 3 })
  const quiet = (await s.customerOpens()).conversation
  const waitingOnAnn = (await s.customerOpens()).conversation
  const justJoined = (await s.customerOpens()).conversation // the customer wrote, then only "Ann joined"
  const queued = (await s.customerOpens()).conversation
  await s.store.appendMessage(s.workspace.id, { conversationId: quiet.id, kind: 'agent', authorId: ann.id, text: 'Anything else?' })
  await s.store.appendMessage(s.workspace.id, { conversationId: waitingOnAnn.id, kind: 'customer', authorId: waitingOnAnn.visitorId, text: 'Hello??' })
  const longAgo = new Date(Date.now() - 2 * 3600_000)
  for (const c of [quiet, waitingOnAnn, justJoined, queued]) await s.store.updateConversation(s.workspace.id, c.id, { lastActivityAt: longAgo })
  const sweep = abandonmentSweep({ store: s.store, routing: s.routing, abandonAfterMs: 3600_000, log: quietLog })

  t.equal(await sweep.sweep(), 1)
  t.match(await s.get(quiet), { status: 'resolved', facts: { resolvedBy: 'inactivity', resolverId: null } }, 'resolved as abandoned, for the reports')
  t.equal((await s.texts(quiet, 'system')).at(-1), routingTexts.abandoned(60))
  t.match(await s.get(waitingOnAnn), { status: 'open' }, 'the customer wrote last: Ann owes an answer')
  t.match(await s.get(justJoined), { status: 'open' }, 'a routing notice is not an answer')
  t.match(await s.get(queued), { status: 'open', assigneeId: ann.id }, 'the freed place went to the queue')
  t.equal(await sweep.sweep(), 0, 'a second sweep finds nothing more')
  t.equal(await abandonmentSweep({ store: s.store, routing: s.routing, abandonAfterMs: 0, log: quietLog }).sweep(), 0, '0 turns it off')

  // A sweep working from a page read before the customer wrote again leaves the conversation open.
  await s.store.appendMessage(s.workspace.id, { conversationId: queued.id, kind: 'agent', authorId: ann.id, text: 'Still there?' })
  await s.store.updateConversation(s.workspace.id, queued.id, { lastActivityAt: longAgo })
  const listed = await s.get(queued)
  await s.store.appendMessage(s.workspace.id, { conversationId: queued.id, kind: 'customer', authorId: queued.visitorId, text: 'Yes!' })
  t.equal(await s.routing.resolveAbandoned(listed, new Date(Date.now() - 3600_000), 60), false)
  t.match(await s.get(queued), { status: 'open' }, 'written in since the listing')
})

t.test('a conversation nobody routed (its site switched to human-first) joins the queue at the next customer message', async (t) => {
  const s = await scene(t, { policy: 'ai-first' })
  const { conversation } = await s.customerOpens()
  t.match(conversation, { queuedAt: null, assigneeId: null })
  await s.store.updateSite(s.workspace.id, s.site.id, { routingPolicy: 'human-only' })
  await s.customerWrites(conversation, 'Anyone?')
  t.match(await s.get(conversation), { queuedAt: Date })
})

t.test('an offline agent cannot take a conversation; one who chose a status without a socket goes offline after the grace period', async (t) => {
  const store = testStore(t)
  const bus = createLocalBus()
  const s = await scene(t, { store, bus, policy: 'ai-first' })
  const off = await s.addAgent('Off', { status: 'offline' })
  const { conversation } = await s.customerOpens()
  await t.rejects(s.routing.take(off, conversation.id), { code: 'ERR_AGENT_UNAVAILABLE' })
  const presence = agentPresence({ store, bus, routing: s.routing, offlineGraceMs: 100, log: quietLog })
  t.teardown(() => presence.close())
  const online = (await s.routing.setStatus(s.workspace.id, off.id, 'online'))!
  presence.expectSocket(online)
  await eventually(async () => (await store.getAgent(s.workspace.id, off.id))?.status === 'offline')
  t.pass('no socket came: offline again')
})

t.test('an AI failure interrupts the answer and hands the customer to a person', async (t) => {
  const failing: Responder = {
    name: 'failing (tests)',
    async *respond() {
      yield { type: 'text', delta: 'Our opening hou' }
      throw new Error('the model went away')
    },
  }
  const s = await scene(t, { policy: 'ai-first', responder: failing })
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  await s.routing.settled()
  t.equal((await s.get(conversation)).assigneeId, ann.id)
  const [answer] = await s.store.listMessages(s.workspace.id, conversation.id, { afterSeq: 1, limit: 1 })
  t.match(answer, { kind: 'ai', text: 'Our opening hou', status: 'interrupted' })
})

t.test('a person taking over cuts the AI answer being written', async (t) => {
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const slow: Responder = {
    name: 'slow (tests)',
    async *respond({ signal }) {
      yield { type: 'text', delta: 'Let me think' }
      await gate
      if (!signal.aborted) yield { type: 'text', delta: ' about that.' }
    },
  }
  const s = await scene(t, { policy: 'ai-first', responder: slow })
  const ann = await s.addAgent('Ann')
  const { conversation } = await s.customerOpens()
  await eventually(async () => (await s.texts(conversation, 'ai')).join('') === 'Let me think')
  await s.routing.take(ann, conversation.id)
  release()
  await s.routing.settled()
  const [answer] = await s.store.listMessages(s.workspace.id, conversation.id, { afterSeq: 1, limit: 1 })
  t.match(answer, { kind: 'ai', text: 'Let me think', status: 'interrupted' })
})

t.test('three quick customer messages get one AI turn that sees all three', async (t) => {
  const responder = scriptedResponder((r) => [{ type: 'text', delta: `seen ${r.history.filter((m) => m.kind === 'customer').length}` }])
  const s = await scene(t, { policy: 'ai-first', responder })
  const { conversation } = await s.customerOpens('one')
  await Promise.all([s.customerWrites(conversation, 'two'), s.customerWrites(conversation, 'three')])
  await s.routing.settled()
  const answers = await s.texts(conversation, 'ai')
  t.ok(answers.length <= 2, `at most one answer per message still unanswered (${answers.join(', ')})`)
  t.equal(answers.at(-1), 'seen 3', 'the last answer saw every message')
})

t.test('after a restart, agents still marked present go offline after the grace period unless they come back', async (t) => {
  const store = testStore(t)
  const bus = createLocalBus()
  const s = await scene(t, { store, bus })
  const [ann, ben] = [await s.addAgent('Ann'), await s.addAgent('Ben')]
  const { conversation } = await s.customerOpens()
  const holder = conversation.assigneeId === ann.id ? ann : ben
  const other = holder === ann ? ben : ann
  // A new process: its engine and presence know no sockets.
  const routing = createRouting({ store, bus, responder: silentResponder, log: quietLog })
  const presence = agentPresence({ store, bus, routing, offlineGraceMs: 200, log: quietLog })
  t.teardown(() => presence.close())
  t.equal(await presence.recover(), 2)
  await presence.connected(other)
  await eventually(async () => (await store.getAgent(s.workspace.id, holder.id))?.status === 'offline')
  t.equal((await store.getAgent(s.workspace.id, other.id))?.status, 'online', 'the one who came back stays online')
  await eventually(async () => (await s.get(conversation)).assigneeId === other.id)
  t.pass("the holder's conversation went to the one who came back")
})

t.test('two engines draining one queue at once (two servers) never leave an agent over capacity', async (t) => {
  const store = testStore(t)
  const bus = createLocalBus()
  const s = await scene(t, { store, bus })
  const ann = await s.addAgent('Ann', { capacity: 2 })
  await s.routing.setStatus(s.workspace.id, ann.id, 'away')
  const waiting = []
  for (let i = 0; i < 6; i++) waiting.push((await s.customerOpens()).conversation)
  // Each call a little late, as over a network: the two engines' reads and writes interleave.
  const jittery = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5))
        return value.apply(target, args)
      }
    },
  })
  const other = createRouting({ store: jittery, bus, responder: silentResponder, log: quietLog })
  const another = createRouting({ store: jittery, bus, responder: silentResponder, log: quietLog })
  t.teardown(() => Promise.all([other.settled(), another.settled()]))
  await s.store.updateAgent(s.workspace.id, ann.id, { status: 'online' })
  await Promise.all([s.routing.drain(s.workspace.id), other.drain(s.workspace.id), another.drain(s.workspace.id)])
  await eventually(async () => (await store.countOpenByAssignee(s.workspace.id)).get(ann.id) === 2)
  await new Promise((resolve) => setTimeout(resolve, 700))
  t.equal((await store.countOpenByAssignee(s.workspace.id)).get(ann.id), 2, 'exactly her capacity, after any retries')
  const held = await Promise.all(waiting.map((c) => s.get(c)))
  t.same(held.map((c) => c.assigneeId !== null), [true, true, false, false, false, false], 'the two oldest')
  for (const c of held) t.ok((await s.texts(c, 'system')).filter((text) => text === routingTexts.joined('Ann')).length <= 1)
})

t.test("an assignment racing a colleague's take for the same agent's last place goes back to its place in the queue", async (t) => {
  const store = testStore(t)
  const bus = createLocalBus()
  const s = await scene(t, { store, bus, policy: 'ai-first' })
  const ann = await s.addAgent('Ann', { capacity: 1 })
  await s.routing.setStatus(s.workspace.id, ann.id, 'away')
  const waiting = (await s.customerOpens()).conversation
  await s.routing.customerAskedForPerson(waiting)
  const elsewhere = (await s.customerOpens()).conversation
  await s.store.updateAgent(s.workspace.id, ann.id, { status: 'online' })
  // This engine decides to give Ann the queued conversation; just before its assignment lands, Ann
  // takes another conversation herself (on another server), so the assignment would be her second.
  let raced = false
  const racing = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (name !== 'transitionConversation' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
      return async (...args: Parameters<Store['transitionConversation']>) => {
        if (!raced && args[1] === waiting.id) {
          raced = true
          await s.routing.take(ann, elsewhere.id)
        }
        return value.apply(target, args)
      }
    },
  })
  const engine = createRouting({ store: racing, bus, responder: silentResponder, log: quietLog })
  t.teardown(() => engine.settled())
  const queuedAt = (await s.get(waiting)).queuedAt
  await engine.drain(s.workspace.id)
  t.ok(raced)
  t.equal((await store.countOpenByAssignee(s.workspace.id)).get(ann.id), 1, 'never two for a capacity of one')
  t.match(await s.get(waiting), { assigneeId: null, queuedAt }, 'back in the queue where it was')
  t.notOk((await s.texts(waiting, 'system')).includes(routingTexts.joined('Ann')), 'the customer was never told Ann joined')
  await engine.settled()
})
