// Tandem as the idle-socket benchmark runs it: the production app (buildApp on the configured Store,
// per-socket limits lifted as in tandem-server.ts, since every visitor connects from 127.0.0.1),
// seeded with one site and BENCH_VISITORS visitors. No conversations: a visitor's hello without
// `resume` reads none, so they would cost seeding time and no socket memory. It answers SIGUSR2 with
// its memory after GC (see memory-probe.ts).
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_VISITORS=1000 DATA_DIR=... node --expose-gc --import tsx bench/lib/idle-server.ts
import { writeFileSync } from 'node:fs'
import { benchSite, benchVisitor, listenLocal, openBenchApp, requiredEnv } from './bench-app.ts'
import { BENCH_ORIGIN, LIFTED_LIMITS } from './fixture.ts'
import type { IdleFixture } from './idle-fixture.ts'
import { answerMemoryProbes } from './memory-probe.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const fixturePath = requiredEnv('BENCH_FIXTURE')
const visitorCount = Number(process.env.BENCH_VISITORS ?? '1000')

const bench = await openBenchApp(LIFTED_LIMITS)
const { workspace, site } = await benchSite(bench, { workspace: 'Bench', site: 'Bench shop', routingPolicy: 'human-first' })
const visitorTokens: string[] = []
for (let i = 0; i < visitorCount; i++) visitorTokens.push((await benchVisitor(bench.store, workspace.id, site.id)).token)

const port = await listenLocal(bench.app)
const fixture: IdleFixture = { kind: 'tandem', port, siteKey: site.key, origin: BENCH_ORIGIN, visitorTokens }
writeFileSync(fixturePath, JSON.stringify(fixture))
answerMemoryProbes()
process.stdout.write('ready\n')
