// Conversations as people live them: customers and agents talking, several tabs, typing, read receipts.
import type { Test } from 'tap'
import type { Store } from '../../server/store/store.ts'
import { WATCHED_CONVERSATIONS_MAX } from '../../protocol/limits.ts'
import { TYPING_THROTTLE_MS } from '../../server/realtime/frame-handlers.ts'
import { startRealtime, type Realtime, type WsClient } from '../helpers/realtime.ts'

const ID = /^[0-9a-f]{32}$/
const seqsOf = (client: WsClient, conversationId: string) =>
  client.all('message', (f) => f.message.conversationId === conversationId).map((f) => f.message.seq)

/** A customer's socket with one conversation opened by a first message, held by an agent watching. */
export async function openConversation(rt: Realtime, text = 'Where is my order?') {
  const customer = await rt.addVisitor()
  const agent = await rt.addAgent('Ann')
  const customerSocket = await rt.asVisitor(customer)
  const agentSocket = await rt.asAgent(agent)
  customerSocket.send({ type: 'send', clientId: 'first', text })
  const { conversationId } = await customerSocket.next('ack')
  await agentSocket.next('conversation', (f) => f.conversation.id === conversationId)
  await rt.hold(conversationId, agent.agent.id)
  // Held: from this frame on, the agent's sockets hear the conversation whole.
  await agentSocket.next('conversation', (f) => f.conversation.id === conversationId && f.conversation.assigneeId === agent.agent.id)
  return { customer, agent, customerSocket, agentSocket, conversationId }
}

export function messagingSuite(t: Test, store: () => Store): void {
  t.test('a first message opens a conversation every agent is told of, the holder and watchers hear whole, and no other customer hears of', async (t) => {
    const rt = await startRealtime(t, store())
    const [alice, bob] = [await rt.addVisitor(), await rt.addVisitor()]
    const [ann, ben] = [await rt.addAgent('Ann'), await rt.addAgent('Ben')]
    const [aliceSocket, bobSocket, annSocket, benSocket] = [await rt.asVisitor(alice), await rt.asVisitor(bob), await rt.asAgent(ann), await rt.asAgent(ben)]

    aliceSocket.send({ type: 'send', clientId: 'order-1', text: 'Where is my order?' })
    const ack = await aliceSocket.next('ack')
    t.match(ack, { clientId: 'order-1', conversationId: ID, seq: 1 })
    t.ok(Date.parse(ack.createdAt) > Date.now() - 60_000, 'createdAt is an ISO time of now')
    const { conversationId } = ack
    const expected = { seq: 1, kind: 'customer', visibility: 'public', authorId: alice.visitor.id, clientId: 'order-1', text: 'Where is my order?' }
    const opened = { id: conversationId, visitorId: alice.visitor.id, siteId: rt.site.id, status: 'open' }
    t.match((await aliceSocket.next('conversation')).conversation, opened, 'alice is told of the conversation')
    t.match((await aliceSocket.next('message')).message, { conversationId, ...expected }, 'alice gets the message')
    const order = ['ack', 'conversation', 'message'].map((type) => aliceSocket.frames.findIndex((f) => f.type === type))
    t.same([...order].sort((a, b) => a - b), order, 'the sender hears the ack first, then of the conversation, then the message')
    for (const [who, socket] of [['ann', annSocket], ['ben', benSocket]] as const) {
      t.match((await socket.next('conversation')).conversation, opened, `${who} is told of the conversation`)
      const inbox = await socket.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId))
      t.match(inbox.conversations.find((c) => c.id === conversationId), { lastSeq: 1, lastPublic: { seq: 1, text: expected.text } }, `${who}'s inbox shows the message`)
      t.same(socket.all('message'), [], `${who} holds nothing and watches nothing: no message frame`)
    }

    await rt.hold(conversationId, ann.agent.id)
    await annSocket.next('conversation', (f) => f.conversation.assigneeId === ann.agent.id)
    benSocket.send({ type: 'watch', conversationId, afterSeq: 0 })
    t.match((await benSocket.next('message')).message, expected, 'a watch with afterSeq sends what came before')
    t.match(await benSocket.next('resumed'), { conversationId, lastSeq: 1 })
    annSocket.send({ type: 'send', clientId: 'reply-1', conversationId, text: 'It ships today.' })
    t.match(await annSocket.next('ack'), { clientId: 'reply-1', conversationId, seq: 2 })
    const reply = { conversationId, seq: 2, kind: 'agent', authorId: ann.agent.id, authorName: ann.agent.name, text: 'It ships today.' }
    t.match((await aliceSocket.next('message', (f) => f.message.seq === 2)).message, reply, 'the customer gets the reply')
    t.match((await annSocket.next('message', (f) => f.message.seq === 2)).message, reply, 'so does the holder')
    t.match((await benSocket.next('message', (f) => f.message.seq === 2)).message, reply, 'and the agent watching')

    benSocket.send({ type: 'send', clientId: 'note-1', conversationId, text: 'VIP: refund if late', note: true })
    t.match(await benSocket.next('ack'), { clientId: 'note-1', seq: 3 })
    t.match((await annSocket.next('message', (f) => f.message.seq === 3)).message, { kind: 'note', visibility: 'internal', authorId: ben.agent.id })
    benSocket.send({ type: 'send', clientId: 'reply-2', conversationId, text: 'I can answer too' })
    t.match(await benSocket.next('error'), { code: 'ERR_ACCESS_NOT_ASSIGNEE', clientId: 'reply-2' }, 'only the holder answers the customer')
    // Frames are handled in order, so a leaked note (or Ben's refused reply) would reach Alice first.
    annSocket.send({ type: 'send', clientId: 'reply-2', conversationId, text: 'Anything else?' })
    await aliceSocket.next('message', (f) => f.message.seq === 4)
    t.same(seqsOf(aliceSocket, conversationId), [1, 2, 4], 'the customer never sees the note')

    await bobSocket.settle()
    t.notOk(JSON.stringify(bobSocket.frames).includes(conversationId), 'the other customer heard nothing of it')
    t.same(bobSocket.all('message'), [])
  })

  t.test("every tab of one customer sees all of the conversation, whichever tab wrote", async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const agent = await rt.addAgent()
    const tabs = [await rt.asVisitor(customer), await rt.asVisitor(customer), await rt.asVisitor(customer)]
    const agentSocket = await rt.asAgent(agent)
    const [first, second, third] = tabs as [WsClient, WsClient, WsClient]

    first.send({ type: 'send', clientId: 'tab1-a', text: 'Hello from tab one' })
    const { conversationId } = await first.next('ack')
    for (const tab of tabs) t.equal((await tab.next('conversation')).conversation.id, conversationId, 'every tab learns of the new conversation')
    second.send({ type: 'send', clientId: 'tab2-a', conversationId, text: 'and from tab two' })
    t.match(await second.next('ack'), { seq: 2 })
    await rt.hold(conversationId, agent.agent.id)
    agentSocket.send({ type: 'send', clientId: 'agent-a', conversationId, text: 'Hi all tabs' })
    third.send({ type: 'send', clientId: 'tab3-a', conversationId, text: 'tab three here' })
    // The reply and tab three's message race for seqs 3 and 4: wait for both.
    for (const tab of tabs) for (const seq of [3, 4]) await tab.next('message', (f) => f.message.seq === seq)
    for (const [i, tab] of tabs.entries()) {
      t.same(seqsOf(tab, conversationId).sort((a, b) => a - b), [1, 2, 3, 4], `tab ${i + 1} has every message`)
      t.same(tab.all('message', (f) => f.message.kind === 'agent').map((f) => f.message.text), ['Hi all tabs'], `tab ${i + 1} got the agent's reply`)
    }
    t.same(tabs.map((tab) => tab.all('ack').map((a) => a.clientId)), [['tab1-a'], ['tab2-a'], ['tab3-a']], 'only the writing tab gets the ack')
  })

  t.test("a customer's new socket hears the conversations it names: its hello's resume, or one it writes in, and no listing", async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, agentSocket, conversationId } = await openConversation(rt)
    const reply = async (clientId: string) => {
      agentSocket.send({ type: 'send', clientId, conversationId, text: clientId })
      return (await agentSocket.next('ack', (f) => f.clientId === clientId)).seq
    }
    const bare = await rt.asVisitor(customer)
    const resuming = await rt.asVisitor(customer, { resume: [{ conversationId, afterSeq: 0 }] })
    t.match((await resuming.next('message')).message, { seq: 1 }, 'the resume sends the history first')
    await resuming.next('resumed')
    const seq = await reply('live-1')
    t.match((await resuming.next('message', (f) => f.message.seq === seq)).message, { text: 'live-1' }, 'then the conversation live')
    await bare.settle()
    t.same(bare.all('message'), [], 'a hello naming nothing follows nothing')

    bare.send({ type: 'send', clientId: 'again', conversationId, text: 'Any news?' })
    await bare.next('ack')
    const later = await reply('live-2')
    t.match((await bare.next('message', (f) => f.message.seq === later)).message, { text: 'live-2' }, 'writing in it follows it')
  })

  t.test("typing reaches the other side, as role and actor, and repeated typing within a second is relayed once", async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, agent, customerSocket, agentSocket, conversationId } = await openConversation(rt)

    for (let i = 0; i < 5; i++) customerSocket.send({ type: 'typing', conversationId, typing: true })
    customerSocket.send({ type: 'typing', conversationId, typing: false })
    const stopped = await agentSocket.next('typing', (f) => !f.typing)
    t.same(stopped, { type: 'typing', conversationId, role: 'visitor', actorId: customer.visitor.id, typing: false })
    t.same(
      agentSocket.all('typing', (f) => f.typing),
      [{ type: 'typing', conversationId, role: 'visitor', actorId: customer.visitor.id, typing: true }],
      `five "typing" within ${TYPING_THROTTLE_MS} ms reach the agent once`,
    )

    agentSocket.send({ type: 'typing', conversationId, typing: true })
    t.same(await customerSocket.next('typing'), { type: 'typing', conversationId, role: 'agent', actorId: agent.agent.id, typing: true })
  })

  t.test('typing again right after stopping is relayed, however soon', async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, agentSocket, conversationId } = await openConversation(rt)
    for (const typing of [true, false, true]) customerSocket.send({ type: 'typing', conversationId, typing })
    await agentSocket.next('typing', (f) => f.typing)
    await agentSocket.next('typing', (f) => !f.typing)
    // Without it the agent would be shown "stopped" while the customer types on.
    await agentSocket.next('typing', (f) => f.typing)
    t.same(agentSocket.all('typing').map((f) => f.typing), [true, false, true])
  })

  t.test("read receipts are stored and reach everyone, clamped to the conversation's last seq and never moving back", async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, agent, customerSocket, agentSocket, conversationId } = await openConversation(rt)
    const agentPhone = await rt.asAgent(agent)
    agentSocket.send({ type: 'send', clientId: 'reply', conversationId, text: 'Let me check.' })
    await customerSocket.next('message', (f) => f.message.seq === 2)
    const customerRead = (seq: number) => ({ type: 'read', conversationId, role: 'visitor', actorId: customer.visitor.id, seq })

    customerSocket.send({ type: 'read', conversationId, seq: 2 })
    t.same(await agentSocket.next('read'), customerRead(2))
    t.same(await customerSocket.next('read'), customerRead(2), "the customer's own tabs hear it too")
    customerSocket.send({ type: 'read', conversationId, seq: 99 })
    t.same(await agentSocket.next('read'), customerRead(2), 'no read past the last message')
    customerSocket.send({ type: 'read', conversationId, seq: 1 })
    t.same(await agentSocket.next('read'), customerRead(2), 'a late read frame leaves the position where it was')

    agentSocket.send({ type: 'read', conversationId, seq: 1 })
    const agentRead = { type: 'read', conversationId, role: 'agent', actorId: agent.agent.id, seq: 1 }
    t.same(await customerSocket.next('read', (f) => f.role === 'agent'), agentRead)
    t.same(await agentPhone.next('read', (f) => f.role === 'agent'), agentRead, "the agent's other device agrees")
    t.same(await rt.store.listReadPositions(rt.workspace.id, agent.agent.id, [conversationId]), new Map([[conversationId, 1]]))
    t.same(await rt.store.listReadPositions(rt.workspace.id, 'customer', [conversationId]), new Map([[conversationId, 2]]))
  })

  t.test("an agent who starts watching is told how far the customer has read, so replies read before are seen", async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, agentSocket, customerSocket, conversationId } = await openConversation(rt)
    const colleague = await rt.asAgent(await rt.addAgent('Ben'))
    colleague.send({ type: 'watch', conversationId })
    colleague.send({ type: 'ping' })
    await colleague.next('pong')
    t.same(colleague.all('read'), [], 'nothing read yet: nothing said')
    colleague.send({ type: 'unwatch', conversationId })
    agentSocket.send({ type: 'send', clientId: 'reply', conversationId, text: 'Let me check.' })
    await customerSocket.next('message', (f) => f.message.seq === 2)
    customerSocket.send({ type: 'read', conversationId, seq: 2 })
    await agentSocket.next('read', (f) => f.role === 'visitor')
    colleague.send({ type: 'watch', conversationId, afterSeq: 2 })
    t.same(await colleague.next('read', (f) => f.role === 'visitor'), { type: 'read', conversationId, role: 'visitor', actorId: customer.visitor.id, seq: 2 })
  })

  t.test("every agent's inbox gets each change as a summary: who the customer is, the last public message, who holds it", async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, agent, customerSocket, agentSocket, conversationId } = await openConversation(rt)
    const colleague = await rt.asAgent(await rt.addAgent('Ben'))
    customerSocket.send({ type: 'send', clientId: 'second', conversationId, text: 'Any news?' })
    const { seq } = await customerSocket.next('ack', (f) => f.clientId === 'second')
    agentSocket.send({ type: 'send', clientId: 'note', conversationId, note: true, text: 'Courier is late' })
    const note = await agentSocket.next('ack', (f) => f.clientId === 'note')
    for (const socket of [agentSocket, colleague]) {
      const summary = (await socket.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId && c.lastSeq === note.seq))).conversations.find((c) => c.id === conversationId)
      t.match(summary, {
        id: conversationId,
        visitorId: customer.visitor.id,
        status: 'open',
        assignee: agent.agent.id,
        lastSeq: note.seq,
        lastPublic: { seq, text: 'Any news?', kind: 'customer' },
        customer: { displayName: `Visitor ${customer.visitor.id.slice(-4)}`, verified: false },
      }, 'a note moves lastSeq, not the last public message')
    }
    t.equal(customerSocket.all('summaries').length, 0, 'customers hold their conversations whole: they get no summaries')
  })

  t.test('watching gets a conversation whole, a resume from the last seq fills the gap, and unwatching goes back to summaries', async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, conversationId } = await openConversation(rt)
    const colleague = await rt.asAgent(await rt.addAgent('Ben'))
    const say = async (clientId: string, text: string) => {
      customerSocket.send({ type: 'send', clientId, conversationId, text })
      return (await customerSocket.next('ack', (f) => f.clientId === clientId)).seq
    }
    const missed = await say('while-away', 'Hello?')
    await colleague.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId && c.lastSeq === missed))
    t.same(colleague.all('message'), [], 'neither holding nor watching: summaries only')

    colleague.send({ type: 'watch', conversationId })
    colleague.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    await colleague.next('resumed', (f) => f.conversationId === conversationId)
    const live = await say('watched', 'Anyone?')
    await colleague.next('message', (f) => f.message.seq === live)
    t.same(seqsOf(colleague, conversationId), [...Array.from({ length: live - 1 }, (_, i) => i + 1), live], 'the gap filled by the resume, then live')

    colleague.send({ type: 'unwatch', conversationId })
    colleague.send({ type: 'ping' })
    await colleague.next('pong')
    const after = await say('unwatched', 'Still there?')
    await colleague.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId && c.lastSeq === after))
    t.notOk(seqsOf(colleague, conversationId).includes(after), 'unwatched: no more message frames')
  })

  t.test('a transfer moves full delivery to the new holder, on all their sockets, and away from the old one', async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, agentSocket, agent, conversationId } = await openConversation(rt)
    const ben = await rt.addAgent('Ben')
    const [benLaptop, benPhone] = [await rt.asAgent(ben), await rt.asAgent(ben)]
    await rt.app.inject({ method: 'PATCH', url: '/v1/me/status', headers: rt.auth(ben.token), payload: { status: 'online' } })
    const moved = await rt.app.inject({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/transfer`,
      headers: rt.auth(agent.token),
      payload: { agentId: ben.agent.id, note: 'Wants a refund' },
    })
    t.equal(moved.statusCode, 200, moved.body)
    for (const socket of [benLaptop, benPhone]) await socket.next('conversation', (f) => f.conversation.assigneeId === ben.agent.id)
    await agentSocket.next('conversation', (f) => f.conversation.assigneeId === ben.agent.id)
    customerSocket.send({ type: 'send', clientId: 'after-transfer', conversationId, text: 'Hi Ben' })
    const { seq } = await customerSocket.next('ack', (f) => f.clientId === 'after-transfer')
    for (const socket of [benLaptop, benPhone]) t.ok(await socket.next('message', (f) => f.message.seq === seq), 'each of the new holder\'s sockets hears it')
    await agentSocket.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId && c.lastSeq === seq))
    t.notOk(seqsOf(agentSocket, conversationId).includes(seq), 'the old holder is back to summaries')
  })

  t.test('an agent reconnecting hears what they hold at once; one socket watches at most WATCHED_CONVERSATIONS_MAX more', async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, agent, conversationId } = await openConversation(rt)
    const reconnected = await rt.asAgent(agent)
    customerSocket.send({ type: 'send', clientId: 'to-holder', conversationId, text: 'Back again' })
    const { seq } = await customerSocket.next('ack', (f) => f.clientId === 'to-holder')
    t.ok(await reconnected.next('message', (f) => f.message.seq === seq), 'held conversations are heard from the hello on')

    const visitor = (await rt.addVisitor()).visitor
    const others = []
    for (let i = 0; i <= WATCHED_CONVERSATIONS_MAX; i++) others.push(await rt.store.createConversation(rt.workspace.id, { siteId: rt.site.id, visitorId: visitor.id }))
    for (const other of others.slice(0, WATCHED_CONVERSATIONS_MAX)) reconnected.send({ type: 'watch', conversationId: other.id })
    reconnected.send({ type: 'watch', conversationId: conversationId })
    reconnected.send({ type: 'watch', conversationId: others.at(-1)!.id })
    t.match(await reconnected.next('error'), { code: 'ERR_WATCH_LIMIT' }, 'one past the limit is refused; a held one costs nothing')
    reconnected.send({ type: 'resume', conversations: [{ conversationId: others.at(-1)!.id, afterSeq: 0 }] })
    t.match(await reconnected.next('error', (f) => f.code === 'ERR_WATCH_LIMIT'), { code: 'ERR_WATCH_LIMIT' }, 'so is a resume, which would watch it')
    reconnected.send({ type: 'unwatch', conversationId: others[0]!.id })
    reconnected.send({ type: 'watch', conversationId: others.at(-1)!.id })
    reconnected.send({ type: 'ping' })
    await reconnected.next('pong')
    t.same(reconnected.all('error').map((f) => f.code), ['ERR_WATCH_LIMIT', 'ERR_WATCH_LIMIT'], 'after an unwatch there is room again')

    customerSocket.send({ type: 'watch', conversationId })
    t.match(await customerSocket.next('error'), { code: 'ERR_FRAME_NOT_ALLOWED' }, 'customers do not watch: they hear their own')
    reconnected.send({ type: 'watch', conversationId: 'f'.repeat(32) })
    t.match(await reconnected.next('error', (f) => f.code === 'ERR_CONVERSATION_NOT_FOUND'), { code: 'ERR_CONVERSATION_NOT_FOUND' })
  })

  t.test("unread counted from the inbox summary and the stored read position agree, and survive a reload", async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, agent, agentSocket, conversationId } = await openConversation(rt)
    agentSocket.send({ type: 'read', conversationId, seq: 1 })
    await agentSocket.next('read', (f) => f.actorId === agent.agent.id)
    let last = 0
    for (const clientId of ['more-1', 'more-2']) {
      customerSocket.send({ type: 'send', clientId, conversationId, text: clientId })
      last = (await customerSocket.next('ack', (f) => f.clientId === clientId)).seq
    }
    const summary = (await agentSocket.next('summaries', (f) => f.conversations.some((c) => c.id === conversationId && c.lastSeq === last))).conversations.find((c) => c.id === conversationId)!
    const listed = async () => {
      const res = await rt.app.inject({ url: '/v1/conversations', headers: rt.auth(agent.token) })
      return (res.json().items as { id: string; readSeq: number; lastSeq: number }[]).find((c) => c.id === conversationId)!
    }
    t.equal(summary.lastSeq - (await listed()).readSeq, last - 1, 'everything after seq 1 is unread')
    agentSocket.socket.close()
    await agentSocket.closed
    const reloaded = await rt.asAgent(agent)
    await reloaded.settle()
    t.match(await listed(), { readSeq: 1, lastSeq: last }, 'after a reload the list says the same')
  })

  t.test('a ping frame is answered with a pong', async (t) => {
    const rt = await startRealtime(t, store())
    const socket = await rt.asVisitor(await rt.addVisitor())
    socket.send({ type: 'ping' })
    t.same(await socket.next('pong'), { type: 'pong' })
  })
}
