// Routing as customers and agents live it over the protocol: many customers racing for few agents on
// two servers, agents dropping or reloading, transfers, "Talk to a person". Runs on every Store.
import type { Test } from 'tap'
import type { ServerFrame } from '../../protocol/frames.ts'
import { routingTexts } from '../../server/routing/routing-texts.ts'
import type { Store } from '../../server/store/store.ts'
import { eventually, startRealtime, type WsClient } from '../helpers/realtime.ts'
import { scriptedResponder } from '../helpers/responders.ts'

type RoutingFrame = Extract<ServerFrame, { type: 'routing' }>

const routingOf = (client: WsClient, conversationId: string) => client.all('routing', (f) => f.conversationId === conversationId)
const systemTexts = (client: WsClient, conversationId: string) =>
  client.all('message', (f) => f.message.conversationId === conversationId && f.message.kind === 'system').map((f) => f.message.text)

export function routingSuite(t: Test, store: () => Store, openPeer: () => Promise<Store>): void {
  t.test("every open widget of the site hears when the first agent comes online and when the last goes away", async (t) => {
    const rt = await startRealtime(t, store(), { routingPolicy: 'human-first' })
    const ann = await rt.addAgent('Ann')
    const ben = await rt.addAgent('Ben')
    const customers = await Promise.all([rt.addVisitor(), rt.addVisitor()])
    const sockets = await Promise.all(customers.map((c) => rt.asVisitor(c)))
    const heard = () => sockets.map((socket) => socket.all('availability').map((f) => f.agentsOnline))
    await rt.app.routingEngine.setStatus(rt.workspace.id, ann.agent.id, 'online')
    await eventually(async () => heard().every((seen) => seen.length === 1) || null)
    t.same(heard(), [[true], [true]], 'both widgets: someone can answer')
    t.match(sockets[0]!.all('availability')[0], { withinBusinessHours: true, nextOpenAt: null })
    await rt.app.routingEngine.setStatus(rt.workspace.id, ben.agent.id, 'online')
    await rt.app.routingEngine.setStatus(rt.workspace.id, ann.agent.id, 'away')
    await rt.app.routingEngine.setStatus(rt.workspace.id, ben.agent.id, 'offline')
    await eventually(async () => heard().every((seen) => seen.length === 2) || null)
    for (const socket of sockets) await socket.settle()
    t.same(heard(), [[true, false], [true, false]], 'a second agent changes nothing; the last one leaving is told once')
  })

  t.test('50 customers racing for 3 agents on two servers: nobody assigned twice, capacities honoured, the queue kept in order', async (t) => {
    const rt = await startRealtime(t, store(), { routingPolicy: 'human-first' })
    const second = await rt.secondServer(await openPeer())
    const CAPACITY = 4
    const people = [await rt.addAgent('Ann'), await rt.addAgent('Ben'), await rt.addAgent('Cy')]
    for (const person of people) await store().updateAgent(rt.workspace.id, person.agent.id, { capacity: CAPACITY })
    // Ann and Cy on the first server, Ben on the second: both engines route the same queue.
    const agentSockets = [await rt.asAgent(people[0]!), await second.asAgent(people[1]!), await rt.asAgent(people[2]!)]
    await eventually(async () => (await store().listAgents(rt.workspace.id)).filter((a) => a.status === 'online').length === 3)

    const CUSTOMERS = 50
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => rt.addVisitor()))
    const sockets = await Promise.all(customers.map((c, i) => (i % 2 === 0 ? rt.asVisitor(c) : second.asVisitor(c))))
    sockets.forEach((socket, i) => socket.send({ type: 'send', clientId: `first-${i}`, text: `Customer ${i} needs help` }))
    const conversationIds = (await Promise.all(sockets.map((socket) => socket.next('ack')))).map((ack) => ack.conversationId)

    const assigned = CAPACITY * people.length
    const settled = await eventually(async () => {
      const held = (await Promise.all(conversationIds.map((id) => store().getConversation(rt.workspace.id, id)))).filter((c) => c?.assigneeId)
      const queue = await store().listConversations(rt.workspace.id, { queued: true }, { limit: 100 })
      return held.length === assigned && queue.items.length === CUSTOMERS - assigned ? queue.items : null
    })
    const loads = await store().countOpenByAssignee(rt.workspace.id)
    t.same(people.map((p) => loads.get(p.agent.id)), [CAPACITY, CAPACITY, CAPACITY], 'each agent is at capacity, none over')

    // Announcements follow the Store by a moment: let both engines finish, then ask for a fresh count.
    await new Promise((resolve) => setTimeout(resolve, 500))
    await rt.app.routingEngine.drain(rt.workspace.id)
    for (const [i, socket] of sockets.entries()) {
      const id = conversationIds[i]!
      await socket.settle()
      const joined = (await store().listMessages(rt.workspace.id, id, { limit: 20 })).filter((m) => m.kind === 'system' && m.text.endsWith('joined the conversation.'))
      t.ok(joined.length <= 1, `conversation ${i} was joined at most once`)
      t.ok(routingOf(socket, id).filter((f) => f.event === 'assigned').length <= 1, `customer ${i} was told of at most one agent`)
    }
    await agentSockets[0]!.settle()
    const assignments = agentSockets[0]!.all('conversation', (f) => f.conversation.assigneeId !== null).map((f) => f.conversation.id)
    t.equal(assignments.length, assigned, "every assignment reached every agent's inbox once")
    t.equal(new Set(assignments).size, assigned, 'each to one conversation')
    const ann = people[0]!.agent.id
    t.equal(agentSockets[0]!.all('routing', (f) => f.event === 'assigned').length, CAPACITY, "Ann heard the routing of her own conversations only")
    t.ok(agentSockets[0]!.all('routing').every((f) => f.agent?.id === ann), 'none of a colleague')

    // The customers still waiting know where they stand, in queue order.
    const positions = await Promise.all(
      settled.map(async (conversation) => {
        const socket = sockets[conversationIds.indexOf(conversation.id)]!
        return (await eventually(async () => socket.all('queue', (f) => f.conversationId === conversation.id).at(-1)))!.position
      }),
    )
    t.same(positions, positions.map((_, i) => i + 1), `positions 1..${positions.length} follow the queue order`)

    // Places freed on either server go to the oldest waiting conversation first.
    const order: string[] = []
    for (const [i, person] of people.entries()) {
      const theirs = await store().listConversations(rt.workspace.id, { assigneeId: person.agent.id, status: 'open' }, { limit: 1 })
      const app = i === 1 ? second.app : rt.app
      const res = await app.inject({ method: 'POST', url: `/v1/conversations/${theirs.items[0]!.id}/resolve`, headers: rt.auth(person.token), payload: {} })
      t.equal(res.statusCode, 200)
      const next = await eventually(async () => {
        const now = await store().listConversations(rt.workspace.id, { assigneeId: person.agent.id, status: 'open' }, { limit: 100 })
        return now.items.length === CAPACITY ? now.items : null
      })
      order.push(...next.map((c) => c.id).filter((id) => settled.some((q) => q.id === id)))
    }
    t.same(order, settled.slice(0, 3).map((c) => c.id), 'the three oldest were taken, in order')
  })

  t.test('an agent who drops is replaced after the grace period; a reload within it moves nothing', async (t) => {
    // Long enough that a reload on a busy machine lands well inside it; the test waits past it once.
    const GRACE_SECONDS = 3
    const rt = await startRealtime(t, store(), { routingPolicy: 'human-first', env: { OFFLINE_GRACE_SECONDS: String(GRACE_SECONDS) } })
    const [ann, ben] = [await rt.addAgent('Ann'), await rt.addAgent('Ben')]
    const annSocket = await rt.asAgent(ann)
    await eventually(async () => (await store().getAgent(rt.workspace.id, ann.agent.id))?.status === 'online')
    const customer = await rt.asVisitor(await rt.addVisitor())
    customer.send({ type: 'send', clientId: 'hi', text: 'Hello?' })
    const { conversationId } = await customer.next('ack')
    t.match(await customer.next('routing'), { event: 'assigned', agent: { id: ann.agent.id, name: 'Ann' } })
    const benSocket = await rt.asAgent(ben)

    // A reload: the socket closes and a new one opens at once.
    annSocket.socket.close()
    await annSocket.closed
    const reloaded = await rt.asAgent(ann)
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500))
    t.match(await store().getConversation(rt.workspace.id, conversationId), { assigneeId: ann.agent.id }, 'still Ann’s after the grace period')
    t.equal((await store().getAgent(rt.workspace.id, ann.agent.id))?.status, 'online')
    t.same(routingOf(customer, conversationId).map((f) => f.event), ['assigned'], 'the customer noticed nothing')

    // Gone for good: past the grace period the conversation moves to Ben, and everyone is told.
    reloaded.socket.close()
    const left = await customer.next('routing', (f) => f.event === 'unassigned', 10_000)
    t.match(left, { previousAgent: { id: ann.agent.id }, agent: null })
    t.match(await customer.next('routing', (f) => f.event === 'assigned'), { agent: { id: ben.agent.id } })
    t.match(await benSocket.next('status', (f) => f.agentId === ann.agent.id), { status: 'offline' })
    t.match(await benSocket.next('routing', (f) => f.conversationId === conversationId && f.event === 'assigned'), { agent: { id: ben.agent.id } })
    await customer.next('message', (f) => f.message.text === routingTexts.joined('Ben'))
    t.same(systemTexts(customer, conversationId), [routingTexts.joined('Ann'), routingTexts.left('Ann'), routingTexts.joined('Ben')])
    const notices = customer.all('message', (f) => f.message.conversationId === conversationId && f.message.kind === 'system').map((f) => f.message.notice)
    t.same(notices, [
      { code: 'agent_joined', params: { agent: 'Ann' } },
      { code: 'agent_left', params: { agent: 'Ann' } },
      { code: 'agent_joined', params: { agent: 'Ben' } },
    ], 'each says what happened as a code the widget words in its locale')
  })

  t.test('a transfer tells both agents and the customer, and the note stays among agents', async (t) => {
    const rt = await startRealtime(t, store(), { routingPolicy: 'human-first' })
    const [ann, ben] = [await rt.addAgent('Ann'), await rt.addAgent('Ben')]
    const annSocket = await rt.asAgent(ann)
    await eventually(async () => (await store().getAgent(rt.workspace.id, ann.agent.id))?.status === 'online')
    const customer = await rt.asVisitor(await rt.addVisitor())
    customer.send({ type: 'send', clientId: 'hi', text: 'My parcel is damaged' })
    const { conversationId } = await customer.next('ack')
    await customer.next('routing', (f) => f.event === 'assigned')
    const benSocket = await rt.asAgent(ben)
    // The pong follows the hello's whole set-up: Ben is online, so he may be transferred to.
    await benSocket.settle()

    const res = await rt.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/transfer`,
      headers: rt.auth(ann.token),
      payload: { agentId: ben.agent.id, note: 'Damaged parcel, photos attached upthread' },
    })
    t.equal(res.statusCode, 200)
    t.match(res.json(), { id: conversationId, assigneeId: ben.agent.id })
    const expected: Partial<RoutingFrame> = { event: 'transferred', agent: { id: ben.agent.id, name: 'Ben' }, previousAgent: { id: ann.agent.id, name: 'Ann' } }
    t.match(await annSocket.next('conversation', (f) => f.conversation.assigneeId === ben.agent.id), { conversation: { id: conversationId } }, "Ann's inbox shows it is Ben's now")
    for (const [who, socket] of [['Ben', benSocket], ['the customer', customer]] as const) {
      t.match(await socket.next('routing', (f) => f.event === 'transferred'), expected, `${who} is told`)
      await socket.next('message', (f) => f.message.text === routingTexts.transferred('Ann', 'Ben'))
    }
    t.match(await benSocket.next('message', (f) => f.message.kind === 'note'), { message: { text: 'Damaged parcel, photos attached upthread', authorId: ann.agent.id } })
    await customer.settle()
    t.same(customer.all('message', (f) => f.message.kind === 'note'), [], 'the customer never gets the note')

    annSocket.send({ type: 'send', clientId: 'late', conversationId, text: 'Still me' })
    t.match(await annSocket.next('error'), { code: 'ERR_ACCESS_NOT_ASSIGNEE', clientId: 'late' }, 'Ann no longer answers')
    benSocket.send({ type: 'send', clientId: 'ben-1', conversationId, text: 'Ben here, sorry about that' })
    t.match(await customer.next('message', (f) => f.message.kind === 'agent'), { message: { authorId: ben.agent.id } })

    const again = await rt.app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/transfer`, headers: rt.auth(ann.token), payload: { agentId: ann.agent.id } })
    t.equal(again.json().error.code, 'ERR_ACCESS_NOT_ASSIGNEE', 'only the holder (or an admin) passes it on')
  })

  t.test('"Talk to a person": queued while nobody is online, with the position again on reconnect; refused where only the AI answers, though an agent may take over there', async (t) => {
    const rt = await startRealtime(t, store(), { routingPolicy: 'ai-first' })
    const visitor = await rt.addVisitor()
    const customer = await rt.asVisitor(visitor)
    customer.send({ type: 'send', clientId: 'q', text: 'Can I change my delivery address?' })
    const { conversationId } = await customer.next('ack')
    customer.send({ type: 'handoff', conversationId })
    t.match(await customer.next('queue'), { conversationId, position: 1, expectedWaitSeconds: null, agentsOnline: false })
    t.match(await customer.next('routing'), { event: 'queued', agent: null })
    const back = await rt.asVisitor(visitor, { resume: [{ conversationId, afterSeq: 0 }] })
    await back.next('resumed')
    t.match(await back.next('queue'), { conversationId, position: 1 }, 'a reconnecting customer learns where they stand')

    const agentSocket = await rt.asAgent({ token: rt.adminToken })
    agentSocket.send({ type: 'handoff', conversationId })
    t.match(await agentSocket.next('error'), { code: 'ERR_FRAME_NOT_ALLOWED' }, 'agents take or transfer instead')
    t.match(await customer.next('routing', (f) => f.event === 'assigned'), { agent: { id: rt.admin.id } }, 'coming online takes the queue')
    customer.send({ type: 'handoff', conversationId })
    t.match(await customer.next('conversation', (f) => f.conversation.assigneeId === rt.admin.id), { conversation: { id: conversationId } }, 'asking again, with a person there, answers with where it stands')

    const aiOnly = await rt.addSite()
    await store().updateSite(rt.workspace.id, aiOnly.id, { routingPolicy: 'ai-only' })
    const elsewhere = await rt.asVisitor(await rt.addVisitor(aiOnly), { site: aiOnly })
    elsewhere.send({ type: 'send', clientId: 'q', text: 'Hello' })
    const opened = await elsewhere.next('ack')
    elsewhere.send({ type: 'handoff', conversationId: opened.conversationId })
    t.match(await elsewhere.next('error'), { code: 'ERR_ROUTING_AI_ONLY' })
    const take = await rt.app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversationId}/take`, headers: rt.adminHeaders, payload: {} })
    t.equal(take.statusCode, 200, 'an agent may still take it, to supervise')
    t.match(await elsewhere.next('routing', (f) => f.event === 'assigned'), { agent: { id: rt.admin.id } })
    elsewhere.send({ type: 'handoff', conversationId })
    t.match(await elsewhere.next('error'), { code: 'ERR_CONVERSATION_NOT_FOUND' }, "nobody asks for a person in someone else's conversation")
  })

  t.test('"That helped" is recorded on the AI answer; "I need more help" hands off, or asks to rephrase where only the AI answers', async (t) => {
    const answering = scriptedResponder(() => [{ type: 'text', delta: 'Returns are free within 30 days.' }])
    const rt = await startRealtime(t, store(), { routingPolicy: 'ai-first', responder: answering })
    const customer = await rt.asVisitor(await rt.addVisitor())
    customer.send({ type: 'send', clientId: 'q1', text: 'How do returns work?' })
    const { conversationId } = await customer.next('ack')
    const answer = (await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete')).message
    t.equal(answer.outcome, null, 'no reply yet')

    customer.send({ type: 'feedback', conversationId, seq: answer.seq - 1, outcome: 'confirmed' })
    t.match(await customer.next('error'), { code: 'ERR_MESSAGE_NOT_AN_ANSWER' }, "the customer's own message takes no feedback")
    customer.send({ type: 'feedback', conversationId, seq: answer.seq, outcome: 'confirmed' })
    t.match(await customer.next('message', (f) => f.message.seq === answer.seq && f.message.outcome !== null), { message: { outcome: 'confirmed', text: answer.text } })
    t.equal((await store().listMessages(rt.workspace.id, conversationId, { afterSeq: answer.seq - 1, limit: 1 }))[0]?.outcome, 'confirmed', 'stored')
    const agentSocket = await rt.asAgent({ token: rt.adminToken })
    agentSocket.send({ type: 'feedback', conversationId, seq: answer.seq, outcome: 'more_help' })
    t.match(await agentSocket.next('error'), { code: 'ERR_FRAME_NOT_ALLOWED' }, 'only the customer says whether it helped')

    customer.send({ type: 'send', clientId: 'q2', conversationId, text: 'And exchanges?' })
    const second = (await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete' && f.message.seq > answer.seq)).message
    customer.send({ type: 'feedback', conversationId, seq: second.seq, outcome: 'more_help' })
    // The admin is online (their socket above): handed to them at once, as "Talk to a person" would.
    t.match(await customer.next('routing', (f) => f.event === 'assigned'), { conversationId, agent: { id: rt.admin.id } }, 'more help: a person takes over')

    const aiOnly = await rt.addSite()
    await store().updateSite(rt.workspace.id, aiOnly.id, { routingPolicy: 'ai-only' })
    const elsewhere = await rt.asVisitor(await rt.addVisitor(aiOnly), { site: aiOnly })
    elsewhere.send({ type: 'send', clientId: 'q', text: 'Do you ship to Mars?' })
    const there = await elsewhere.next('ack')
    const reply = (await elsewhere.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete')).message
    elsewhere.send({ type: 'feedback', conversationId: there.conversationId, seq: reply.seq, outcome: 'more_help' })
    t.match(await elsewhere.next('message', (f) => f.message.kind === 'system'), { message: { notice: { code: 'ask_rephrase' } } }, 'no person to hand to: the assistant asks again')
    t.equal((await store().getConversation(rt.workspace.id, there.conversationId))?.queuedAt, null, 'and nothing is queued')
  })

  t.test('an agent chooses away and online; away takes nothing new, online takes from the queue', async (t) => {
    const rt = await startRealtime(t, store(), { routingPolicy: 'human-first' })
    const ann = await rt.addAgent('Ann')
    await rt.asAgent(ann)
    await eventually(async () => (await store().getAgent(rt.workspace.id, ann.agent.id))?.status === 'online')
    const status = (body: unknown) => rt.app.inject({ method: 'POST', url: '/v1/me/status', headers: rt.auth(ann.token), payload: body as object })
    t.match((await status({ status: 'away' })).json(), { id: ann.agent.id, status: 'away' })
    for (const bad of [{ status: 'offline' }, { status: 'busy' }, {}, { status: 'away', extra: 1 }]) {
      t.equal((await status(bad)).json().error.code, 'ERR_REQUEST_INVALID', `refused: ${JSON.stringify(bad)}`)
    }
    const customer = await rt.asVisitor(await rt.addVisitor())
    customer.send({ type: 'send', clientId: 'hi', text: 'Anyone?' })
    const { conversationId } = await customer.next('ack')
    t.match(await customer.next('queue'), { position: 1, agentsOnline: false })
    t.match((await status({ status: 'online' })).json(), { status: 'online' })
    t.match(await customer.next('routing', (f) => f.event === 'assigned'), { conversationId, agent: { id: ann.agent.id } })
  })
}
