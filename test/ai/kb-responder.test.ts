// The offline responder as customers meet it: a real server, real sockets, the demo help center
// imported through the API, and answers (or handoffs) arriving over the WebSocket.
import t, { type Test } from 'tap'
import { kbTexts } from '../../server/ai/kb-responder.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { testStore } from '../helpers/factories.ts'
import { startRealtime, type WsClient } from '../helpers/realtime.ts'

async function shop(t: Test) {
  const store = testStore(t)
  const rt = await startRealtime(t, store, { routingPolicy: 'ai-first', responder: 'knowledge-base' })
  const imported = await rt.app.inject({
    method: 'POST',
    url: `/v1/sites/${rt.site.key}/articles/import`,
    headers: rt.adminHeaders,
    payload: { articles: demoHelpCenter().articles },
  })
  t.equal(imported.statusCode, 200)
  const customer = await rt.asVisitor(await rt.addVisitor())
  let asked = 0
  /** Sends a question and waits for what the responder does: a complete answer or a handoff note. */
  async function ask(text: string, conversationId?: string) {
    customer.send({ type: 'send', clientId: `q${++asked}`, text, ...(conversationId ? { conversationId } : {}) })
    const ack = await customer.next('ack')
    return ack.conversationId
  }
  const answerIn = (client: WsClient, conversationId: string) =>
    client.next('message', (f) => f.message.conversationId === conversationId && f.message.kind === 'ai' && f.message.status === 'complete')
  return { rt, store, customer, ask, answerIn }
}

t.test('a question in the customer’s words is answered from the right article, with its citation, streamed', async (t) => {
  const { rt, customer, ask, answerIn } = await shop(t)
  const agent = await rt.asAgent({ token: rt.adminToken })
  const conversationId = await ask('can I pay in installments?')
  const answer = await answerIn(customer, conversationId)
  t.match(answer.message.text, /Klarna/)
  t.same(answer.message.citations, [{ title: 'Payment methods', url: 'https://harborandpine.example/help/payment' }])
  t.ok(customer.all('stream', (f) => f.conversationId === conversationId).length >= 1, 'the text came as a stream')
  agent.send({ type: 'watch', conversationId, afterSeq: 0 })
  t.match((await answerIn(agent, conversationId)).message, { seq: answer.message.seq }, 'an agent opening it sees the answer too')
  t.match(await rt.app.inject({ method: 'GET', url: `/v1/conversations/${conversationId}`, headers: rt.adminHeaders }).then((r) => r.json()), { assigneeId: null }, 'no person needed')
})

t.test('a question no article answers goes to a person, briefed, and the AI says nothing it does not know', async (t) => {
  const { rt, store, customer, ask } = await shop(t)
  const agent = await rt.asAgent({ token: rt.adminToken })
  const conversationId = await ask('do you sell bicycles?')
  t.match(await customer.next('routing', (f) => f.event === 'assigned'), { agent: { id: rt.admin.id } })
  // Theirs now: what came before (the brief left while it waited) is resumed, as the agent app does.
  agent.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
  const note = await agent.next('message', (f) => f.message.kind === 'note')
  t.match(note.message.text, /No help article answers this well enough[\s\S]*bicycles/)
  await customer.settle()
  t.same(customer.all('message', (f) => f.message.kind === 'ai'), [], 'no made-up answer')
  t.same(customer.all('message', (f) => f.message.kind === 'note'), [], 'the brief stays with the agents')
  t.equal((await store.getConversation(rt.workspace.id, conversationId))?.assigneeId, rt.admin.id)
})

t.test('"I want to talk to a real person" hands off; a greeting is answered as one', async (t) => {
  const { rt, store, customer, ask, answerIn } = await shop(t)
  const hello = await ask('Hello!')
  t.equal((await answerIn(customer, hello)).message.text, kbTexts.greeting(rt.site.name))
  await ask('can I talk to a real person please', hello)
  t.match(await customer.next('queue'), { conversationId: hello, position: 1, agentsOnline: false }, 'nobody online: in line')
  const notes = (await store.listMessages(rt.workspace.id, hello, { limit: 20 })).filter((m) => m.kind === 'note')
  t.match(notes, [{ text: /The customer asked for a person/ }])
})

t.test('the answers follow article changes at once, with no restart', async (t) => {
  const { rt, customer, ask, answerIn } = await shop(t)
  const question = 'are dogs allowed?'
  const before = await ask(question)
  await customer.next('routing', (f) => f.conversationId === before && f.event === 'queued')

  const created = await rt.app.inject({
    method: 'POST',
    url: `/v1/sites/${rt.site.key}/articles`,
    headers: rt.adminHeaders,
    payload: { title: 'Dogs in our stores', url: 'https://harborandpine.example/help/dogs', body: 'Well-behaved dogs on a leash are allowed in all our stores.' },
  })
  t.equal(created.statusCode, 201)
  const after = await ask(question)
  t.match((await answerIn(customer, after)).message, { text: /dogs on a leash are allowed/, citations: [{ title: 'Dogs in our stores' }] })

  const article = created.json()
  const edited = await rt.app.inject({ method: 'PATCH', url: `/v1/sites/${rt.site.key}/articles/${article.id}`, headers: rt.adminHeaders, payload: { body: 'Dogs on a leash are allowed in our Seattle store only.' } })
  t.equal(edited.statusCode, 200)
  const again = await ask(question)
  t.match((await answerIn(customer, again)).message, { text: /Seattle store only/ })

  await rt.app.inject({ method: 'DELETE', url: `/v1/sites/${rt.site.key}/articles/${article.id}`, headers: rt.adminHeaders })
  const gone = await ask(question)
  await customer.next('routing', (f) => f.conversationId === gone && f.event === 'queued')
  t.pass('with the article deleted, the question goes to a person again')
})
