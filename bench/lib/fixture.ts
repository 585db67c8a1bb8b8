// What a relay server (Tandem or the baseline) tells the load client about one run: where it
// listens and who may connect as whom.
import type { RealtimeOptions } from '../../server/realtime/gateway.ts'

/** The page origin every bench customer connects from; the bench site allows only it. */
export const BENCH_ORIGIN = 'http://shop.bench.example'

/**
 * The limits one load-client process would hit as if it were one abusive client: every customer
 * connects from 127.0.0.1, and one agent socket answers for 50 conversations. Lifted for the bench
 * only, here, through buildApp's realtime options; `npm start` never reads them.
 */
export const LIFTED_LIMITS: Partial<RealtimeOptions> = {
  framesPerSecond: 1_000_000,
  frameBurst: 1_000_000,
  visitorSocketsPerAddressMax: 1_000_000,
  socketsPerVisitorMax: 1_000_000,
  socketsPerAgentMax: 1_000_000,
}

export interface Fixture {
  kind: 'tandem' | 'baseline'
  store: 'sqlite' | 'mongodb' | 'none'
  port: number
  siteKey: string
  origin: string
  agents: { id: string; accessToken: string }[]
  /** One per pair: the customer, their conversation, and which agent holds it. */
  customers: { visitorId: string; visitorToken: string; conversationId: string; agentIndex: number }[]
}
