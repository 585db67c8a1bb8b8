// An agent writing into a resolved conversation: it opens again with them holding it, as a customer's
// message reopens one; a colleague's conversation stays theirs. Runs on every Store.
import type { Test } from 'tap'
import type { Store } from '../../server/store/store.ts'
import { startRealtime } from '../helpers/realtime.ts'
import { openConversation } from './suite-messaging.ts'

export function reopenSuite(t: Test, store: () => Store): void {
  t.test('the agent who held a resolved conversation reopens it by answering, keeps it even over capacity, and everyone is told', async (t) => {
    const rt = await startRealtime(t, store())
    const { agent: ann, customerSocket, agentSocket, conversationId } = await openConversation(rt)
    const resolve = (id: string) => rt.app.inject({ method: 'POST', url: `/v1/conversations/${id}/resolve`, headers: rt.auth(ann.token), payload: {} })
    t.equal((await resolve(conversationId)).statusCode, 200)
    // Ann's one place is taken by another customer meanwhile.
    await store().updateAgent(rt.workspace.id, ann.agent.id, { capacity: 1 })
    const other = await rt.asVisitor(await rt.addVisitor())
    other.send({ type: 'send', clientId: 'o', text: 'Me too' })
    await rt.hold((await other.next('ack')).conversationId, ann.agent.id)

    agentSocket.send({ type: 'send', clientId: 'follow-up', conversationId, text: 'One more thing: your refund went out today.' })
    const ack = await agentSocket.next('ack')
    t.match(ack, { clientId: 'follow-up', conversationId })
    const reopened = { conversationId, event: 'reopened', agent: { id: ann.agent.id, name: 'Ann' } }
    t.match(await customerSocket.next('routing', (f) => f.event === 'reopened'), reopened, 'the customer is told')
    t.match(await agentSocket.next('routing', (f) => f.event === 'reopened'), reopened, 'so are the agents')
    t.match(await customerSocket.next('message', (f) => f.message.seq === ack.seq), { message: { kind: 'agent', text: /refund/ } })
    t.match(await store().getConversation(rt.workspace.id, conversationId), { status: 'open', assigneeId: ann.agent.id })
    t.equal((await store().countOpenByAssignee(rt.workspace.id)).get(ann.agent.id), 2, 'she chose to write: it counts for her, over her capacity')
  })

  t.test("a colleague cannot answer a resolved conversation another agent held; one nobody held reopens with whoever answers; a note reopens nothing", async (t) => {
    const rt = await startRealtime(t, store())
    const { agent: ann, conversationId } = await openConversation(rt)
    await rt.app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/resolve`, headers: rt.auth(ann.token), payload: {} })
    const ben = await rt.addAgent('Ben')
    const benSocket = await rt.asAgent(ben)
    benSocket.send({ type: 'send', clientId: 'b1', conversationId, text: 'Ben here' })
    t.match(await benSocket.next('error'), { code: 'ERR_ACCESS_NOT_ASSIGNEE', clientId: 'b1' })
    benSocket.send({ type: 'send', clientId: 'b2', conversationId, text: 'Ann has this one', note: true })
    await benSocket.next('ack')
    t.match(await store().getConversation(rt.workspace.id, conversationId), { status: 'resolved', assigneeId: ann.agent.id }, 'still resolved, still Ann’s')

    // With the AI only: resolved while nobody held it.
    const customerSocket = await rt.asVisitor(await rt.addVisitor())
    customerSocket.send({ type: 'send', clientId: 'q', text: 'Thanks, that answers it' })
    const unheld = (await customerSocket.next('ack')).conversationId
    await rt.app.inject({ method: 'POST', url: `/v1/conversations/${unheld}/resolve`, headers: rt.auth(ben.token), payload: {} })
    benSocket.send({ type: 'send', clientId: 'b3', conversationId: unheld, text: 'Glad it helped. Ben from the team.' })
    t.match(await benSocket.next('ack'), { clientId: 'b3', conversationId: unheld })
    t.match(await customerSocket.next('routing', (f) => f.event === 'reopened'), { agent: { id: ben.agent.id, name: 'Ben' } })
    t.match(await store().getConversation(rt.workspace.id, unheld), { status: 'open', assigneeId: ben.agent.id })
    const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 10 })
    t.notOk(stored.some((m) => m.clientId === 'b1'), "the colleague's refused reply was not stored")
  })
}
