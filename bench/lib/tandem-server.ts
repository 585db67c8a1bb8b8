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
import { benchAgent, benchSite, benchVisitor, listenLocal, onClose, openBenchApp, requiredEnv } from './bench-app.ts'
import type { Fixture } from './fixture.ts'
import { BENCH_ORIGIN, LIFTED_LIMITS } from './fixture.ts'

const env = process.env
const fixturePath = requiredEnv('BENCH_FIXTURE')
const pairs = Number(env.BENCH_PAIRS ?? '100')
const agentCount = Number(env.BENCH_AGENTS ?? '20')

const bench = await openBenchApp(LIFTED_LIMITS)
const { store, app } = bench
const { workspace, site } = await benchSite(bench, { workspace: 'Bench', site: 'Bench shop', routingPolicy: 'human-first' })
const agents: Fixture['agents'] = []
for (let i = 0; i < agentCount; i++) {
  const { agent, accessToken } = await benchAgent(bench, workspace.id, { name: `Agent ${i}`, email: `agent${i}@bench.example`, online: true })
  agents.push({ id: agent.id, accessToken })
}
/** Pairs seeded at once: on MongoDB each is a few round trips, and 1,000 one after another took most of a run. */
const SEED_BATCH = 50
async function seedPair(i: number): Promise<Fixture['customers'][number]> {
  const { visitor, token } = await benchVisitor(store, workspace.id, site.id)
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

const port = await listenLocal(app)
const fixture: Fixture = { kind: 'tandem', store: store.kind, port, siteKey: site.key, origin: BENCH_ORIGIN, agents, customers }
writeFileSync(fixturePath, JSON.stringify(fixture))
// BENCH_CPU_PROFILE=file.cpuprofile: the profile of the run alone, without start-up and seeding.
if (env.BENCH_CPU_PROFILE) onClose((await startProfile(env.BENCH_CPU_PROFILE)).stop)
process.stdout.write('ready\n')

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
