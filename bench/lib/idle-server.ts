// Tandem as the idle-socket benchmark runs it: the production app (buildApp on the configured Store,
// per-socket limits lifted as in tandem-server.ts, since every visitor connects from 127.0.0.1),
// seeded with one site and BENCH_VISITORS visitors. No conversations: a visitor's hello without
// `resume` reads none, so they would cost seeding time and no socket memory. It answers SIGUSR2 with
// its memory after GC (see memory-probe.ts).
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_VISITORS=1000 DATA_DIR=... node --expose-gc --import tsx bench/lib/idle-server.ts
import { writeFileSync } from 'node:fs'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { openStore } from '../../server/store/open-store.ts'
import { BENCH_ORIGIN, LIFTED_LIMITS } from './fixture.ts'
import type { IdleFixture } from './idle-fixture.ts'
import { answerMemoryProbes } from './memory-probe.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const env = process.env
const fixturePath = env.BENCH_FIXTURE ?? ''
if (!fixturePath) throw new Error('BENCH_FIXTURE is required')
const visitorCount = Number(env.BENCH_VISITORS ?? '1000')

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
const visitorTokens: string[] = []
for (let i = 0; i < visitorCount; i++) {
  const token = newToken()
  await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: hashToken(token) })
  visitorTokens.push(token)
}

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const fixture: IdleFixture = { kind: 'tandem', port, siteKey: site.key, origin: BENCH_ORIGIN, visitorTokens }
writeFileSync(fixturePath, JSON.stringify(fixture))
answerMemoryProbes()
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
