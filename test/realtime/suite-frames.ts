// Frames a broken or hostile client sends: each gets an error frame or closes only its own socket,
// and the server goes on serving everyone else. Plus heartbeats, which find the clients that vanished.
import type { Test } from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { FLOOD_DROPS_MAX, FRAME_BURST, MESSAGE_MAX_CHARS } from '../../protocol/limits.ts'
import { MAX_FRAME_BYTES } from '../../server/realtime/gateway.ts'
import type { Store } from '../../server/store/store.ts'
import { MANUAL_HEARTBEAT, startRealtime, type Realtime, type WsClient } from '../helpers/realtime.ts'
import { openConversation } from './suite-messaging.ts'

/** The server still serves: another socket gets its pong and HTTP answers. */
async function stillServing(t: Test, rt: Realtime, other: WsClient) {
  other.send({ type: 'ping' })
  t.same(await other.next('pong'), { type: 'pong' }, 'another connection still works')
  const health = await fetch(rt.url.replace(/^ws/, 'http').replace('/v1/ws', '/healthz'))
  t.equal(health.status, 200, '/healthz answers')
}

export function framesSuite(t: Test, store: () => Store): void {
  // One server for these tests: each uses its own visitors, agents and sockets, and none needs
  // a workspace to itself.
  t.test('bad frames and dead clients cost only their own connection', async (t) => {
    const rt = await startRealtime(t, store(), { realtime: MANUAL_HEARTBEAT })

    t.test('frames that are not JSON objects get ERR_FRAME_NOT_JSON, and the socket stays open', async (t) => {
      const socket = await rt.asVisitor(await rt.addVisitor())
      for (const raw of ['{"type":"ping"', 'hello', '[1,2]', '42', 'null']) {
        socket.sendRaw(raw)
        t.match(await socket.next('error'), { code: 'ERR_FRAME_NOT_JSON' }, raw)
      }
      socket.sendRaw(Buffer.from('{"type":"ping"}'), true)
      t.match(await socket.next('error'), { code: 'ERR_FRAME_NOT_JSON', message: /binary/i }, 'a binary frame, even of valid JSON')
      socket.send({ type: 'ping' })
      await socket.next('pong')
    })

    t.test('frames that break their schema get ERR_FRAME_INVALID, with the clientId echoed', async (t) => {
      const { customer, customerSocket: socket, conversationId } = await openConversation(rt)
      const cases: [string, object, string | undefined][] = [
        ['an unknown type', { type: 'shout', clientId: 'c1' }, 'c1'],
        ['no type', { clientId: 'c2', text: 'hi' }, 'c2'],
        ['a missing field', { type: 'send', clientId: 'c3' }, 'c3'],
        ['an extra field', { type: 'send', clientId: 'c4', text: 'hi', admin: true }, 'c4'],
        ['a wrong type', { type: 'send', clientId: 'c5', text: 42 }, 'c5'],
        ['a malformed conversationId', { type: 'send', clientId: 'c6', conversationId: '../etc', text: 'hi' }, 'c6'],
        ['blank text', { type: 'send', clientId: 'c7', text: '   ' }, 'c7'],
        [`text over ${MESSAGE_MAX_CHARS} characters`, { type: 'send', clientId: 'c8', conversationId, text: 'x'.repeat(MESSAGE_MAX_CHARS + 1) }, 'c8'],
        ['a wrong type, no clientId', { type: 'typing', conversationId, typing: 'yes' }, undefined],
        ['a read of seq 0', { type: 'read', conversationId, seq: 0 }, undefined],
        ['an empty resume', { type: 'resume', conversations: [] }, undefined],
      ]
      for (const [what, frame, clientId] of cases) {
        socket.send(frame)
        const error = await socket.next('error')
        t.equal(error.code, 'ERR_FRAME_INVALID', what)
        t.equal(error.clientId, clientId, `${what}: clientId`)
      }
      socket.send({ type: 'send', clientId: 'longest', conversationId, text: 'x'.repeat(MESSAGE_MAX_CHARS) })
      t.match(await socket.next('ack'), { clientId: 'longest', seq: 2 }, `exactly ${MESSAGE_MAX_CHARS} characters is fine`)
      const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 10 })
      t.same(stored.map((m) => m.clientId), ['first', 'longest'], 'no invalid frame stored anything')
      t.equal(await store().findMessageByClientId(rt.workspace.id, customer.visitor.id, 'c7'), null)
    })

    t.test("frame types named like Object.prototype's properties are unknown types, before hello and after", async (t) => {
      const names = Object.getOwnPropertyNames(Object.prototype)
      const { token } = await rt.addVisitor()
      for (const type of names) {
        const client = await rt.connect()
        client.send({ ...rt.visitorHello(token), type })
        t.same(await client.closed, { code: CLOSE_CODES.HELLO_INVALID, reason: 'first frame must be hello' }, `${type} as the first frame`)
      }
      const socket = await rt.asVisitor(await rt.addVisitor())
      for (const type of names) {
        socket.send({ type, clientId: 'proto' })
        t.match(await socket.next('error'), { code: 'ERR_FRAME_INVALID', clientId: 'proto', message: /Unknown frame type/ }, `${type} after hello`)
      }
      await socket.settle()
      t.equal(socket.socket.readyState, socket.socket.OPEN, 'the socket stays open')
    })

    t.test('an agent message without a conversation is refused, with its clientId', async (t) => {
      const socket = await rt.asAgent({ token: rt.adminToken })
      socket.send({ type: 'send', clientId: 'where', text: 'to whom?' })
      t.match(await socket.next('error'), { code: 'ERR_FRAME_INVALID', clientId: 'where' })
    })

    t.test(`a frame over ${MAX_FRAME_BYTES} bytes closes that socket with 1009, and only that one`, async (t) => {
      const [big, other] = [await rt.asVisitor(await rt.addVisitor()), await rt.asVisitor(await rt.addVisitor())]
      big.send({ type: 'send', clientId: 'huge', text: 'x'.repeat(MAX_FRAME_BYTES) })
      t.match(await big.closed, { code: CLOSE_CODES.TOO_LARGE })
      await stillServing(t, rt, other)
    })

    t.test('a flood is refused frame by frame, then closed with 4008, while others are served', async (t) => {
      const [flooder, other] = [await rt.asVisitor(await rt.addVisitor()), await rt.asVisitor(await rt.addVisitor())]
      for (let i = 0; i < 1000; i++) flooder.send({ type: 'ping' })
      t.same(await flooder.closed, { code: CLOSE_CODES.FLOODING, reason: 'flooding' })
      const limited = flooder.all('error', (e) => e.code === 'ERR_FRAME_RATE_LIMITED')
      t.equal(limited.length, FLOOD_DROPS_MAX - 1, 'a warning for each dropped frame until the last')
      t.equal(flooder.all('error').length, limited.length, 'and no other error')
      const pongs = flooder.all('pong').length
      t.ok(pongs >= FRAME_BURST, `the allowance was served first (${pongs} pongs)`)
      await stillServing(t, rt, other)
    })

    t.test('a client that stops answering pings is cut off at the next heartbeat', async (t) => {
      const customer = await rt.addVisitor()
      const dead = await rt.connect({ autoPong: false })
      dead.send(rt.visitorHello(customer.token))
      await dead.next('welcome')
      const pinged = new Promise((resolve) => dead.socket.once('ping', resolve))
      rt.app.heartbeat()
      await pinged
      // Frames after the ping arrive after it: the server has read everything this client sent since.
      await dead.settle()
      t.equal(dead.socket.readyState, dead.socket.OPEN, 'a ping unanswered for less than a heartbeat costs nothing')
      rt.app.heartbeat()
      const closed = await dead.closed
      t.equal(closed.code, 1006, 'terminated at the next heartbeat, without a close handshake')
    })

    t.test('a client that answers pings stays connected across many heartbeats', async (t) => {
      const socket = await rt.asVisitor(await rt.addVisitor())
      let pings = 0
      socket.socket.on('ping', () => pings++)
      for (let beat = 1; beat <= 5; beat++) {
        rt.app.heartbeat()
        // The pong leaves before this frame, so the server has it before the next heartbeat.
        await socket.settle()
      }
      t.equal(pings, 5, 'every ping was received (and answered)')
      t.equal(socket.socket.readyState, socket.socket.OPEN)
    })
  })
}
