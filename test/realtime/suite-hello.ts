// The first frame: a socket proves who it is with `hello`, or is closed with a code saying why.
import { createHmac } from 'node:crypto'
import type { Test } from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '../../protocol/frames.ts'
import type { Store } from '../../server/store/store.ts'
import { SHOP_ORIGIN } from '../helpers/factories.ts'
import { SOCKETS_PER_VISITOR_MAX } from '../../protocol/limits.ts'
import { eventually, MANUAL_HEARTBEAT, startRealtime, type Realtime, type WsClient } from '../helpers/realtime.ts'

/** Opens a socket, sends `frame` first (if any) and resolves with how the server closed it. */
async function closedAfter(rt: Realtime, frame: object | string | null, origin: string | null = SHOP_ORIGIN) {
  const client = await rt.connect({ origin })
  if (typeof frame === 'string') client.sendRaw(frame)
  else if (frame) client.send(frame)
  const closed = await client.closed
  return { ...closed, frames: client.frames.map((f) => f.type) }
}

const refused = (code: number, reason: string) => ({ code, reason, frames: [] })
const tooMany = { code: CLOSE_CODES.TOO_MANY_CONNECTIONS, reason: 'too many connections' }

/** Says hello on a new socket: 'welcome' with the open socket, or how the server closed it. */
async function tryHello(rt: Realtime, hello: object) {
  const client = await rt.connect()
  client.send(hello)
  const welcomed = await client.next('welcome').catch(() => null)
  return { client, outcome: welcomed ? ('welcome' as const) : await client.closed }
}

/** Every socket is still open: a ping round trip answered on each. */
async function allOpen(sockets: WsClient[]) {
  for (const socket of sockets) await socket.settle()
  return sockets.every((socket) => socket.socket.readyState === socket.socket.OPEN)
}

/** Closes one socket and waits until the server has given its place back: a new hello is welcomed. */
async function freedPlace(rt: Realtime, socket: WsClient, hello: object) {
  socket.socket.close()
  await socket.closed
  // The server counts the socket out on its own close event, which may follow the client's.
  return eventually(async () => {
    const { client, outcome } = await tryHello(rt, hello)
    return outcome === 'welcome' ? client : null
  })
}

export function helloSuite(t: Test, store: () => Store): void {
  // One server for these tests: each uses its own visitors, agents and sockets, and none needs
  // a workspace to itself.
  t.test('the hello frame: a socket says who it is first, or is closed saying why', async (t) => {
    const rt = await startRealtime(t, store(), { realtime: MANUAL_HEARTBEAT })
    const { heartbeatMs } = MANUAL_HEARTBEAT

    t.test('a hello is answered with a welcome naming the role, the actor and the heartbeat', async (t) => {
      const customer = await rt.addVisitor()
      const visitorSocket = await rt.asVisitor(customer)
      t.same(visitorSocket.frames, [
        { type: 'welcome', protocol: PROTOCOL_VERSION, supported: [...SUPPORTED_PROTOCOL_VERSIONS], role: 'visitor', actorId: customer.visitor.id, heartbeatMs },
      ])
      const agentSocket = await rt.asAgent({ token: rt.adminToken })
      t.match(agentSocket.frames[0], { type: 'welcome', role: 'agent', actorId: rt.admin.id, heartbeatMs })
    })

    t.test('no hello within the hello timeout closes the socket with 4003', async (t) => {
      // A server of its own with a short timeout to wait for; the others keep the default, so a busy
      // machine never times out a hello that was sent at once.
      const quick = await startRealtime(t, store(), { realtime: { helloTimeoutMs: 300 } })
      t.same(await closedAfter(quick, null), refused(CLOSE_CODES.HELLO_TIMEOUT, 'no hello'))
    })

    t.test('a first frame that is not a valid hello closes the socket with 4001', async (t) => {
      const invalid = refused(CLOSE_CODES.HELLO_INVALID, 'first frame must be hello')
      const { token } = await rt.addVisitor()
      t.same(await closedAfter(rt, { type: 'ping' }), invalid, 'another frame type')
      t.same(await closedAfter(rt, '{"type":"hello",'), invalid, 'broken JSON')
      t.same(await closedAfter(rt, { type: 'hello', protocol: 1 }), invalid, 'no credentials')
      t.same(await closedAfter(rt, { ...rt.visitorHello(token), extra: true }), invalid, 'an unknown field')
      t.same(await closedAfter(rt, { ...rt.visitorHello(token), protocol: '1' }), invalid, 'a version that is not a number')
      const binary = await rt.connect()
      binary.sendRaw(Buffer.from(JSON.stringify(rt.visitorHello(token))), true)
      t.same(await binary.closed, { code: CLOSE_CODES.HELLO_INVALID, reason: 'first frame must be hello' }, 'a binary hello')
    })

    t.test('an unsupported protocol version closes the socket with 4005, naming the supported ones', async (t) => {
      const { token } = await rt.addVisitor()
      t.same(await closedAfter(rt, { ...rt.visitorHello(token), protocol: 99 }), refused(CLOSE_CODES.PROTOCOL_UNSUPPORTED, `supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(',')}`))
    })

    t.test("a visitor from an origin the site does not allow, or from none, is closed with 4004", async (t) => {
      const { token } = await rt.addVisitor()
      const notAllowed = refused(CLOSE_CODES.ORIGIN_NOT_ALLOWED, 'origin not allowed')
      t.same(await closedAfter(rt, rt.visitorHello(token), 'https://evil.example'), notAllowed)
      t.same(await closedAfter(rt, rt.visitorHello(token), 'https://shop.example.evil.example'), notAllowed)
      t.same(await closedAfter(rt, rt.visitorHello(token), null), notAllowed, 'no Origin header')
    })

    t.test('a blocked visitor is closed with 4007', async (t) => {
      const { visitor, token } = await rt.addVisitor()
      await store().updateVisitor(rt.workspace.id, visitor.id, { blocked: true })
      t.same(await closedAfter(rt, rt.visitorHello(token)), refused(CLOSE_CODES.VISITOR_BLOCKED, 'blocked'))
    })

    t.test('visitor credentials that are not this site visitor’s are refused with 4002', async (t) => {
      const { token } = await rt.addVisitor()
      const otherSite = await rt.addSite()
      const agent = await rt.addAgent()
      const failed = (reason: string) => refused(CLOSE_CODES.AUTH_FAILED, reason)
      t.same(await closedAfter(rt, rt.visitorHello(token, otherSite.key)), failed('unknown visitor token'), "another site's key")
      t.same(await closedAfter(rt, rt.visitorHello(token, 'site_' + 'A'.repeat(22))), failed('unknown site'), 'an unknown site key')
      t.same(await closedAfter(rt, rt.visitorHello(agent.refreshCookie)), failed('unknown visitor token'), "an agent's refresh token")
      // An access token is longer than any visitor token can be: the hello itself is malformed.
      t.same(await closedAfter(rt, rt.visitorHello(agent.token)), refused(CLOSE_CODES.HELLO_INVALID, 'first frame must be hello'), "an agent's access token")
    })

    t.test('expired, tampered, foreign, alg:none and visitor tokens in an agent hello are refused with 4002', async (t) => {
      const { token: visitorToken } = await rt.addVisitor()
      const [header, payload, signature] = rt.adminToken.split('.') as [string, string, string]
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'f'.repeat(32) })).toString('base64url')
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
      const foreign = createHmac('sha256', 'another server secret of 32+ characters').update(`${header}.${payload}`).digest('base64url')
      const expired = rt.app.jwt.sign({ sub: claims.sub, ws: claims.ws, sid: claims.sid }, { clockTimestamp: Date.now() - 3_600_000 })
      const invalid = refused(CLOSE_CODES.AUTH_FAILED, 'access token invalid')

      t.same(await closedAfter(rt, rt.agentHello(expired)), refused(CLOSE_CODES.AUTH_FAILED, 'access token expired'), 'expired')
      t.same(await closedAfter(rt, rt.agentHello(`${header}.${forged}.${signature}`)), invalid, 'changed claims')
      t.same(await closedAfter(rt, rt.agentHello(`${none}.${payload}.`)), invalid, 'alg: none')
      t.same(await closedAfter(rt, rt.agentHello(`${header}.${payload}.${foreign}`)), invalid, 'signed by another key')
      t.same(await closedAfter(rt, rt.agentHello(visitorToken)), invalid, 'a visitor token')
      t.same(await closedAfter(rt, rt.agentHello(visitorToken), null), invalid, 'agents need no Origin, but still a valid token')
    })

    t.test('an agent who must still change the one-time password opens no socket', async (t) => {
      const agent = await rt.addAgent()
      await store().updateAgent(rt.workspace.id, agent.agent.id, { mustChangePassword: true })
      t.same(await closedAfter(rt, rt.agentHello(agent.token)), refused(CLOSE_CODES.AUTH_FAILED, 'password change required'))
    })

    t.test('a second hello is refused with an error frame, and the connection carries on', async (t) => {
      const customer = await rt.addVisitor()
      const socket = await rt.asVisitor(customer)
      socket.send(rt.agentHello(rt.adminToken))
      t.match(await socket.next('error'), { code: 'ERR_FRAME_NOT_ALLOWED' })
      socket.send({ type: 'send', clientId: 'still-me', text: 'hello again' })
      const ack = await socket.next('ack')
      const message = await store().findMessageByClientId(rt.workspace.id, customer.visitor.id, 'still-me')
      t.equal(message?.conversationId, ack.conversationId, 'it still acts as the visitor, not as the agent of the second hello')
      t.same(socket.all('welcome').length, 1)
    })

    t.test(`a visitor's socket over ${SOCKETS_PER_VISITOR_MAX} is refused with 4009 while the others stay open, and closing one frees a place`, async (t) => {
      const customer = await rt.addVisitor()
      const tabs: WsClient[] = []
      for (let i = 0; i < SOCKETS_PER_VISITOR_MAX; i++) tabs.push(await rt.asVisitor(customer))
      t.same((await tryHello(rt, rt.visitorHello(customer.token))).outcome, tooMany, `socket ${SOCKETS_PER_VISITOR_MAX + 1}`)
      t.ok(await allOpen(tabs), `the first ${SOCKETS_PER_VISITOR_MAX} stay open`)
      t.equal((await tryHello(rt, rt.visitorHello((await rt.addVisitor()).token))).outcome, 'welcome', 'another visitor is not counted with them')
      tabs.push(await freedPlace(rt, tabs.shift()!, rt.visitorHello(customer.token)))
      t.same((await tryHello(rt, rt.visitorHello(customer.token))).outcome, tooMany, 'the freed place was taken again')
    })
  })

  t.test("socket caps per agent and per client address, refused with 4009", async (t) => {
    const caps = { socketsPerAgentMax: 3, visitorSocketsPerAddressMax: 4 }
    const rt = await startRealtime(t, store(), { realtime: caps })

    t.test('an agent over their cap is refused while their other sockets stay open; closing one frees a place', async (t) => {
      const agent = await rt.addAgent()
      const tabs: WsClient[] = []
      for (let i = 0; i < caps.socketsPerAgentMax; i++) tabs.push(await rt.asAgent(agent))
      t.same((await tryHello(rt, rt.agentHello(agent.token))).outcome, tooMany)
      t.ok(await allOpen(tabs))
      t.equal((await tryHello(rt, rt.agentHello(rt.adminToken))).outcome, 'welcome', 'a colleague is not counted with them')
      tabs.push(await freedPlace(rt, tabs.shift()!, rt.agentHello(agent.token)))
      t.same((await tryHello(rt, rt.agentHello(agent.token))).outcome, tooMany)
    })

    t.test("visitor sockets from one address over the cap are refused, whichever visitor; agents' are not counted", async (t) => {
      const visitors: WsClient[] = []
      // Every socket of this test comes from 127.0.0.1, agents' included (the test above left some open).
      for (let i = 0; i < caps.visitorSocketsPerAddressMax; i++) visitors.push(await rt.asVisitor(await rt.addVisitor()))
      t.same((await tryHello(rt, rt.visitorHello((await rt.addVisitor()).token))).outcome, tooMany, 'a new visitor from the same address')
      t.ok(await allOpen(visitors))
      t.equal((await tryHello(rt, rt.agentHello(rt.adminToken))).outcome, 'welcome')
      visitors.push(await freedPlace(rt, visitors.shift()!, rt.visitorHello((await rt.addVisitor()).token)))
    })
  })
}
