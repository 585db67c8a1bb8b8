// AI turns are bounded work: whatever a visitor sends, the responder sees a question of bounded size,
// one visitor has at most one turn running, and one site at most AI_TURNS_PER_SITE_MAX, so no visitor
// (or script of many visitors) can stall the server for everyone else.
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { MESSAGE_MAX_CHARS } from '../../protocol/limits.ts'
import { AI_HISTORY_MESSAGES, AI_TURNS_PER_SITE_MAX, aiTurns } from '../../server/ai/ai-turns.ts'
import { QUESTION_MAX_CHARS, QUESTION_MAX_MESSAGES } from '../../server/ai/conversation-text.ts'
import { buildKnowledgeBase, QUERY_TERMS_MAX, queryOf, trusted } from '../../server/ai/knowledge-base.ts'
import type { Responder } from '../../server/ai/responder.ts'
import { createLocalBus } from '../../server/realtime/bus.ts'
import type { Site, Visitor } from '../../server/store/records.ts'
import { testStore } from '../helpers/factories.ts'
import { demoArticles } from '../helpers/help-center.ts'
import { eventually } from '../helpers/realtime.ts'
import { gatedResponder, scriptedResponder } from '../helpers/responders.ts'

const quietLog = Fastify({ logger: false }).log

/** An ai-first site and the AI turns over it, with no routing: a handoff is only recorded. */
async function scene(t: Test, responder: Responder) {
  const store = testStore(t)
  const handoffs: string[] = []
  const turns = aiTurns({ store, bus: createLocalBus(), responder, log: quietLog, handOff: async (c) => void handoffs.push(c.id) })
  t.teardown(() => turns.settled())
  const workspace = await store.createWorkspace({ name: 'Acme' })
  const site = await store.createSite(workspace.id, { name: 'Shop', key: 'site_' + Math.random().toString(36).slice(2), secretEncrypted: 'x', routingPolicy: 'ai-first', businessHours: null })
  const newVisitor = () => store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'h' + Math.random() })
  /** A conversation of `visitor` whose customer wrote `texts`, none answered. */
  async function asked(visitor: Visitor, texts: string[], on: Site = site) {
    const conversation = await store.createConversation(workspace.id, { siteId: on.id, visitorId: visitor.id })
    for (const text of texts) await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text })
    return (await store.getConversation(workspace.id, conversation.id))!
  }
  return { store, turns, site, workspace, handoffs, newVisitor, asked }
}

/** Lets the gated responder answer, again and again, until `done` settles. */
async function releaseUntil(responder: { release(): void }, done: Promise<unknown>) {
  let over = false
  void done.finally(() => (over = true))
  while (!over) {
    responder.release()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** A long message of distinct made-up words, matching no article: what the stalling visitor sent. */
const wallOfText = (n: number) => Array.from({ length: MESSAGE_MAX_CHARS / 8 }, (_, i) => `zq${n}x${i}`).join(' ').slice(0, MESSAGE_MAX_CHARS)

t.test('after 40 long unanswered messages the responder still sees a bounded question: the latest few messages, cut to length', async (t) => {
  const responder = scriptedResponder(() => [{ type: 'handoff', code: 'ai_unsure', reason: 'No help article answers this well enough.' }])
  const { turns, site, newVisitor, asked } = await scene(t, responder)
  const texts = Array.from({ length: AI_HISTORY_MESSAGES }, (_, i) => wallOfText(i))
  const conversation = await asked(await newVisitor(), texts)
  await turns.answer(conversation, site)
  const [request] = responder.requests
  t.equal(request?.history.length, AI_HISTORY_MESSAGES, 'the history is all the responder gets as context')
  t.ok(request!.question.length <= QUESTION_MAX_CHARS, `the question is at most ${QUESTION_MAX_CHARS} characters (${request!.question.length})`)
  t.ok(request!.question.endsWith(texts.at(-1)!.slice(-100)), 'it ends with the latest message')
  const oldest = AI_HISTORY_MESSAGES - QUESTION_MAX_MESSAGES
  t.notOk(request!.question.includes(`zq${oldest - 1}x`), `nothing of messages before the last ${QUESTION_MAX_MESSAGES}`)

  const short = await asked(await newVisitor(), ['one', 'two', 'three', 'four', 'five'])
  await turns.answer(short, site)
  t.equal(responder.requests[1]?.question, 'three\nfour\nfive', `short messages: the last ${QUESTION_MAX_MESSAGES}, joined`)
})

t.test('a search looks up at most QUERY_TERMS_MAX distinct terms, the first ones of the question', async (t) => {
  const base = buildKnowledgeBase(demoArticles())
  const filler = Array.from({ length: QUERY_TERMS_MAX }, (_, i) => `zq${i}x`).join(' ')
  const { terms, words } = queryOf(`${filler} ${wallOfText(1)}`)
  t.equal(terms.size, QUERY_TERMS_MAX, 'a wall of distinct words is cut to the limit')
  t.equal(words.length, QUERY_TERMS_MAX, 'and only the words that give them are searched')
  t.same(queryOf('refund refund refund the refund').words, ['refund'], 'a repeated word is looked up once')
  t.ok(trusted(base.search('How do I return an item?')[0]), 'a real question is answered')
  t.same(base.search(`${filler} How do I return an item?`), [], 'the same words past the limit are never looked up')
})

t.test(`ten conversations of one site asking at once: at most ${AI_TURNS_PER_SITE_MAX} turns run, and every one is answered`, async (t) => {
  const responder = gatedResponder()
  const { turns, site, store, workspace, newVisitor, asked } = await scene(t, responder)
  const conversations = []
  for (let i = 0; i < 10; i++) conversations.push(await asked(await newVisitor(), [`question ${i}`]))
  const done = conversations.map((conversation) => turns.answer(conversation, site))
  await eventually(async () => responder.active >= AI_TURNS_PER_SITE_MAX || null)
  // Every other turn has had its chance to start: none did while the slots are full.
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
  t.equal(responder.active, AI_TURNS_PER_SITE_MAX, `${AI_TURNS_PER_SITE_MAX} running, the rest waiting`)
  await releaseUntil(responder, Promise.all(done))
  t.equal(responder.maxActive, AI_TURNS_PER_SITE_MAX, `never more than ${AI_TURNS_PER_SITE_MAX} at once`)
  t.equal(responder.requests.length, 10, 'each conversation got its turn')
  for (const conversation of conversations) {
    const kinds = (await store.listMessages(workspace.id, conversation.id, { limit: 10 })).map((m) => m.kind)
    t.same(kinds, ['customer', 'ai'], 'answered')
  }
})

t.test("one visitor with several conversations has at most one turn at a time, while another visitor's runs meanwhile", async (t) => {
  const responder = gatedResponder()
  const { turns, site, store, workspace, newVisitor, asked } = await scene(t, responder)
  const visitor = await newVisitor()
  const mine = [await asked(visitor, ['first']), await asked(visitor, ['second']), await asked(visitor, ['third'])]
  const someoneElse = await asked(await newVisitor(), ['another visitor'])
  const done = [...mine, someoneElse].map((conversation) => turns.answer(conversation, site))
  await eventually(async () => responder.active >= 2 || null)
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
  t.equal(responder.active, 2, "one turn of the visitor's, one of the other visitor's")
  await releaseUntil(responder, Promise.all(done))
  t.equal(responder.requests.length, 4, 'every conversation got its turn')
  t.same(responder.requests.slice(0, 2).map((r) => r.question).sort(), ['another visitor', 'first'], "the visitor's conversations in the order they asked")
  t.same(responder.requests.slice(2).map((r) => r.question), ['second', 'third'])
  for (const conversation of mine) t.equal((await store.listMessages(workspace.id, conversation.id, { limit: 10 })).at(-1)?.kind, 'ai')
})

t.test('a visitor writing fast queues at most one waiting turn per conversation: later messages join it', async (t) => {
  const responder = gatedResponder()
  const { turns, site, store, workspace, newVisitor, asked } = await scene(t, responder)
  const visitor = await newVisitor()
  const conversation = await asked(visitor, ['first'])
  const first = turns.answer(conversation, site)
  await eventually(async () => responder.active === 1 || null)
  const later = []
  for (let i = 0; i < 18; i++) {
    await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text: `more ${i}` })
    later.push(turns.answer(conversation, site))
  }
  t.equal(new Set(later).size, 1, 'eighteen messages while a turn runs make one waiting turn')
  await releaseUntil(responder, Promise.all([first, ...later]))
  // The first answer is stored after all eighteen, so the waiting turn finds them answered.
  t.equal(responder.requests.length, 1, 'the responder ran once')
})
