// "Ask the knowledge base": an admin sees what the site's AI would answer a customer, with what the
// search found and the figures that decide trust; nothing is stored, agents are refused, and each
// admin has a rate limit of their own.
import t from 'tap'
import { ASKS_PER_ADMIN_PER_MINUTE } from '../../server/http/knowledge-routes.ts'
import { MIN_CONFIDENCE } from '../../server/ai/knowledge-base.ts'
import { QUESTION_MAX_CHARS } from '../../protocol/limits.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import type { Responder } from '../../server/ai/responder.ts'
import { testStore, workspaceWithSite } from '../helpers/factories.ts'
import { startRealtime } from '../helpers/realtime.ts'

async function shopWithHelpCenter(t: Parameters<typeof workspaceWithSite>[0]) {
  const ws = await workspaceWithSite(t)
  const imported = await ws.app.inject({ method: 'POST', url: `/v1/sites/${ws.site.key}/articles/import`, headers: ws.adminHeaders, payload: { articles: demoHelpCenter().articles } })
  t.equal(imported.statusCode, 200)
  const ask = (question: string, headers = ws.adminHeaders) => ws.app.inject({ method: 'POST', url: `/v1/sites/${ws.site.key}/knowledge/ask`, headers, payload: { question } })
  return { ...ws, ask }
}

t.test('a question the help center covers is answered with its citation and the passages behind it', async (t) => {
  const { ask, store, workspace } = await shopWithHelpCenter(t)
  const res = await ask('How long do I have to return an item?')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.outcome, 'answer')
  t.match(body.responder, /knowledge base/)
  t.ok(body.text.length > 20)
  t.match(body.citations[0].title, /return/i)
  t.equal(body.handoffReason, null)
  t.equal(body.threshold, MIN_CONFIDENCE)
  t.ok(body.matches.length >= 1 && body.matches[0].trusted, 'the best passage is trusted')
  t.equal(body.matches[0].title, body.citations[0].title)
  t.equal(body.matches[0].confidence, body.matches[0].coverage, 'confidence is the coverage')
  t.same((await store.listConversations(workspace.id, {}, { limit: 10 })).items, [], 'no conversation is stored')
})

t.test('a question it does not cover is a handoff, with its reason and the scores that fell short', async (t) => {
  const { ask } = await shopWithHelpCenter(t)
  const body = (await ask('Can you recommend a good lasagne recipe?')).json()
  t.equal(body.outcome, 'handoff')
  t.match(body.handoffReason, /No help article/)
  t.same(body.citations, [])
  t.ok(body.matches.every((m: { trusted: boolean; confidence: number }) => !m.trusted && m.confidence < MIN_CONFIDENCE))

  const person = (await ask('I want to talk to a human')).json()
  t.equal(person.outcome, 'handoff')
  t.match(person.handoffReason, /asked for a person/)
})

t.test('agents, other workspaces and bad questions are refused', async (t) => {
  const { ask, addAgent, auth, app, adminHeaders } = await shopWithHelpCenter(t)
  const agent = auth((await addAgent('Plain')).token)
  const asAgent = await ask('Returns?', agent)
  t.same([asAgent.statusCode, asAgent.json().error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'])

  const other = await workspaceWithSite(t)
  const foreign = await app.inject({ method: 'POST', url: `/v1/sites/${other.site.key}/knowledge/ask`, headers: adminHeaders, payload: { question: 'Returns?' } })
  t.same([foreign.statusCode, foreign.json().error.code], [404, 'ERR_SITE_NOT_FOUND'])

  for (const question of ['', '   ', 'x'.repeat(QUESTION_MAX_CHARS + 1)]) {
    const res = await ask(question)
    t.same([res.statusCode, res.json().error.code], [400, 'ERR_REQUEST_INVALID'], `${JSON.stringify(question.slice(0, 5))}… (${question.length})`)
  }
})

t.test(`each admin may ask ${ASKS_PER_ADMIN_PER_MINUTE} questions a minute`, async (t) => {
  const { ask, addAgent, auth } = await shopWithHelpCenter(t)
  for (let i = 0; i < ASKS_PER_ADMIN_PER_MINUTE; i++) t.equal((await ask('Shipping?')).statusCode, 200)
  const over = await ask('Shipping?')
  t.same([over.statusCode, over.json().error.code], [429, 'ERR_RATE_LIMITED'])
  const colleague = auth((await addAgent('Second admin', 'admin')).token)
  t.equal((await ask('Shipping?', colleague)).statusCode, 200, "another admin's questions are counted apart")
})

t.test('a responder that fails mid-answer shows what it had said and why, not a 500', async (t) => {
  const failing: Responder = {
    name: 'failing test responder',
    async *respond() {
      yield { type: 'text', delta: 'Returns are free ' }
      throw new Error('the model went away')
    },
  }
  const rt = await startRealtime(t, testStore(t), { responder: failing })
  const res = await rt.app.inject({ method: 'POST', url: `/v1/sites/${rt.site.key}/knowledge/ask`, headers: rt.adminHeaders, payload: { question: 'Are returns free?' } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { responder: 'failing test responder', outcome: 'handoff', text: 'Returns are free ', handoffReason: /The AI failed while answering/ })
})
