// What one resume may cost the server: each conversation once, no more than a budget of messages and
// bytes (the rest follows on the next resume), and a client that does not read what it asked for is
// closed with LAGGING rather than buffered for without end. Bounds are checked in bytes, counts and
// close codes, never in time.
import type { Test } from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import { FRAME_BURST } from '../../protocol/limits.ts'
import type { Store } from '../../server/store/store.ts'
import { closedWithin, eventually, startRealtime, type Realtime, type WsClient } from '../helpers/realtime.ts'
import { parkedStore } from '../helpers/parked-store.ts'

const lagging = { code: CLOSE_CODES.LAGGING, reason: 'resume again' }

/** A conversation of `count` customer messages written straight to the store (seqs 1..count). */
async function conversationOf(rt: Realtime, store: Store, count: number, text = (i: number) => `message ${i}`) {
  const customer = await rt.addVisitor()
  const conversation = await store.createConversation(rt.workspace.id, { siteId: rt.site.id, visitorId: customer.visitor.id })
  for (let i = 1; i <= count; i++) {
    await store.appendMessage(rt.workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: customer.visitor.id, clientId: `m${i}`, text: text(i) })
  }
  return conversation.id
}

/** The frames a resume sent: from the first frame after `from` up to its `resumed` for `lastOf`. */
async function resumeOutput(socket: WsClient, from: number, lastOf: string): Promise<ServerFrame[]> {
  const resumed = await socket.next('resumed', (f) => f.conversationId === lastOf && socket.frames.indexOf(f) >= from)
  return socket.frames.slice(from, socket.frames.indexOf(resumed) + 1)
}

const seqsOf = (frames: ServerFrame[], conversationId: string) =>
  frames.flatMap((f) => (f.type === 'message' && f.message.conversationId === conversationId ? [f.message.seq] : []))
const resumedOf = (frames: ServerFrame[]) => frames.flatMap((f) => (f.type === 'resumed' ? [f] : []))
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

export function resumeSuite(t: Test, store: () => Store): void {
  t.test('a resume naming one conversation 100 times sends its messages once, from the lowest afterSeq', async (t) => {
    const rt = await startRealtime(t, store())
    const conversationId = await conversationOf(rt, store(), 20)
    const points = Array.from({ length: 100 }, (_, i) => ({ conversationId, afterSeq: 5 + (i % 10) }))
    points[57] = { conversationId, afterSeq: 3 }

    const socket = await rt.asAgent({ token: rt.adminToken })
    socket.send({ type: 'resume', conversations: points })
    await socket.next('resumed')
    await socket.settle()
    t.same(seqsOf(socket.frames, conversationId), range(4, 20), 'every message after the lowest afterSeq, once')
    t.same(resumedOf(socket.frames), [{ type: 'resumed', conversationId, lastSeq: 20 }], 'one resumed, with no more to come')

    const hello = await rt.asAgent({ token: rt.adminToken }, points)
    await hello.next('resumed')
    await hello.settle()
    t.same(seqsOf(hello.frames, conversationId), range(4, 20), 'the same in hello.resume')
    t.equal(resumedOf(hello.frames).length, 1)
  })

  t.test('a resume over the message budget stops there, says more, and the next resume goes on from lastSeq', async (t) => {
    const rt = await startRealtime(t, store(), { realtime: { resumeMaxMessages: 5 } })
    const [a, b, c] = [await conversationOf(rt, store(), 8), await conversationOf(rt, store(), 3), await conversationOf(rt, store(), 2)]
    const socket = await rt.asAgent({ token: rt.adminToken })

    let from = socket.frames.length
    socket.send({ type: 'resume', conversations: [{ conversationId: a, afterSeq: 0 }, { conversationId: b, afterSeq: 0 }, { conversationId: c, afterSeq: 1 }] })
    let output = await resumeOutput(socket, from, c)
    t.same(seqsOf(output, a), range(1, 5), 'the first five messages of the first conversation')
    t.same(resumedOf(output), [
      { type: 'resumed', conversationId: a, lastSeq: 5, more: true },
      { type: 'resumed', conversationId: b, lastSeq: 0, more: true },
      { type: 'resumed', conversationId: c, lastSeq: 1, more: true },
    ], 'a cut short, b and c not reached: each to be resumed again from its lastSeq')

    from = socket.frames.length
    socket.send({ type: 'resume', conversations: [{ conversationId: a, afterSeq: 5 }, { conversationId: b, afterSeq: 0 }, { conversationId: c, afterSeq: 1 }] })
    output = await resumeOutput(socket, from, c)
    t.same([seqsOf(output, a), seqsOf(output, b)], [range(6, 8), range(1, 2)], 'the rest of a, then b up to the budget')
    t.same(resumedOf(output), [
      { type: 'resumed', conversationId: a, lastSeq: 8 },
      { type: 'resumed', conversationId: b, lastSeq: 2, more: true },
      { type: 'resumed', conversationId: c, lastSeq: 1, more: true },
    ])

    from = socket.frames.length
    socket.send({ type: 'resume', conversations: [{ conversationId: b, afterSeq: 2 }, { conversationId: c, afterSeq: 1 }] })
    output = await resumeOutput(socket, from, c)
    t.same([seqsOf(output, b), seqsOf(output, c)], [[3], [2]])
    t.same(resumedOf(output), [
      { type: 'resumed', conversationId: b, lastSeq: 3 },
      { type: 'resumed', conversationId: c, lastSeq: 2 },
    ], 'all caught up: no more')
  })

  t.test("the bytes of one resume's messages stay within the byte budget", async (t) => {
    const RESUME_MAX_BYTES = 20_000
    const rt = await startRealtime(t, store(), { realtime: { resumeMaxBytes: RESUME_MAX_BYTES } })
    // 3000 characters of 4 bytes each: about 12 KB a frame, so the budget holds one but not two.
    const long = (i: number) => `${i} ${'😀'.repeat(3000)}`
    const [big, small] = [await conversationOf(rt, store(), 6, long), await conversationOf(rt, store(), 6)]
    const socket = await rt.asAgent({ token: rt.adminToken })
    let caughtUp = 0
    for (let resumes = 1; caughtUp < 6 && resumes <= 10; resumes++) {
      const from = socket.frames.length
      socket.send({ type: 'resume', conversations: [{ conversationId: big, afterSeq: caughtUp }, { conversationId: small, afterSeq: 0 }] })
      const output = await resumeOutput(socket, from, small)
      const bytes = output.filter((f) => f.type === 'message').reduce((sum, f) => sum + Buffer.byteLength(JSON.stringify(f)), 0)
      t.ok(bytes <= RESUME_MAX_BYTES, `resume ${resumes}: ${bytes} bytes of messages, at most ${RESUME_MAX_BYTES}`)
      t.equal(seqsOf(output, big).length, 1, 'one long message a time')
      caughtUp = resumedOf(output)[0]!.lastSeq
    }
    t.equal(caughtUp, 6, 'every message arrived, a budget at a time')
  })

  t.test('a client that does not read while a resume floods it is closed with 4010, not buffered for without end', async (t) => {
    // A lower bound than SEND_BUFFER_MAX_BYTES: the same rule, megabytes less to write and read.
    const rt = await startRealtime(t, store(), { realtime: { sendBufferMaxBytes: 256 * 1024 } })
    // About 1 MiB, the byte budget, in each resume of it.
    const conversationId = await conversationOf(rt, store(), 70, (i) => `${i} ${'😀'.repeat(3990)}`)
    const socket = await rt.asAgent({ token: rt.adminToken })
    await socket.settle()
    const RESUMES = FRAME_BURST - 10
    socket.socket.pause()
    // Asks for some 50 MiB (within the frame rate allowance), and reads none of it.
    for (let i = 0; i < RESUMES; i++) socket.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    await eventually(async () => [...rt.app.websocketServer.clients].some((server) => server.readyState === server.CLOSING))
    socket.socket.resume()
    t.same(await closedWithin(socket), lagging, 'closed as lagging: it may reconnect and resume')
    const resumed = socket.all('resumed').length
    t.ok(resumed < RESUMES, `the server stopped replaying: ${resumed} of ${RESUMES} resumes were sent`)
  })

  t.test('more live frames than are held back during a resume close the socket with 4010', async (t) => {
    // The resuming agent's history read waits until the colleague's live messages are out.
    let park = false
    const gate = parkedStore(store(), 'listMessages', () => park)
    const rt = await startRealtime(t, gate.store, { realtime: { liveHeldMaxFrames: 3 } })
    const conversationId = await conversationOf(rt, store(), 2)
    const writerAgent = await rt.addAgent('Writer')
    await rt.hold(conversationId, writerAgent.agent.id)
    // A socket's set-up goes on after its welcome (presence, a slow read under load) with live frames
    // held, as this test holds the reader's; with only 3 allowed, the other socket's arrival (its
    // presence, its status) could fill the writer's. One at a time, each done (its pong) before the next.
    const settled = async (socket: WsClient) => {
      socket.send({ type: 'ping' })
      await socket.next('pong')
      return socket
    }
    const writer = await settled(await rt.asAgent(writerAgent))
    const reader = await settled(await rt.asAgent(await rt.addAgent('Reader')))

    park = true
    reader.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    await gate.reached
    for (let i = 0; i < 4; i++) {
      writer.send({ type: 'send', clientId: `live${i}`, conversationId, text: `live ${i}` })
      await writer.next('ack', (f) => f.clientId === `live${i}`)
    }
    t.same(await closedWithin(reader), lagging, 'the fourth held frame closes it')
    gate.release()
    t.same(reader.all('message'), [], 'nothing of the history or the held frames was sent after')
  })
}
