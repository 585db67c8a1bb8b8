// What the server pushes besides messages: AI answers as they are generated, the customer's page,
// and which agents are connected.
import t from 'tap'
import { aiStreams } from '../../server/realtime/ai-stream.ts'
import { testStore } from '../helpers/factories.ts'
import { startRealtime } from '../helpers/realtime.ts'

t.test('an AI answer takes its seq when it starts, streams to both sides, and is saved as it grows', async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const customer = await rt.addVisitor()
  const tab = await rt.asVisitor(customer)
  const agent = await rt.asAgent({ token: rt.adminToken })
  tab.send({ type: 'send', clientId: 'q1', text: 'How long do returns take?' })
  const { conversationId } = await tab.next('ack')
  const conversation = (await store.getConversation(rt.workspace.id, conversationId))!
  agent.send({ type: 'watch', conversationId, afterSeq: 0 })
  await agent.next('resumed')

  const stream = await aiStreams({ store, bus: rt.app.bus }).start(conversation)
  t.equal(stream.message.seq, 2, 'the answer holds seq 2 from its first token')
  for (const client of [tab, agent]) {
    t.match(await client.next('message', (f) => f.message.seq === 2), { message: { kind: 'ai', status: 'streaming', text: '' } })
  }
  await stream.append('Returns take ')
  t.match((await store.listMessages(rt.workspace.id, conversationId, { afterSeq: 1, limit: 5 }))[0], { text: 'Returns take ', status: 'streaming' }, 'saved as it grows')
  await stream.append('5 days.')
  const done = await stream.complete([{ title: 'Returns', url: 'https://shop.example/returns' }])
  t.match(done, { text: 'Returns take 5 days.', status: 'complete' })
  for (const client of [tab, agent]) {
    t.match(await client.next('message', (f) => f.message.seq === 2 && f.message.status === 'complete'), {
      message: { text: 'Returns take 5 days.', citations: [{ title: 'Returns' }] },
    })
    // The final frame was published after the deltas, so they have all arrived by now.
    t.same(client.all('stream').map((f) => [f.seq, f.delta]), [[2, 'Returns take '], [2, '5 days.']], 'deltas in order')
  }
  await t.rejects(stream.append('more'), 'an ended answer takes no more text')
})

t.test('a cut AI answer keeps its partial text, marked interrupted, for everyone', async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const customer = await rt.addVisitor()
  const tab = await rt.asVisitor(customer)
  tab.send({ type: 'send', clientId: 'q1', text: 'Hello?' })
  const { conversationId } = await tab.next('ack')
  const stream = await aiStreams({ store, bus: rt.app.bus }).start((await store.getConversation(rt.workspace.id, conversationId))!)
  await stream.append('Our opening hou')
  await stream.interrupt()
  t.match(await tab.next('message', (f) => f.message.status === 'interrupted'), { message: { seq: 2, text: 'Our opening hou' } })
  t.equal(await store.interruptStreamingMessages(), 0, 'nothing is left streaming')
})

t.test("the page a customer is on reaches the agents on one of their conversations, is kept, and only visitors may report it", async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const customer = await rt.addVisitor()
  const tab = await rt.asVisitor(customer)
  const [agent, colleague] = [await rt.asAgent({ token: rt.adminToken }), await rt.asAgent(await rt.addAgent('Ben'))]
  tab.send({ type: 'send', clientId: 'hi', text: 'Hello' })
  const { conversationId } = await tab.next('ack')
  agent.send({ type: 'watch', conversationId })
  agent.send({ type: 'ping' })
  await agent.next('pong')
  tab.send({ type: 'context', url: 'https://shop.example/cart', title: 'Your cart', referrer: '', locale: 'fr-FR', userAgent: 'Firefox/140' })
  const seen = await agent.next('visitor')
  t.match(seen.visitor, { id: customer.visitor.id, pageContext: { url: 'https://shop.example/cart', title: 'Your cart', referrer: null, locale: 'fr-FR' } })
  t.match((await store.getVisitor(rt.workspace.id, customer.visitor.id))?.pageContext, { url: 'https://shop.example/cart' })
  const rest = await rt.app.inject({ url: `/v1/visitors/${customer.visitor.id}`, headers: rt.adminHeaders })
  t.match(rest.json().pageContext, { url: 'https://shop.example/cart', title: 'Your cart' }, 'and the customer view shows it')
  await colleague.settle()
  t.same(colleague.all('visitor'), [], 'an agent neither holding nor watching one of their conversations is not told')

  tab.send({ type: 'context', url: 'javascript:alert(1)' })
  t.equal((await tab.next('error')).code, 'ERR_FRAME_INVALID', 'only http(s) pages')
  agent.send({ type: 'context', url: 'https://shop.example/' })
  t.equal((await agent.next('error')).code, 'ERR_FRAME_NOT_ALLOWED', 'agents have no page to report')
})

t.test("blocking a customer closes their open widgets at once, and only theirs", async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const blocked = await rt.addVisitor()
  const other = await rt.addVisitor()
  const tabs = [await rt.asVisitor(blocked), await rt.asVisitor(blocked)]
  const bystander = await rt.asVisitor(other)
  const res = await rt.app.inject({ method: 'POST', url: `/v1/visitors/${blocked.visitor.id}/block`, headers: rt.adminHeaders, payload: { blocked: true } })
  t.equal(res.statusCode, 200)
  for (const tab of tabs) t.match(await tab.closed, { code: 4007 })
  await bystander.settle()
  t.equal(bystander.socket.readyState, bystander.socket.OPEN, 'another customer stays connected')
  const again = await rt.connect()
  again.send(rt.visitorHello(blocked.token))
  t.match(await again.closed, { code: 4007 }, 'and cannot come back')
})

t.test('agents see colleagues connect and leave: online with the first socket, offline after the last', async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const watcher = await rt.asAgent({ token: rt.adminToken })
  const bea = await rt.addAgent('Bea')
  const firstTab = await rt.asAgent(bea)
  t.match(await watcher.next('presence', (f) => f.agentId === bea.agent.id), { connected: true })
  t.match(await firstTab.next('presence', (f) => f.agentId === rt.admin.id), { connected: true }, 'a newcomer learns who is already here')
  const secondTab = await rt.asAgent(bea)
  firstTab.socket.close()
  await firstTab.closed
  await watcher.settle()
  t.equal(watcher.all('presence', (f) => f.agentId === bea.agent.id).length, 1, 'closing one of two tabs changes nothing')
  secondTab.socket.close()
  t.match(await watcher.next('presence', (f) => f.agentId === bea.agent.id && !f.connected), { connected: false })
})

t.test("an admin's password reset closes every socket of that agent with 4006", async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const bea = await rt.addAgent('Bea')
  const tabs = [await rt.asAgent(bea), await rt.asAgent(bea)]
  const admin = await rt.asAgent({ token: rt.adminToken })
  const res = await rt.app.inject({ method: 'POST', url: `/v1/agents/${bea.agent.id}/reset-password`, headers: rt.adminHeaders })
  t.equal(res.statusCode, 200)
  for (const tab of tabs) t.match(await tab.closed, { code: 4006 })
  await admin.settle()
  t.equal(admin.socket.readyState, admin.socket.OPEN, "the admin's own socket stays")
})
