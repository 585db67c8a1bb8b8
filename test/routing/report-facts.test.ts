// The facts support reports are built from, stored as they happen through real sockets: when a person
// was first needed and first answered, when the AI first answered and what the customer made of its
// last answer, why the AI handed off (a code, not the note's text), and how the conversation ended.
import t, { type Test } from 'tap'
import type { RoutingPolicy } from '../../protocol/enums.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { testStore } from '../helpers/factories.ts'
import { eventually, startRealtime } from '../helpers/realtime.ts'

async function shop(t: Test, routingPolicy: RoutingPolicy) {
  const store = testStore(t)
  const rt = await startRealtime(t, store, { routingPolicy, responder: 'knowledge-base' })
  await rt.app.inject({ method: 'POST', url: `/v1/sites/${rt.site.key}/articles/import`, headers: rt.adminHeaders, payload: { articles: demoHelpCenter().articles } })
  // Away: handoffs wait in the queue, where the test takes them.
  await rt.app.inject({ method: 'POST', url: '/v1/me/status', headers: rt.adminHeaders, payload: { status: 'away' } })
  const customer = await rt.asVisitor(await rt.addVisitor())
  let sent = 0
  async function ask(text: string, conversationId?: string) {
    customer.send({ type: 'send', clientId: `q${++sent}`, text, ...(conversationId ? { conversationId } : {}) })
    return (await customer.next('ack', (f) => f.clientId === `q${sent}`)).conversationId
  }
  const facts = async (conversationId: string) => (await store.getConversation(rt.workspace.id, conversationId))!.facts
  return { rt, store, customer, ask, facts }
}

t.test('AI first: its answer, the customer confirming it, then a question it cannot answer handed off as "ai_unsure"', async (t) => {
  const { rt, customer, ask, facts } = await shop(t, 'ai-first')
  const conversationId = await ask('can I pay in installments?')
  const answer = await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete')
  let known = await facts(conversationId)
  t.match(known, { recorded: true, humanNeededAt: null, handoffReason: null, lastAiAnswerSeq: answer.message.seq, lastAiAnswerOutcome: null })
  t.ok(known.firstCustomerMessageAt && known.firstAiReplyAt && known.firstAiReplyAt >= known.firstCustomerMessageAt, 'the AI answered after the question')

  customer.send({ type: 'feedback', conversationId, seq: answer.message.seq, outcome: 'confirmed' })
  known = await eventually(async () => ((await facts(conversationId)).lastAiAnswerOutcome === 'confirmed' ? facts(conversationId) : null))
  t.pass('"That helped" is kept on the last answer')

  await ask('do you sell bicycles?', conversationId)
  known = await eventually(async () => ((await facts(conversationId)).handoffReason ? facts(conversationId) : null))
  t.match(known, { handoffReason: 'ai_unsure', firstHumanReplyAt: null })
  t.ok(known.humanNeededAt && known.handoffAt && known.humanNeededAt.getTime() === known.handoffAt.getTime(), 'a person is needed from the handoff on')

  const agent = await rt.asAgent({ token: rt.adminToken })
  await rt.app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/take`, headers: rt.adminHeaders })
  agent.send({ type: 'send', clientId: 'note', conversationId, text: 'Checking our catalogue', note: true })
  await agent.next('ack', (f) => f.clientId === 'note')
  t.equal((await facts(conversationId)).firstHumanReplyAt, null, 'a private note is no answer to the customer')
  agent.send({ type: 'send', clientId: 'reply', conversationId, text: 'We do not sell bicycles, sorry.' })
  await agent.next('ack', (f) => f.clientId === 'reply')
  await rt.app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/resolve`, headers: rt.adminHeaders })
  known = await facts(conversationId)
  t.ok(known.firstHumanReplyAt && known.firstHumanReplyAt >= known.humanNeededAt!, 'the first public reply of a person')
  t.match(known, { resolvedBy: 'agent', resolverId: rt.admin.id })
})

t.test('the customer asking for a person is "customer_asked"; a human-first site needs a person from the first message', async (t) => {
  const ai = await shop(t, 'ai-first')
  // A greeting: the AI answers it, and hands nothing off itself.
  const asked = await ai.ask('Hello!')
  ai.customer.send({ type: 'handoff', conversationId: asked })
  t.match(await eventually(async () => ((await ai.facts(asked)).handoffReason ? ai.facts(asked) : null)), { handoffReason: 'customer_asked' })

  const human = await shop(t, 'human-first')
  const opened = await human.ask('Hello?')
  const known = await human.facts(opened)
  const conversation = (await human.store.getConversation(human.rt.workspace.id, opened))!
  t.ok(known.humanNeededAt && Math.abs(known.humanNeededAt.getTime() - conversation.createdAt.getTime()) < 1000, 'needed from its creation')
  t.equal(known.handoffReason, null, 'and no AI handoff')
})
