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
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { openStore } from '../../server/store/open-store.ts'
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

const env = process.env
const fixturePath = env.BENCH_FIXTURE ?? ''
if (!fixturePath) throw new Error('BENCH_FIXTURE is required')
const visitorCount = Number(env.BENCH_VISITORS ?? '51')

const config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' })
const opened = await openStore(config)
const { store } = opened
const app = await buildApp(config, { store })

const workspace = await store.createWorkspace({ name: 'AI bench' })
const helpCenter = demoHelpCenter()
const { site } = await createSiteWithSecret(store, createSecretBox(config.serverKey), workspace.id, {
  name: helpCenter.shop,
  allowedOrigins: [BENCH_ORIGIN],
  routingPolicy: 'ai-first',
})
await store.createHelpArticles(workspace.id, site.id, helpCenter.articles)

const agent = await store.createAgent(workspace.id, {
  name: 'Reference agent',
  email: 'reference@bench.example',
  passwordHash: 'unused: no password sign-in in a bench run',
  role: 'agent',
  capacity: 50,
})
await store.updateAgent(workspace.id, agent.id, { status: 'online' })
const session = await store.createAgentSession(workspace.id, { agentId: agent.id, userAgent: 'bench', expiresAt: new Date(Date.now() + 3600_000) })

async function newVisitor() {
  const token = newToken()
  const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: hashToken(token) })
  return { token, visitor }
}
const held = await newVisitor()
const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: held.visitor.id })
await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { assigneeId: agent.id })
const visitors: string[] = []
for (let i = 0; i < visitorCount; i++) visitors.push((await newVisitor()).token)

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const fixture: AiFixture = {
  port: typeof address === 'object' && address ? address.port : 0,
  siteKey: site.key,
  origin: BENCH_ORIGIN,
  responder: app.responder.name,
  visitors,
  reference: { visitorToken: held.token, conversationId: conversation.id, agentAccessToken: app.jwt.sign({ sub: agent.id, ws: workspace.id, sid: session.id }) },
}
writeFileSync(fixturePath, JSON.stringify(fixture))
process.stdout.write('ready\n')

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), 10_000).unref()
  await app.close()
  await opened.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
