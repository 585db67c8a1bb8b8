// Tandem as the AI benchmark runs it: the production app (buildApp from the same environment as
// `npm start`, so GEMINI_API_KEY / GEMINI_BASE_URL choose the responder) with its production socket
// limits, seeded with one ai-first site answering from the demo help center.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_VISITORS=51 DATA_DIR=... node --import tsx bench/lib/ai-server.ts
//
// Seeds BENCH_VISITORS fresh visitors (one per question, so no per-visitor AI limit is ever reached),
// and one agent holding one customer's conversation: the customer→agent relay the AI is compared
// with, on the same server. Writes the fixture to BENCH_FIXTURE and prints "ready".
import { writeFileSync } from 'node:fs'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { benchAgent, benchSite, benchVisitor, listenLocal, openBenchApp, requiredEnv } from './bench-app.ts'
import { BENCH_ORIGIN } from './fixture.ts'

export interface AiFixture {
  port: number
  siteKey: string
  origin: string
  responder: string
  /** Visitor tokens with no conversation yet: each asks one question. */
  visitors: string[]
  /** The reference pair: a customer whose conversation the agent holds, so no AI turn runs. */
  reference: { visitorToken: string; conversationId: string; agentAccessToken: string }
}

const fixturePath = requiredEnv('BENCH_FIXTURE')
const visitorCount = Number(process.env.BENCH_VISITORS ?? '51')

// The production socket limits: the AI path is measured as customers meet it.
const bench = await openBenchApp()
const { store, app } = bench
const helpCenter = demoHelpCenter()
const { workspace, site } = await benchSite(bench, { workspace: 'AI bench', site: helpCenter.shop, routingPolicy: 'ai-first' })
await store.createHelpArticles(workspace.id, site.id, helpCenter.articles)
const { agent, accessToken: agentAccessToken } = await benchAgent(bench, workspace.id, { name: 'Reference agent', email: 'reference@bench.example', online: true })

const newVisitor = () => benchVisitor(store, workspace.id, site.id)
const held = await newVisitor()
const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: held.visitor.id })
await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { assigneeId: agent.id })
const visitors: string[] = []
for (let i = 0; i < visitorCount; i++) visitors.push((await newVisitor()).token)

const fixture: AiFixture = {
  port: await listenLocal(app),
  siteKey: site.key,
  origin: BENCH_ORIGIN,
  responder: app.responder.name,
  visitors,
  reference: { visitorToken: held.token, conversationId: conversation.id, agentAccessToken },
}
writeFileSync(fixturePath, JSON.stringify(fixture))
process.stdout.write('ready\n')

