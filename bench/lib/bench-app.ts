// What every bench server process shares: the production app on the configured Store (as `npm start`
// builds it, from the same environment), the people a run seeds straight through the Store, and a
// shutdown on SIGTERM as main.ts does it.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import type { RealtimeOptions } from '../../server/realtime/gateway.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { openStore } from '../../server/store/open-store.ts'
import type { AgentRole, RoutingPolicy } from '../../protocol/enums.ts'
import type { Store } from '../../server/store/store.ts'
import { BENCH_ORIGIN } from './fixture.ts'

/** An environment variable the orchestrator must set. */
export function requiredEnv(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}

export interface BenchApp {
  config: Config
  store: Store
  app: FastifyInstance
}

/** The app, not listening yet; `realtime` lifts per-socket limits where one client process speaks for many people. */
export async function openBenchApp(realtime: Partial<RealtimeOptions> = {}): Promise<BenchApp> {
  const env = process.env
  const config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' })
  const opened = await openStore(config)
  const app = await buildApp(config, { store: opened.store, realtime })
  closeOnSignals(app, opened.close)
  return { config, store: opened.store, app }
}

/** Work to do before the app closes (a profile to write), run once on SIGTERM or SIGINT. */
const beforeClose: (() => Promise<void>)[] = []
export function onClose(work: () => Promise<void>): void {
  beforeClose.push(work)
}

function closeOnSignals(app: FastifyInstance, closeStore: () => Promise<void>): void {
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(1), 10_000).unref()
    for (const work of beforeClose) await work()
    await app.close()
    await closeStore()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

/** A workspace and one site that pages on BENCH_ORIGIN may use. */
export async function benchSite({ config, store }: BenchApp, input: { workspace: string; site: string; routingPolicy: RoutingPolicy }) {
  const workspace = await store.createWorkspace({ name: input.workspace })
  const { site } = await createSiteWithSecret(store, createSecretBox(config.serverKey), workspace.id, {
    name: input.site,
    allowedOrigins: [BENCH_ORIGIN],
    routingPolicy: input.routingPolicy,
  })
  return { workspace, site }
}

/**
 * An agent (an admin with `role`) with a session, and an access token signed with the app's own key:
 * no agent signs in with a password in a bench run (argon2 is measured by nothing here).
 */
export async function benchAgent({ store, app }: BenchApp, workspaceId: string, input: { name: string; email: string; online: boolean; role?: AgentRole }) {
  const agent = await store.createAgent(workspaceId, { name: input.name, email: input.email, passwordHash: 'unused: no password sign-in in a bench run', role: input.role ?? 'agent', capacity: 50 })
  // Online only where the run connects the agent: one marked online with no socket is taken offline
  // after the grace period, and routing would then move its conversations mid-run.
  if (input.online) await store.updateAgent(workspaceId, agent.id, { status: 'online' })
  const session = await store.createAgentSession(workspaceId, { agentId: agent.id, userAgent: 'bench', expiresAt: new Date(Date.now() + 3600_000) })
  return { agent, accessToken: app.jwt.sign({ sub: agent.id, ws: workspaceId, sid: session.id }) }
}

/** A visitor and the token its widget would hold. */
export async function benchVisitor(store: Store, workspaceId: string, siteId: string) {
  const token = newToken()
  const visitor = await store.createVisitor(workspaceId, { siteId, tokenHash: hashToken(token) })
  return { visitor, token }
}

/** Listens on a free loopback port; returns it. */
export async function listenLocal(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  return typeof address === 'object' && address ? address.port : 0
}
