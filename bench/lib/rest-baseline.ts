// The baseline the REST figures are divided by: a plain Fastify app (the same fastify Tandem runs)
// with one GET route answering the history reply Tandem recorded, so the body has the same size and
// shape. Fastify serializes it per request (JSON.stringify, no schema, no hooks, no store). It is
// never changed to improve a ratio. The reply is read on the first request, so this process can
// start while Tandem is still seeding; the warm-up (or the first read of a quick run) pays for it.
//
//   BENCH_FIXTURE=/tmp/f.json BENCH_REPLY=/tmp/reply.json node --import tsx bench/lib/rest-baseline.ts
import { readFileSync, writeFileSync } from 'node:fs'
import Fastify from 'fastify'
import type { RecordedReply, RestFixture } from './rest-fixture.ts'

// Left behind by an orchestrator that died, it still stops by itself.
setTimeout(() => process.exit(3), 5 * 60_000).unref()
const fixturePath = process.env.BENCH_FIXTURE ?? ''
const replyPath = process.env.BENCH_REPLY ?? ''
if (!fixturePath || !replyPath) throw new Error('BENCH_FIXTURE and BENCH_REPLY are required')
let page: unknown
const recordedPage = () => JSON.parse((JSON.parse(readFileSync(replyPath, 'utf8')) as RecordedReply).body) as unknown

const app = Fastify({ logger: false })
app.get('/history', async () => (page ??= recordedPage()))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : 0
const fixture: RestFixture = {
  kind: 'baseline',
  targets: { baseline: { url: `http://127.0.0.1:${port}/history`, headers: {} } },
  // Known only once Tandem has recorded its reply; the orchestrator takes Tandem's.
  replyBytes: 0,
}
writeFileSync(fixturePath, JSON.stringify(fixture))
process.stdout.write('ready\n')
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
