// Tandem as the load benchmark runs it: the production app (buildApp on the configured Store, from
// the same environment variables as `npm start`), seeded with the people of one run and with the
// per-socket limits lifted, since one load-client process speaks for every customer and agent.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_PAIRS=100 BENCH_AGENTS=20 DATA_DIR=... node --import tsx bench/lib/tandem-server.ts
//
// Seeds one workspace, one human-first site and BENCH_AGENTS agents, then BENCH_PAIRS visitors,
// each with one open conversation held by an agent (round robin), writes the fixture (port, tokens,
// conversation ids) to BENCH_FIXTURE and prints "ready". SIGTERM closes it the way main.ts does.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { openStore } from '../../server/store/open-store.ts'
import type { Fixture } from './fixture.ts'
import { BENCH_ORIGIN, LIFTED_LIMITS } from './fixture.ts'

const env = process.env
const fixturePath = env.BENCH_FIXTURE ?? ''
if (!fixturePath) throw new Error('BENCH_FIXTURE is required')
const pairs = Number(env.BENCH_PAIRS ?? '100')
const agentCount = Number(env.BENCH_AGENTS ?? '20')

const config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' })
const opened = await openStore(config)
const { store } = opened
const app = await buildApp(config, { store, realtime: LIFTED_LIMITS })

const workspace = await store.createWorkspace({ name: 'Bench' })
const { site } = await createSiteWithSecret(store, createSecretBox(config.serverKey), workspace.id, {
  name: 'Bench shop',
  allowedOrigins: [BENCH_ORIGIN],
  routingPolicy: 'human-first',
})
// Access tokens are signed for sessions made here, with the app's own JWT key: no agent signs in
// with a password in a relay run (argon2 is measured by nothing here).
const agents: Fixture['agents'] = []
for (let i = 0; i < agentCount; i++) {
  const agent = await store.createAgent(workspace.id, {
    name: `Agent ${i}`,
    email: `agent${i}@bench.example`,
    passwordHash: 'unused: no password sign-in in a bench run',
    role: 'agent',
    capacity: 50,
  })
  await store.updateAgent(workspace.id, agent.id, { status: 'online' })
  const session = await store.createAgentSession(workspace.id, { agentId: agent.id, userAgent: 'bench', expiresAt: new Date(Date.now() + 3600_000) })
  agents.push({ id: agent.id, accessToken: app.jwt.sign({ sub: agent.id, ws: workspace.id, sid: session.id }) })
}
/** Pairs seeded at once: on MongoDB each is a few round trips, and 1,000 one after another took most of a run. */
const SEED_BATCH = 50
async function seedPair(i: number): Promise<Fixture['customers'][number]> {
  const token = newToken()
  const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: hashToken(token) })
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  const agentIndex = i % agentCount
  await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { assigneeId: agents[agentIndex]!.id })
  return { visitorId: visitor.id, visitorToken: token, conversationId: conversation.id, agentIndex }
}
const customers: Fixture['customers'] = []
for (let start = 0; start < pairs; start += SEED_BATCH) {
  const batch = Array.from({ length: Math.min(SEED_BATCH, pairs - start) }, (_, k) => seedPair(start + k))
  customers.push(...(await Promise.all(batch)))
}

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const fixture: Fixture = { kind: 'tandem', store: store.kind, port, siteKey: site.key, origin: BENCH_ORIGIN, agents, customers }
writeFileSync(fixturePath, JSON.stringify(fixture))
// BENCH_CPU_PROFILE=file.cpuprofile: the profile of the run alone, without start-up and seeding.
const profile = env.BENCH_CPU_PROFILE ? await startProfile(env.BENCH_CPU_PROFILE) : null
process.stdout.write('ready\n')

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  setTimeout(() => process.exit(1), 10_000).unref()
  await profile?.stop()
  await app.close()
  await opened.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())

async function startProfile(path: string) {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(path, JSON.stringify(profile))
      session.disconnect()
    },
  }
}
