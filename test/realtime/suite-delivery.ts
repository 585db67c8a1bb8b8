// Exactly-once delivery over unreliable sockets: lost acks, racing resends, rate-limited frames.
import type { Test } from 'tap'
import type { AckFrame } from '../../protocol/frames.ts'
import { FRAME_BURST, FRAMES_PER_SECOND } from '../../protocol/limits.ts'
import type { Message } from '../../server/store/records.ts'
import type { Store } from '../../server/store/store.ts'
import { eventually, sleep, startRealtime } from '../helpers/realtime.ts'
import type { Static } from 'typebox'

type Ack = Static<typeof AckFrame>

export function deliverySuite(t: Test, store: () => Store): void {
  t.test('a resend after a lost ack gets the same ack, and stores nothing and opens nothing twice', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const agentSocket = await rt.asAgent(await rt.addAgent())
    const workspaceId = rt.workspace.id
    /** Sends, then leaves before the ack can arrive; resolves with what the server stored. */
    const sendAndVanish = async (frame: { clientId: string; conversationId?: string; text: string }) => {
      const socket = await rt.asVisitor(customer)
      socket.send({ type: 'send', ...frame })
      socket.socket.close()
      return eventually(() => store().findMessageByClientId(workspaceId, customer.visitor.id, frame.clientId))
    }
    const ackOf = (m: Message): Ack => ({ type: 'ack', clientId: m.clientId ?? '', conversationId: m.conversationId, seq: m.seq, createdAt: m.createdAt.toISOString() })

    // Another tab of the customer's, open throughout: once it has x, x's live fan-out is over.
    const otherTab = await rt.asVisitor(customer)
    const opening = await sendAndVanish({ clientId: 'x', text: 'Is anyone there?' })
    const { conversationId } = opening
    await otherTab.next('message', (f) => f.message.clientId === 'x')
    // The agent opens it, as the agent app does: what came before, then live (x, live, went before
    // the watch, or the agent would see it twice: a watch and live frames may overlap by design).
    agentSocket.send({ type: 'watch', conversationId, afterSeq: 0 })
    await agentSocket.next('resumed')
    const again = await rt.asVisitor(customer)
    again.send({ type: 'send', clientId: 'x', text: 'Is anyone there?' })
    t.same(await again.next('ack'), ackOf(opening), 'a first message: the same ack, seq 1')
    t.equal(opening.seq, 1)
    const conversations = await store().listConversations(workspaceId, { visitorIds: [customer.visitor.id] }, { limit: 10 })
    t.same(conversations.items.map((c) => c.id), [conversationId], 'no second conversation was opened')

    const later = await sendAndVanish({ clientId: 'y', conversationId, text: 'Hello?' })
    const third = await rt.asVisitor(customer)
    third.send({ type: 'send', clientId: 'y', conversationId, text: 'Hello?' })
    t.same(await third.next('ack'), ackOf(later), 'a later message: the same ack, seq 2')
    t.equal(later.seq, 2)
    // Frames of one socket are handled in order: a second fan-out of y would come before z.
    third.send({ type: 'send', clientId: 'z', conversationId, text: 'Still there?' })
    for (const socket of [agentSocket, third]) await socket.next('message', (f) => f.message.clientId === 'z')
    t.same(agentSocket.all('message').map((f) => f.message.clientId), ['x', 'y', 'z'], 'the agent saw each message once')
    t.same(third.all('message').map((f) => f.message.clientId), ['z'], 'the resend is not broadcast again')
    const stored = await store().listMessages(workspaceId, conversationId, { limit: 10 })
    t.same(stored.map((m) => [m.seq, m.clientId]), [[1, 'x'], [2, 'y'], [3, 'z']], 'the store holds each message once')
  })

  t.test('one message sent from two tabs at once opens one conversation and is stored once', async (t) => {
    const rt = await startRealtime(t, store())
    const agentSocket = await rt.asAgent(await rt.addAgent())
    const ROUNDS = 3
    const opened = new Set<string>()
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await rt.addVisitor()
      const tabs = [await rt.asVisitor(customer), await rt.asVisitor(customer)]
      // Two tabs flushing one shared outbox, or a resend racing its original still in hand.
      for (const tab of tabs) tab.send({ type: 'send', clientId: 'shared', text: 'Hello?' })
      const [first, second] = await Promise.all(tabs.map((tab) => tab.next('ack')))
      t.same(second, first, 'both tabs get the same ack')
      const conversations = await store().listConversations(rt.workspace.id, { visitorIds: [customer.visitor.id] }, { limit: 10 })
      t.same(conversations.items.map((c) => c.id), [first?.conversationId], 'one conversation, no empty twin')
      t.equal((await store().listMessages(rt.workspace.id, first?.conversationId ?? '', { limit: 10 })).length, 1)
      opened.add(first?.conversationId ?? '')
    }
    // A conversation frame goes out before its summary: once every summary is in, so are they.
    const summarised = new Set<string>()
    while (summarised.size < ROUNDS) {
      const frame = await agentSocket.next('summaries', (f) => f.conversations.some((c) => opened.has(c.id) && !summarised.has(c.id)))
      for (const c of frame.conversations) if (opened.has(c.id)) summarised.add(c.id)
    }
    t.equal(agentSocket.all('conversation').length, ROUNDS, 'agents are told of each conversation once')
  })

  t.test('frames over the rate limit are refused one by one with their clientId, and their resend is stored once', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const socket = await rt.asVisitor(customer)
    const textOf = (clientId: string) => `text of ${clientId}`
    socket.send({ type: 'send', clientId: 'start', text: textOf('start') })
    const { conversationId } = await socket.next('ack')
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`)
    const send = (clientId: string) => socket.send({ type: 'send', clientId, conversationId, text: textOf(clientId) })
    const answered = () => new Set([...socket.all('ack').map((a) => a.clientId), ...socket.all('error').map((e) => e.clientId)])

    // Cheap pings spend the allowance first, so how many sends are refused does not hang on how
    // fast the store is.
    for (let i = 0; i < FRAME_BURST; i++) socket.send({ type: 'ping' })
    for (const id of ids) send(id)
    // Generous: on FerretDB under a loaded CI machine each stored send takes several round trips.
    await eventually(async () => ids.every((id) => answered().has(id)), 15_000)
    const errors = socket.all('error')
    t.same(new Set(errors.map((e) => e.code)), new Set(['ERR_FRAME_RATE_LIMITED']), 'only rate-limit errors')
    const dropped = errors.flatMap((e) => (e.clientId === undefined ? [] : [e.clientId]))
    t.ok(dropped.length > 0, `sends over the allowance are refused (${dropped.length} of ${ids.length})`)
    const acked = socket.all('ack').map((a) => a.clientId).filter((id) => id !== 'start')
    t.same([...acked, ...dropped].sort(), [...ids].sort(), 'each send was either acked or refused by its clientId')

    // Once the bucket has refilled, the client resends what was refused, and an acked one too.
    const resend = [...dropped, 'start']
    await sleep((resend.length / FRAMES_PER_SECOND) * 1000 + 300)
    const acksBefore = socket.all('ack').length
    for (const id of resend) send(id)
    await eventually(async () => socket.all('ack').length === acksBefore + resend.length, 15_000)
    t.equal(socket.all('error').length, errors.length, 'the paced resend is not refused')
    const seqOf = new Map<string, number>()
    for (const ack of socket.all('ack')) {
      if (seqOf.has(ack.clientId) && seqOf.get(ack.clientId) !== ack.seq) t.fail(`${ack.clientId} acked with two seqs`)
      seqOf.set(ack.clientId, ack.seq)
    }
    const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 200 })
    t.same(stored.map((m) => m.seq), Array.from({ length: ids.length + 1 }, (_, i) => i + 1), 'stored once each, no gaps')
    t.equal(new Set(stored.map((m) => m.clientId)).size, ids.length + 1)
  })

  t.test('a clientId used again for another message is refused with ERR_FRAME_CLIENT_ID_REUSED, never acked as the old one', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const socket = await rt.asVisitor(customer)
    const send = (frame: { clientId: string; conversationId?: string; text: string; note?: boolean }, to = socket) => to.send({ type: 'send', ...frame })
    const refused = async (clientId: string, to = socket) => t.match(await to.next('error'), { code: 'ERR_FRAME_CLIENT_ID_REUSED', clientId })

    send({ clientId: 'a', text: 'Where is my order?' })
    const first = await socket.next('ack')
    send({ clientId: 'a', text: 'Where is my order?' })
    t.same(await socket.next('ack'), first, 'an outbox resending the message that opened the conversation: the original ack')
    send({ clientId: 'a', conversationId: first.conversationId, text: 'Where is my order?' })
    t.same(await socket.next('ack'), first, 'the same resend naming the conversation: the original ack')
    send({ clientId: 'a', conversationId: first.conversationId, text: 'And can I change the address?' })
    await refused('a')

    send({ clientId: 'b', text: 'Another question' })
    const other = await socket.next('ack')
    send({ clientId: 'a', conversationId: other.conversationId, text: 'Where is my order?' })
    await refused('a')
    send({ clientId: 'c', conversationId: first.conversationId, text: 'Any news?' })
    t.match(await socket.next('ack'), { clientId: 'c', seq: 2 })
    send({ clientId: 'c', text: 'Any news?' })
    await refused('c')

    const agent = await rt.addAgent()
    const agentSocket = await rt.asAgent(agent)
    await rt.hold(first.conversationId, agent.agent.id)
    send({ clientId: 'n', conversationId: first.conversationId, text: 'Checking the depot', note: true }, agentSocket)
    await agentSocket.next('ack')
    send({ clientId: 'n', conversationId: first.conversationId, text: 'Checking the depot' }, agentSocket)
    await refused('n', agentSocket)

    const conversations = await store().listConversations(rt.workspace.id, { visitorIds: [customer.visitor.id] }, { limit: 10 })
    t.same(conversations.items.map((c) => c.id).sort(), [first.conversationId, other.conversationId].sort(), 'no conversation was opened by a refused frame')
    const stored = await store().listMessages(rt.workspace.id, first.conversationId, { limit: 10 })
    t.same(stored.map((m) => [m.seq, m.clientId, m.kind]), [[1, 'a', 'customer'], [2, 'c', 'customer'], [3, 'n', 'note']], 'nothing else was stored')
  })

  t.test('a clientId stored by another server between the lookup and the append is compared too', async (t) => {
    // Every lookup misses, as when another server stores the original in between: the append's own
    // answer (created: false, with the original) is all this server has to go on.
    const shared = store()
    const blind = new Proxy(shared, {
      get: (target, key) => (key === 'findMessageByClientId' ? async () => null : Reflect.get(target, key)),
    })
    const rt = await startRealtime(t, blind)
    const socket = await rt.asVisitor(await rt.addVisitor())
    socket.send({ type: 'send', clientId: 'a', text: 'Hello' })
    const first = await socket.next('ack')
    socket.send({ type: 'send', clientId: 'a', conversationId: first.conversationId, text: 'Hello' })
    t.same(await socket.next('ack'), first, 'a resend: the original ack')
    socket.send({ type: 'send', clientId: 'a', conversationId: first.conversationId, text: 'Something else' })
    t.match(await socket.next('error'), { code: 'ERR_FRAME_CLIENT_ID_REUSED', clientId: 'a' })
    const stored = await shared.listMessages(rt.workspace.id, first.conversationId, { limit: 10 })
    t.same(stored.map((m) => m.text), ['Hello'])
  })
}
