// Gemini embeddings for retrieval, through the real @google/genai client against the fake Gemini on
// loopback and a real Store: articles embedded when written and stored, a site written before the key
// was set brought up to date, a question's vector fused with BM25 for the passages Gemini reads, and
// a question whose embedding fails or hangs answered from BM25 alone, on time.
import t, { type Test } from 'tap'
import { articleEmbeddings, contentHashOf } from '../../server/ai/article-embeddings.ts'
import { geminiEmbedder } from '../../server/ai/embedder.ts'
import { geminiClient, type GeminiTimings } from '../../server/ai/gemini-responder.ts'
import { passagesOf } from '../../server/ai/knowledge-base.ts'
import type { Site } from '../../server/store/records.ts'
import type { Store } from '../../server/store/store.ts'
import { startFakeGemini, type GeminiRequest } from '../helpers/fake-gemini.ts'
import { testStore, workspaceWithSite } from '../helpers/factories.ts'
import { eventually, startRealtime } from '../helpers/realtime.ts'

const FAST: GeminiTimings = { requestTimeoutMs: 400, idleTimeoutMs: 400, attempts: 2, initialRetryDelayMs: 20, embedTimeoutMs: 300 }
const quietLog = { warn() {}, info() {}, error() {}, debug() {} } as never

const ARTICLES = [
  { title: 'Reporting a lost or stolen card', body: 'Lock the card in the app straight away.\n\nCall us and we send a replacement with a new number.' },
  { title: 'Paying your bill', body: 'Pay from the app or by bank transfer before the due date.' },
  { title: 'Travelling abroad', body: 'The card works in every country that takes Visa.' },
]

/**
 * Meaning, as the fake has it: a text about theft (whatever its words) points one way, anything
 * else another; a question about theft lands next to the stolen-card article with no word shared.
 */
const THEFT = /stolen|nicked|pinched|swiped/i
const theftAware = (text: string) => (THEFT.test(text) ? [1, 0, 0, 0] : [0, 1, 0, 0])

async function site(t: Test, env: Record<string, string>) {
  const store = testStore(t)
  const rt = await startRealtime(t, store, { routingPolicy: 'ai-first', responder: 'knowledge-base', geminiTimings: FAST, env })
  await rt.app.inject({ method: 'POST', url: '/v1/me/status', headers: rt.adminHeaders, payload: { status: 'away' } })
  const embedded = () => store.listArticleEmbeddings(rt.workspace.id, rt.site.id)
  return { store, rt, embedded }
}

async function importArticles(rt: Awaited<ReturnType<typeof startRealtime>>) {
  const imported = await rt.app.inject({ method: 'POST', url: `/v1/sites/${rt.site.key}/articles/import`, headers: rt.adminHeaders, payload: { articles: ARTICLES } })
  t.equal(imported.statusCode, 200)
}

const systemText = (request: GeminiRequest) => request.body.systemInstruction?.parts.map((p) => p.text).join('') ?? ''
/** The passages' titles in the order the system instruction lists them. */
const passageTitles = (request: GeminiRequest) => [...systemText(request).matchAll(/^\[\d+\] ([^\n(]+?)(?: \(.*\))?$/gm)].map((m) => m[1])

t.test('an article is embedded when it is written, and again when it changes: one vector per passage, stored', async (t) => {
  const gemini = await startFakeGemini(t)
  const { rt, embedded } = await site(t, { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.baseUrl })
  await importArticles(rt)
  const stored = await eventually(async () => ((await embedded()).length === ARTICLES.length ? embedded() : null))
  const articles = await rt.store.listHelpArticles(rt.workspace.id, rt.site.id)
  for (const article of articles) {
    const embedding = stored.find((e) => e.articleId === article.id)
    t.equal(embedding?.contentHash, contentHashOf(article), `${article.title}: current`)
    t.equal(embedding?.vectors.length, passagesOf(article, 0).length, 'one vector per passage')
  }
  t.ok(gemini.embedded().every((e) => e.taskType === 'RETRIEVAL_DOCUMENT'), 'as documents')
  t.ok(gemini.embedded().some((e) => e.text.startsWith('Reporting a lost or stolen card\nLock the card')), 'each passage with its title')

  const bill = articles.find((a) => a.title === 'Paying your bill')!
  const edited = await rt.app.inject({ method: 'PATCH', url: `/v1/sites/${rt.site.key}/articles/${bill.id}`, headers: rt.adminHeaders, payload: { body: 'Pay by card, in the app.\n\nOr by bank transfer.' } })
  t.equal(edited.statusCode, 200)
  const again = await eventually(async () => (await embedded()).find((e) => e.articleId === bill.id && e.vectors.length === 2) ?? null)
  t.equal(again.contentHash, contentHashOf({ title: bill.title, body: 'Pay by card, in the app.\n\nOr by bank transfer.' }))
  t.equal(gemini.embedded().length, 4 + 2, 'four passages, then only the changed article’s two')
})

t.test('a key set after the articles were written: the first question embeds them, and the next ones use them', async (t) => {
  const gemini = await startFakeGemini(t)
  gemini.embeddings({ kind: 'vectors', of: theftAware })
  const { store, rt, embedded } = await site(t, { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.baseUrl })
  // Written straight to the Store, as by a Tandem that had no key then: nothing embedded them.
  await store.createHelpArticles(rt.workspace.id, rt.site.id, ARTICLES)
  t.same(await embedded(), [])
  const customer = await rt.asVisitor(await rt.addVisitor())
  gemini.otherwise({ kind: 'text', chunks: ['Lock it in the app [1].'] })
  customer.send({ type: 'send', clientId: 'q1', text: 'someone nicked my wallet with everything in it' })
  const { conversationId } = await customer.next('ack')
  await customer.next('message', (f) => f.message.conversationId === conversationId && f.message.kind === 'ai' && f.message.status === 'complete')
  await eventually(async () => ((await embedded()).length === ARTICLES.length ? true : null))

  customer.send({ type: 'send', clientId: 'q2', conversationId, text: 'my purse got swiped on the bus, what now?' })
  const answers = () => gemini.requests.filter((r) => r.path.includes('GenerateContent'))
  await eventually(async () => (answers().length >= 2 ? true : null))
  t.equal(passageTitles(answers()[1]!)[0], 'Reporting a lost or stolen card', 'fused with the vectors: the stolen-card passage first, with no word of the question in it')
  t.ok(gemini.embedded().some((e) => e.taskType === 'RETRIEVAL_QUERY' && /swiped/.test(e.text)), 'the question was embedded as a query')
})

for (const [name, failure] of [
  ['fails', { kind: 'status', status: 500 }],
  ['hangs', { kind: 'hang' }],
] as const) {
  t.test(`a question whose embedding ${name} is answered from BM25 alone, within the embedding's time allowed`, async (t) => {
    const gemini = await startFakeGemini(t)
    const { rt, embedded } = await site(t, { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.baseUrl })
    await importArticles(rt)
    await eventually(async () => ((await embedded()).length === ARTICLES.length ? true : null))
    gemini.embeddings(failure)
    gemini.otherwise({ kind: 'text', chunks: ['Pay from the app [1].'] })
    const customer = await rt.asVisitor(await rt.addVisitor())
    customer.send({ type: 'send', clientId: 'q1', text: 'how do I pay my bill?' })
    const answer = await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete')
    t.equal(answer.message.text, 'Pay from the app [1].', 'the turn went on: never stuck on the embedding')
    const [request] = gemini.requests.filter((r) => r.path.includes('GenerateContent'))
    t.equal(passageTitles(request!)[0], 'Paying your bill', 'the passages BM25 ranks')
  })
}

t.test('a customer over their AI allowance costs no embedding call', async (t) => {
  const gemini = await startFakeGemini(t)
  const { rt, embedded } = await site(t, { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: gemini.baseUrl, AI_ANSWERS_PER_VISITOR_PER_HOUR: '1' })
  await importArticles(rt)
  await eventually(async () => ((await embedded()).length === ARTICLES.length ? true : null))
  gemini.otherwise({ kind: 'text', chunks: ['Pay from the app [1].'] })
  const customer = await rt.asVisitor(await rt.addVisitor())
  customer.send({ type: 'send', clientId: 'q1', text: 'how do I pay my bill?' })
  const { conversationId } = await customer.next('ack')
  await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete')
  const queries = () => gemini.embedded().filter((e) => e.taskType === 'RETRIEVAL_QUERY').length
  t.equal(queries(), 1)
  customer.send({ type: 'send', clientId: 'q2', conversationId, text: 'and by bank transfer?' })
  await customer.next('message', (f) => f.message.kind === 'ai' && f.message.status === 'complete' && f.message.seq > 2)
  t.equal(queries(), 1, 'the limit answered, with no call made')
})

t.test('a site embeds at most its daily allowance of passages; the rest wait for the next day', async (t) => {
  const gemini = await startFakeGemini(t)
  const store: Store = testStore(t)
  const { workspace, site: theSite } = await workspaceWithSite(t, { store })
  await store.createHelpArticles(workspace.id, theSite.id, ARTICLES)
  let now = Date.UTC(2026, 11, 3)
  const stored: string[] = []
  const embeddings = articleEmbeddings({
    store,
    embedder: geminiEmbedder(geminiClient({ apiKey: 'k', model: 'm', baseUrl: gemini.baseUrl }, FAST)),
    log: quietLog,
    onStored: (siteId) => stored.push(siteId),
    now: () => now,
    passagesPerDay: 3,
  })
  await embeddings.refresh(theSite as Site)
  t.equal((await store.listArticleEmbeddings(workspace.id, theSite.id)).length, 2, 'two passages, then one: the third article (one passage) would be the fourth')
  t.same(stored, [theSite.id], 'the index is told')
  await embeddings.refresh(theSite as Site)
  t.equal((await store.listArticleEmbeddings(workspace.id, theSite.id)).length, 2, 'still today: nothing more')
  now += 24 * 3600_000
  await embeddings.refresh(theSite as Site)
  t.equal((await store.listArticleEmbeddings(workspace.id, theSite.id)).length, 3, 'the next day, the rest')
  t.equal(gemini.embedded().length, 4, 'each passage embedded once')
})
