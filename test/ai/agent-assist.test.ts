// Summaries and suggested replies for agents, through the REST API: extracted when no AI service is
// configured, written by Gemini (the fake one on loopback) when it is, and never sent by the server.
import t, { type Test } from 'tap'
import { GEMINI_TIMINGS } from '../../server/ai/gemini-responder.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { startFakeGemini } from '../helpers/fake-gemini.ts'
import { signedInWorkspace, testConfig, testStore } from '../helpers/factories.ts'

async function conversationWith(t: Test, env: Record<string, string> = {}) {
  const store = testStore(t)
  const ws = await signedInWorkspace(t, { store, config: testConfig(t, env) })
  const site = await store.createSite(ws.workspace.id, { name: 'Harbor & Pine', key: 'site_' + 'a'.repeat(22), secretEncrypted: 'x' })
  await store.createHelpArticles(ws.workspace.id, site.id, demoHelpCenter().articles)
  const visitor = await store.createVisitor(ws.workspace.id, { siteId: site.id, tokenHash: 'h' })
  const conversation = await store.createConversation(ws.workspace.id, { siteId: site.id, visitorId: visitor.id })
  const write = (kind: 'customer' | 'ai', text: string) =>
    store.appendMessage(ws.workspace.id, { conversationId: conversation.id, kind, authorId: kind === 'customer' ? visitor.id : null, text })
  const call = (what: 'summary' | 'suggested-reply', id = conversation.id) =>
    ws.app.inject({ method: 'POST', url: `/v1/conversations/${id}/${what}`, headers: ws.adminHeaders, payload: {} })
  return { ...ws, site, conversation, write, call }
}

t.test('without an AI service: the summary quotes the customer, the suggestion is the passage that answers', async (t) => {
  const c = await conversationWith(t)
  await c.write('customer', 'Hi, I ordered a jacket last week.')
  await c.write('ai', 'Hi! How can I help?')
  await c.write('customer', 'can I pay with paypal?')
  const summary = await c.call('summary')
  t.equal(summary.statusCode, 200)
  t.same(summary.json(), {
    text: 'The customer wrote “Hi, I ordered a jacket last week.”. Latest: “can I pay with paypal?”. Answered 1 time by the assistant.',
    source: 'extractive',
  })
  const suggestion = await c.call('suggested-reply')
  t.match(suggestion.json(), { text: /PayPal/, citations: [{ title: 'Payment methods' }], source: 'extractive' })
  t.equal((await c.store.listMessages(c.workspace.id, c.conversation.id, { limit: 10 })).length, 3, 'nothing was sent to the customer')
})

t.test('without an AI service, a question no article answers gets no suggestion rather than a wrong one', async (t) => {
  const c = await conversationWith(t)
  await c.write('customer', 'do you sell bicycles?')
  t.same((await c.call('suggested-reply')).json(), { text: null, citations: [], source: 'extractive' })
  t.match((await c.call('summary', 'f'.repeat(32))).json(), { error: { code: 'ERR_CONVERSATION_NOT_FOUND' } })
  t.match((await c.call('suggested-reply', 'nope')).json(), { error: { code: 'ERR_REQUEST_INVALID' } })
})

t.test('with Gemini: it writes both from the conversation; when it fails, the extracted ones come instead', async (t) => {
  const gemini = await startFakeGemini(t)
  const c = await conversationWith(t, { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.baseUrl })
  await c.write('customer', 'my jacket zipper broke, is that covered by the warranty?')
  gemini.reply(
    { kind: 'text', chunks: ['Boots leaking after two months; customer asks about options.'] },
    { kind: 'text', chunks: ['Sorry to hear that! Leaks are covered by our two-year warranty [1].'] },
  )
  t.same((await c.call('summary')).json(), { text: 'Boots leaking after two months; customer asks about options.', source: 'gemini' })
  const suggestion = (await c.call('suggested-reply')).json()
  t.match(suggestion, { text: /two-year warranty \[1\]/, source: 'gemini' })
  t.equal(suggestion.citations.length, 1)
  const [summaryRequest, suggestionRequest] = gemini.requests
  t.match(summaryRequest?.path, ':generateContent')
  t.match(JSON.stringify(summaryRequest?.body.systemInstruction), /Summarise this customer-support chat/)
  t.match(JSON.stringify(suggestionRequest?.body.systemInstruction), /Write the next reply for a human agent/)
  t.notOk(suggestionRequest?.body.tools, 'no function is offered for a suggestion')

  gemini.otherwise({ kind: 'status', status: 500 })
  t.match((await c.call('summary')).json(), { source: 'extractive', text: /zipper broke/ })
  t.match((await c.call('suggested-reply')).json(), { source: 'extractive', citations: [{ title: 'Warranty and repairs' }] })
  t.ok(gemini.requests.length >= 2 + GEMINI_TIMINGS.attempts, 'retried before giving up')
})
