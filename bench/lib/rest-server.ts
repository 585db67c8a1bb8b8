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
import { benchAgent, benchSite, benchVisitor, listenLocal, openBenchApp, requiredEnv } from './bench-app.ts'
import { BENCH_ORIGIN } from './fixture.ts'
import type { RecordedReply, RestFixture } from './rest-fixture.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const fixturePath = requiredEnv('BENCH_FIXTURE')
const replyPath = requiredEnv('BENCH_REPLY')
const messageCount = Number(process.env.BENCH_MESSAGES ?? '50')

const bench = await openBenchApp()
const { store, app } = bench
const { workspace, site } = await benchSite(bench, { workspace: 'Bench', site: 'Bench shop', routingPolicy: 'human-first' })
const { agent, accessToken } = await benchAgent(bench, workspace.id, { name: 'Agent', email: 'agent@bench.example', online: false })
const { visitor, token: visitorToken } = await benchVisitor(store, workspace.id, site.id)
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

const port = await listenLocal(app)
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

