// A reconnect in the middle of a burst: the case every resume bug shows up in. It spends most of its
// time waiting on the frame rate limit, so the suite runs it beside the other tests.
import type { Test } from 'tap'
import type { ServerFrame } from '../../protocol/frames.ts'
import { FRAME_BURST, FRAMES_PER_SECOND } from '../../protocol/limits.ts'
import type { Store } from '../../server/store/store.ts'
import { sleep, startRealtime } from '../helpers/realtime.ts'
import { parkedStore } from '../helpers/parked-store.ts'

const BURST = 300
/** Kept back from the first batch, so a late-arriving paced batch still finds tokens in the bucket. */
const TOKEN_CUSHION = 10
const PACE_MS = 500
/** What the bucket refills in PACE_MS: sent every PACE_MS, the sender never runs it dry. */
const PACED_BATCH = (FRAMES_PER_SECOND * PACE_MS) / 1000
/**
 * Generous: the burst takes (BURST - FRAME_BURST) / FRAMES_PER_SECOND = 12 s, but a busy machine's
 * store may take longer to write 300 messages.
 */
const BURST_WAIT_MS = 60_000

const burstText = (i: number) => `burst message ${i}`

/**
 * What protocol/README.md tells clients to do with `message` frames: keep one only if its seq is
 * higher than any seen in that conversation. Returns the seqs such a client would show.
 */
function shownByClient(frames: ServerFrame[], conversationId: string, afterSeq = 0): number[] {
  let highest = afterSeq
  const shown: number[] = []
  for (const frame of frames) {
    if (frame.type !== 'message' || frame.message.conversationId !== conversationId || frame.message.seq <= highest) continue
    highest = frame.message.seq
    shown.push(highest)
  }
  return shown
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

export function burstSuite(t: Test, store: () => Store): void {
  t.test('a reconnect in the middle of a 300-message burst loses and duplicates nothing', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const agent = await rt.addAgent()
    const sender = await rt.asVisitor(customer)
    const first = await rt.asAgent(agent)
    sender.send({ type: 'send', clientId: 'm0', text: burstText(0) })
    const { conversationId } = await sender.next('ack')
    // With a person holding it, as a burst at an agent would be: the AI takes no turn per message,
    // so the burst measures the message path and resume, not the assistant.
    await rt.hold(conversationId, agent.agent.id)
    // Theirs now: its later frames come to the agent, and what came before is resumed, as the agent app does.
    await first.next('conversation', (f) => f.conversation.assigneeId === agent.agent.id)
    first.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    await first.next('resumed')

    // As fast as the rate limit lets one socket go: a burst, then a steady trickle.
    const sending = (async () => {
      for (let i = 1; i < BURST; ) {
        const end = Math.min(BURST, i === 1 ? FRAME_BURST - TOKEN_CUSHION : i + PACED_BATCH)
        for (; i < end; i++) sender.send({ type: 'send', clientId: `m${i}`, conversationId, text: burstText(i) })
        if (i < BURST) await sleep(PACE_MS)
      }
    })()

    await first.next('message', (f) => f.message.seq === 100, BURST_WAIT_MS)
    first.socket.terminate() // the network drops: no close handshake
    await first.closed
    const before = first.all('message').map((f) => f.message)
    const afterSeq = Math.max(...before.map((m) => m.seq))
    t.same(before.map((m) => m.seq), Array.from({ length: afterSeq }, (_, i) => i + 1), 'one socket receives a conversation in seq order')

    // Reconnect only once the agent has missed some, as after a real network drop.
    await sender.next('ack', (f) => f.seq === afterSeq + 20, BURST_WAIT_MS)
    const second = await rt.asAgent(agent, [{ conversationId, afterSeq }])
    await sending
    await second.next('message', (f) => f.message.seq === BURST, BURST_WAIT_MS)
    const resumed = await second.next('resumed')
    t.equal(resumed.conversationId, conversationId)
    t.ok(resumed.lastSeq >= afterSeq + 20, 'the agent had missed messages')
    const resumedAt = second.frames.indexOf(resumed)
    const caughtUp = new Set(second.frames.slice(0, resumedAt).flatMap((f) => (f.type === 'message' ? [f.message.seq] : [])))
    for (let seq = afterSeq + 1; seq <= resumed.lastSeq; seq++) if (!caughtUp.has(seq)) t.fail(`seq ${seq} missing before resumed`)

    const after = second.all('message').map((f) => f.message)
    t.same(after.filter((m) => m.seq <= afterSeq), [], `nothing at or before afterSeq ${afterSeq} is sent again`)
    const union = new Map([...before, ...after].map((m) => [m.seq, m]))
    const seqs = [...union.keys()].sort((a, b) => a - b)
    t.same(seqs, Array.from({ length: BURST }, (_, i) => i + 1), 'every seq from 1 to 300, once')
    t.same(seqs.map((seq) => union.get(seq)?.text), Array.from({ length: BURST }, (_, i) => burstText(i)), 'each with its own text')
    t.same([...shownByClient(first.frames, conversationId), ...shownByClient(second.frames, conversationId, afterSeq)], range(1, BURST), 'a client keeping only higher seqs shows every one')
    t.comment(`reconnected after seq ${afterSeq}; resumed to ${resumed.lastSeq}; ${after.length - new Set(after.map((m) => m.seq)).size} duplicate(s) on the new socket`)

    await sender.next('ack', (f) => f.clientId === `m${BURST - 1}`, BURST_WAIT_MS)
    t.same(
      sender.all('ack').map((a) => [a.clientId, a.seq]),
      Array.from({ length: BURST }, (_, i) => [`m${i}`, i + 1]),
      'the sender got one ack per message, in order',
    )
    t.same(sender.all('error'), [], 'no frame was rate-limited')
  })

  t.test('a resume while others write delivers each conversation in seq order, as clients expect', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const customerSocket = await rt.asVisitor(customer)
    customerSocket.send({ type: 'send', clientId: 'open', text: 'hello' })
    const { conversationId } = await customerSocket.next('ack')
    // A long history, so the resume reads several pages while live messages keep coming.
    const HISTORY = 150
    for (let i = 0; i < HISTORY; i++) {
      await store().appendMessage(rt.workspace.id, { conversationId, kind: 'customer', authorId: customer.visitor.id, clientId: `h${i}`, text: `history ${i}` })
    }
    const writerAgent = await rt.addAgent('Writer')
    await rt.hold(conversationId, writerAgent.agent.id)
    const writer = await rt.asAgent(writerAgent)
    const reader = await rt.addAgent('Reader')
    const LIVE = 40
    for (let i = 0; i < LIVE; i++) writer.send({ type: 'send', clientId: `live${i}`, conversationId, text: `live ${i}` })
    const resuming = await rt.asAgent(reader, [{ conversationId, afterSeq: 0 }])
    const last = 1 + HISTORY + LIVE
    await resuming.next('message', (f) => f.message.seq === last, BURST_WAIT_MS)
    const resumed = await resuming.next('resumed')
    const beforeResumed = resuming.frames.slice(0, resuming.frames.indexOf(resumed))
    t.same(shownByClient(beforeResumed, conversationId), range(1, resumed.lastSeq), `everything up to lastSeq ${resumed.lastSeq} came before resumed`)
    t.same(shownByClient(resuming.frames, conversationId), range(1, last), 'a client keeping only higher seqs shows every one')
  })

  t.test('a message written while a resuming hello is still being set up waits behind the history', async (t) => {
    // The server reads the agent twice for a hello: to authenticate it, then, after the welcome, to
    // see whether they come back online. Holding the second read open until a colleague's live
    // message is out puts that message exactly between joining the topics and reading the history,
    // the window a fast database opens by chance.
    let parkedAgentId: string | null = null
    let readsOfParked = 0
    const gate = parkedStore(store(), 'getAgent', (_workspaceId, agentId) => agentId === parkedAgentId && ++readsOfParked === 2)
    const rt = await startRealtime(t, gate.store)
    const customer = await rt.addVisitor()
    const customerSocket = await rt.asVisitor(customer)
    customerSocket.send({ type: 'send', clientId: 'open', text: 'hello' })
    const { conversationId } = await customerSocket.next('ack')
    const writerAgent = await rt.addAgent('Writer')
    await rt.hold(conversationId, writerAgent.agent.id)
    const writer = await rt.asAgent(writerAgent)
    const reader = await rt.addAgent('Reader')
    parkedAgentId = reader.agent.id

    const resuming = await rt.connect()
    resuming.send(rt.agentHello(reader.token, [{ conversationId, afterSeq: 0 }]))
    await resuming.next('welcome')
    writer.send({ type: 'send', clientId: 'live', conversationId, text: 'while you connect' })
    await writer.next('ack', (f) => f.clientId === 'live')
    await writer.settle()
    t.ok(gate.hasParked, 'the hello was parked while the live message went out')
    gate.release()
    await resuming.next('message', (f) => f.message.seq === 2)
    await resuming.next('resumed')
    t.same(shownByClient(resuming.frames, conversationId), [1, 2], 'a client keeping only higher seqs shows the history and the live message')
  })
}
