// Who may do what over a socket: a customer only in their own conversations, never a note; an agent
// only in their workspace; and a signed-out or deactivated agent's sockets close at once.
import type { Test } from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import type { Store } from '../../server/store/store.ts'
import { login, TEST_PASSWORD } from '../helpers/factories.ts'
import { startRealtime } from '../helpers/realtime.ts'
import { openConversation } from './suite-messaging.ts'

const NOT_FOUND = 'ERR_CONVERSATION_NOT_FOUND'
const revoked = { code: CLOSE_CODES.SESSION_REVOKED, reason: 'session revoked' }

export function accessSuite(t: Test, store: () => Store): void {
  t.test("a customer can neither write, resume, type nor read in another customer's conversation, nor hear of it", async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket: alice, agentSocket, conversationId } = await openConversation(rt)
    const bob = await rt.asVisitor(await rt.addVisitor())

    bob.send({ type: 'send', clientId: 'intrude', conversationId, text: 'let me in' })
    t.match(await bob.next('error'), { code: NOT_FOUND, clientId: 'intrude' }, 'send')
    bob.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    t.match(await bob.next('error'), { code: NOT_FOUND }, 'resume')
    bob.send({ type: 'typing', conversationId, typing: true })
    t.match(await bob.next('error'), { code: NOT_FOUND }, 'typing')
    bob.send({ type: 'read', conversationId, seq: 1 })
    t.match(await bob.next('error'), { code: NOT_FOUND }, 'read')
    const bobAgain = await rt.asVisitor({ token: (await rt.addVisitor()).token }, { resume: [{ conversationId, afterSeq: 0 }] })
    t.match(await bobAgain.next('error'), { code: NOT_FOUND }, 'resume in hello')

    agentSocket.send({ type: 'send', clientId: 'reply', conversationId, text: 'Only for Alice' })
    await alice.next('message', (f) => f.message.seq === 2)
    await bob.settle()
    t.same(bob.all('message'), [], 'no message of it reached the intruder')
    t.same(bobAgain.all('message'), [])
    t.same(alice.all('typing'), [], "the intruder's typing reached nobody")
    t.same(agentSocket.all('typing'), [])
    const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 10 })
    t.same(stored.map((m) => m.text), ['Where is my order?', 'Only for Alice'], 'nothing was stored for the intruder')
  })

  t.test('a customer cannot write a note, and never receives one, not even on resume', async (t) => {
    const rt = await startRealtime(t, store())
    const { customer, customerSocket, agentSocket, conversationId } = await openConversation(rt)
    customerSocket.send({ type: 'send', clientId: 'sneaky', conversationId, text: 'a note?', note: true })
    t.match(await customerSocket.next('error'), { code: 'ERR_FRAME_NOT_ALLOWED', clientId: 'sneaky' })

    agentSocket.send({ type: 'send', clientId: 'n', conversationId, text: 'internal: refund approved', note: true })
    agentSocket.send({ type: 'send', clientId: 'r', conversationId, text: 'Refund on its way' })
    await customerSocket.next('message', (f) => f.message.seq === 3)
    t.same(customerSocket.all('message').map((f) => f.message.seq), [1, 3], 'live: the note (seq 2) is skipped')

    const resumed = await rt.asVisitor(customer, { resume: [{ conversationId, afterSeq: 0 }] })
    t.same((await resumed.next('resumed')).lastSeq, 3)
    t.same(resumed.all('message').map((f) => [f.message.seq, f.message.kind]), [[1, 'customer'], [3, 'agent']], 'resume in hello skips it')
    resumed.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 1 }] })
    await resumed.next('resumed')
    t.same(resumed.all('message').map((f) => f.message.seq), [1, 3, 3], 'so does a resume frame')
    const agentSeen = await rt.asAgent(await rt.addAgent(), [{ conversationId, afterSeq: 0 }])
    await agentSeen.next('resumed')
    t.same(agentSeen.all('message').map((f) => f.message.kind), ['customer', 'note', 'agent'], 'agents do get notes on resume')
  })

  t.test("an agent of another workspace cannot reach this workspace's conversation", async (t) => {
    const rt = await startRealtime(t, store())
    const { customerSocket, conversationId } = await openConversation(rt)
    const other = await startRealtime(t, store())
    const outsider = await other.asAgent({ token: other.adminToken })

    outsider.send({ type: 'send', clientId: 'o1', conversationId, text: 'hello from elsewhere' })
    t.match(await outsider.next('error'), { code: NOT_FOUND, clientId: 'o1' })
    outsider.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
    t.match(await outsider.next('error'), { code: NOT_FOUND })
    outsider.send({ type: 'typing', conversationId, typing: true })
    t.match(await outsider.next('error'), { code: NOT_FOUND })
    customerSocket.send({ type: 'send', clientId: 'more', conversationId, text: 'more details' })
    await customerSocket.next('ack')
    await outsider.settle()
    t.same(outsider.all('message'), [], "it hears nothing of the other workspace's customers")
    t.same(outsider.all('conversation'), [])
  })

  t.test("signing out closes that session's sockets with 4006, and no other session's", async (t) => {
    const rt = await startRealtime(t, store())
    const agent = await rt.addAgent('Ann')
    const elsewhere = await login(rt.app, agent.agent.email)
    const [tabOne, tabTwo, otherDevice] = [await rt.asAgent(agent), await rt.asAgent(agent), await rt.asAgent(elsewhere)]

    const res = await rt.app.inject({ method: 'POST', url: '/v1/auth/logout', cookies: { tandem_refresh: agent.refreshCookie } })
    t.equal(res.statusCode, 204)
    t.same(await tabOne.closed, revoked)
    t.same(await tabTwo.closed, revoked)
    await otherDevice.settle()
    t.equal(otherDevice.socket.readyState, otherDevice.socket.OPEN, 'the other session stays connected')

    const retry = await rt.connect()
    retry.send(rt.agentHello(agent.token))
    t.same(await retry.closed, { code: CLOSE_CODES.AUTH_FAILED, reason: 'session revoked' }, 'the still-unexpired access token opens no new socket')
  })

  t.test("replaying a spent refresh token ends that session and closes its sockets", async (t) => {
    const rt = await startRealtime(t, store())
    const agent = await rt.addAgent('Dee')
    const socket = await rt.asAgent(agent)
    const refresh = () => rt.app.inject({ method: 'POST', url: '/v1/auth/refresh', cookies: { tandem_refresh: agent.refreshCookie } })
    t.equal((await refresh()).statusCode, 200)
    t.equal((await refresh()).json().error.code, 'ERR_AUTH_REFRESH_REUSED', 'the same cookie again: stolen or replayed')
    t.same(await socket.closed, revoked)
  })

  t.test("deactivating an agent closes all of their sockets", async (t) => {
    const rt = await startRealtime(t, store())
    const agent = await rt.addAgent('Ben')
    const second = await login(rt.app, agent.agent.email)
    const sockets = [await rt.asAgent(agent), await rt.asAgent(second)]
    const admin = await rt.asAgent({ token: rt.adminToken })

    const res = await rt.app.inject({ method: 'PATCH', url: `/v1/agents/${agent.agent.id}`, headers: rt.adminHeaders, payload: { active: false } })
    t.equal(res.statusCode, 200)
    for (const socket of sockets) t.same(await socket.closed, revoked)
    await admin.settle()
    t.equal(admin.socket.readyState, admin.socket.OPEN, "the admin's own socket stays")
  })

  t.test("a password change closes the agent's other sessions' sockets but not the current one's", async (t) => {
    const rt = await startRealtime(t, store())
    const agent = await rt.addAgent('Cy')
    const other = await login(rt.app, agent.agent.email)
    const [current, currentTab, otherSession] = [await rt.asAgent(agent), await rt.asAgent(agent), await rt.asAgent(other)]

    const res = await rt.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: rt.auth(agent.token),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase 42' },
    })
    t.equal(res.statusCode, 204)
    t.same(await otherSession.closed, revoked)
    for (const socket of [current, currentTab]) {
      await socket.settle()
      t.equal(socket.socket.readyState, socket.socket.OPEN, 'the session that changed it stays connected')
    }
  })
}
