// Tandem as the REST benchmark runs it: the production app (buildApp on the configured Store) with
// one conversation of BENCH_MESSAGES messages, customer and agent taking turns, stored through the
// Store as the gateway would. Its agent and its visitor each read that history, one page of every
// message. The history routes have no rate limit (only sign-in and visitor creation do), so nothing
// is lifted here.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_REPLY=/tmp/reply.json BENCH_MESSAGES=50 DATA_DIR=... node --import tsx bench/lib/rest-server.ts
//
// Writes the fixture (targets with their headers) and the agent's reply body, then prints "ready".
import { writeFileSync } from 'node:fs'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { openStore } from '../../server/store/open-store.ts'
import { BENCH_ORIGIN } from './fixture.ts'
import type { RecordedReply, RestFixture } from './rest-fixture.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const env = process.env
const fixturePath = env.BENCH_FIXTURE ?? ''
const replyPath = env.BENCH_REPLY ?? ''
if (!fixturePath || !replyPath) throw new Error('BENCH_FIXTURE and BENCH_REPLY are required')
const messageCount = Number(env.BENCH_MESSAGES ?? '50')

const config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' })
const opened = await openStore(config)
const { store } = opened
const app = await buildApp(config, { store })

const workspace = await store.createWorkspace({ name: 'Bench' })
const { site } = await createSiteWithSecret(store, createSecretBox(config.serverKey), workspace.id, {
  name: 'Bench shop',
  allowedOrigins: [BENCH_ORIGIN],
  routingPolicy: 'human-first',
})
const agent = await store.createAgent(workspace.id, {
  name: 'Agent',
  email: 'agent@bench.example',
  passwordHash: 'unused: no password sign-in in a bench run',
  role: 'agent',
  capacity: 50,
})
// Signed here with the app's own key, as tandem-server.ts does: sign-in (argon2) is not measured.
const session = await store.createAgentSession(workspace.id, { agentId: agent.id, userAgent: 'bench', expiresAt: new Date(Date.now() + 3600_000) })
const accessToken = app.jwt.sign({ sub: agent.id, ws: workspace.id, sid: session.id })
const visitorToken = newToken()
const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: hashToken(visitorToken) })
const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { assigneeId: agent.id })
// ~120-character messages, as in the relay benchmark.
const filler = 'Hello, I have a question about my order and when it will arrive at my address. '.repeat(2)
for (let i = 0; i < messageCount; i++) {
  const fromAgent = i % 2 === 1
  await store.appendMessage(workspace.id, {
    conversationId: conversation.id,
    kind: fromAgent ? 'agent' : 'customer',
    authorId: fromAgent ? agent.id : visitor.id,
    text: `#${i} ${filler}`.slice(0, 120),
    clientId: `bench-${i}`,
  })
}

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const base = `http://127.0.0.1:${port}`
// One page holding every message (the default page is 25).
const query = `?limit=${messageCount}`
const targets: RestFixture['targets'] = {
  agent: { url: `${base}/v1/conversations/${conversation.id}/messages${query}`, headers: { authorization: `Bearer ${accessToken}` } },
  visitor: {
    url: `${base}/v1/sites/${site.key}/visitors/me/conversations/${conversation.id}/messages${query}`,
    headers: { authorization: `Bearer ${visitorToken}`, origin: BENCH_ORIGIN },
  },
}
// Each target is read once here: a refused read would make every figure meaningless.
const bodies: string[] = []
for (const [name, target] of Object.entries(targets)) {
  const response = await fetch(target.url, { headers: target.headers })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`${name} history read answered ${response.status}: ${body.slice(0, 300)}`)
  const items = (JSON.parse(body) as { items: unknown[] }).items.length
  if (items !== messageCount) throw new Error(`${name} history read returned ${items} messages, expected ${messageCount}`)
  bodies.push(body)
}
const reply: RecordedReply = { body: bodies[0]!, messages: messageCount }
writeFileSync(replyPath, JSON.stringify(reply))
const fixture: RestFixture = { kind: 'tandem', targets, replyBytes: Buffer.byteLength(reply.body) }
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
