// Builds the Fastify application from its parts. It never listens: main.ts does, and tests use
// app.inject() or listen on port 0 themselves.
import cookie from '@fastify/cookie'
import jwt from '@fastify/jwt'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { agentSessions } from './auth/agent-sessions.ts'
import type { Config, TrustProxy } from './config.ts'
import { agentGuards } from './http/agent-guards.ts'
import { agentRoutes } from './http/agent-routes.ts'
import { articleRoutes } from './http/article-routes.ts'
import type { ApiContext } from './http/api-context.ts'
import { authRoutes } from './http/auth-routes.ts'
import { cannedReplyRoutes } from './http/canned-reply-routes.ts'
import { conversationRoutes } from './http/conversation-routes.ts'
import { installCors } from './http/cors.ts'
import { ERROR_SHAPE_OPTIONS, installErrorHandling } from './http/error-handler.ts'
import { eventLoopMonitor } from './event-loop-delay.ts'
import { healthRoutes } from './http/health-routes.ts'
import { meRoutes } from './http/me-routes.ts'
import { openApiRoute } from './http/openapi-route.ts'
import { installRateLimits } from './http/rate-limits.ts'
import { refusedOrigins } from './refused-origins.ts'
import { knowledgeRoutes } from './http/knowledge-routes.ts'
import { reportRoutes } from './http/report-routes.ts'
import { siteRoutes } from './http/site-routes.ts'
import { installValidation } from './http/validation.ts'
import { visitorGuards } from './http/visitor-guards.ts'
import { visitorRoutes } from './http/visitor-routes.ts'
import { readWidgetAssets, widgetRoutes, type WidgetAssets } from './http/widget-routes.ts'
import { agentAppRoutes, readAgentAppAssets, type AgentAppAssets } from './http/agent-app-routes.ts'
import { apiDocsRoutes } from './http/api-docs-routes.ts'
import { demoShopRoutes } from './http/demo-shop-routes.ts'
import { createSecretBox } from './secrets.ts'
import { createLocalBus, topics, type Bus } from './realtime/bus.ts'
import { inboxSummaries } from './realtime/summaries.ts'
import { installGateway, REALTIME_DEFAULTS, type RealtimeOptions } from './realtime/gateway.ts'
import { knowledgeBaseResponder } from './ai/kb-responder.ts'
import type { Responder } from './ai/responder.ts'
import { siteKnowledge } from './ai/site-knowledge.ts'
import { articleEmbeddings } from './ai/article-embeddings.ts'
import { geminiEmbedder } from './ai/embedder.ts'
import { GEMINI_TIMINGS, geminiClient, geminiResponder, type GeminiTimings } from './ai/gemini-responder.ts'
import { agentAssist } from './ai/agent-assist.ts'
import { abandonmentSweep } from './routing/abandonment.ts'
import { agentPresence } from './routing/agent-presence.ts'
import { createRouting } from './routing/routing.ts'
import type { Store } from './store/store.ts'

/** Bodies larger than this are refused with ERR_REQUEST_TOO_LARGE; the bulk article import sets its own. */
export const MAX_BODY_BYTES = 1024 * 1024

export interface AppDeps {
  store: Store
  /** Fans events out to connections; in-process unless another adapter is given. */
  bus?: Bus
  realtime?: Partial<RealtimeOptions>
  /**
   * Writes the AI's answers. By default: Gemini when GEMINI_API_KEY is set (the knowledge-base
   * responder as its fallback), else the knowledge-base responder over the site's help articles.
   */
  responder?: Responder
  /** Gemini's timeouts and retries, shortened by tests. */
  geminiTimings?: GeminiTimings
  /** The built widget; read from dist/ when not given (null: not built, its routes answer 404). */
  widget?: WidgetAssets | null
  /** The agent app's build; undefined: read from dist/, null: none (its routes answer 404). */
  agentApp?: AgentAppAssets | null
  /** Where log lines (JSON, one per write) go instead of stdout: tests read them. */
  logStream?: { write(line: string): void }
  /** false: no line per request (a terminal's readable logs); the server's own lines still come. */
  logRequests?: boolean
}

/**
 * Fastify's trustProxy, except for a hop count: Fastify (5.12.8 on) trusts no hop for a number, since
 * a count cannot tell a proxy from a client that connects directly. TRUST_PROXY=N says every
 * connection comes through N proxies, so the N nearest hops are trusted as proxy-addr always did.
 */
export function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: config.logLevel, ...(deps.logStream ? { stream: deps.logStream } : {}) }, logController: new LogController({ disableRequestLogging: deps.logRequests === false }), bodyLimit: MAX_BODY_BYTES, trustProxy: trustProxyOption(config.trustProxy), ...ERROR_SHAPE_OPTIONS }).withTypeProvider<TypeBoxTypeProvider>()
  // The API speaks JSON only: anything else is a 415, not a string handed to a route.
  app.removeContentTypeParser('text/plain')
  installValidation(app)
  installErrorHandling(app)
  app.decorateRequest('agentAuth', null)
  app.decorateRequest('visitorAuth', null)
  app.decorateRequest('site', null)

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Tandem API',
        version: '1',
        description:
          'Customer-support chat: agents, sites, visitors, conversations, reports. Real-time messages travel over one WebSocket per client at `/v1/ws`, described in [the WebSocket protocol](/docs/protocol) (protocol/README.md).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  })
  await app.register(cookie)
  await app.register(jwt, {
    secret: config.jwtSecret,
    sign: { algorithm: 'HS256', expiresIn: config.accessTokenTtlSeconds },
    // Only HS256 verifies: an "alg: none" token or one signed some other way is refused.
    verify: { algorithms: ['HS256'] },
  })
  await installRateLimits(app)
  await installCors(app, deps.store)

  const bus = deps.bus ?? createLocalBus()
  app.decorate('bus', bus)
  const timings = deps.geminiTimings ?? GEMINI_TIMINGS
  const gemini = config.gemini ? { client: geminiClient(config.gemini, timings), model: config.gemini.model } : null
  const embedder = gemini ? geminiEmbedder(gemini.client) : null
  // With a key, articles are embedded as they are written and the index reads their vectors; each
  // stored batch makes the next question rebuild the index with them.
  const embeddings = embedder ? articleEmbeddings({ store: deps.store, embedder, log: app.log, onStored: (siteId) => knowledge.invalidate(siteId) }) : null
  const knowledge = siteKnowledge(deps.store, { embeddings: () => embeddings })
  const offline = knowledgeBaseResponder(knowledge)
  const configured = gemini
    ? geminiResponder({
        ...gemini,
        knowledge,
        embedder,
        fallback: offline,
        limits: { perVisitorPerHour: config.aiAnswersPerVisitorPerHour, perSitePerDay: config.aiAnswersPerSitePerDay },
        timings,
        log: app.log,
      })
    : offline
  const responder = deps.responder ?? configured
  const assist = agentAssist({
    store: deps.store,
    knowledge,
    gemini,
    log: app.log,
  })
  app.decorate('responder', responder)
  // Before anything delivers on the bus: every delivery shares this inbox and its error log.
  inboxSummaries(deps.store, bus, { onError: (error) => app.log.error({ err: error }, 'a conversation summary could not be built') })
  const routing = createRouting({ store: deps.store, bus, responder, log: app.log })
  const presence = agentPresence({ store: deps.store, bus, routing, offlineGraceMs: config.offlineGraceMs, log: app.log })
  const abandonment = abandonmentSweep({ store: deps.store, routing, abandonAfterMs: config.abandonAfterMs, log: app.log })
  app.decorate('routingEngine', routing)
  app.decorate('presence', presence)
  app.decorate('abandonment', abandonment)
  app.addHook('onReady', async () => {
    await presence.recover()
    abandonment.start()
  })
  const eventLoop = eventLoopMonitor({ warn: (eventLoopDelay, message) => app.log.warn({ eventLoopDelay }, message) })
  app.addHook('onClose', async () => {
    eventLoop.stop()
    await abandonment.stop()
    presence.close()
    await routing.settled()
  })
  const sessions = agentSessions({
    store: deps.store,
    signAccessToken: (claims) => app.jwt.sign(claims),
    onSessionRevoked: (agentId, sessionId) => bus.publish(topics.agent(agentId), { kind: 'revoked', sessionId }),
  })
  if (embeddings) app.addHook('onClose', () => embeddings.settled())
  const refused = refusedOrigins({ store: deps.store, log: app.log })
  app.addHook('onClose', () => refused.settled())
  const ctx: ApiContext = {
    store: deps.store,
    refusedOrigins: refused,
    responder,
    bus,
    routing,
    knowledge,
    embeddings,
    assist,
    presence,
    config,
    sessions,
    secretBox: createSecretBox(config.serverKey),
    ...agentGuards(app, sessions),
    ...visitorGuards(deps.store, refused),
  }
  const widget = deps.widget !== undefined ? deps.widget : readWidgetAssets()
  const agentApp = deps.agentApp !== undefined ? deps.agentApp : readAgentAppAssets()
  if (!widget) app.log.warn('dist/widget.js is missing: /widget.js answers 404 until `npm run bundle` builds it')
  for (const routes of [healthRoutes(deps.store, eventLoop), authRoutes(ctx), meRoutes(ctx), agentRoutes(ctx), siteRoutes(ctx), articleRoutes(ctx), knowledgeRoutes(ctx), reportRoutes(ctx), cannedReplyRoutes(ctx), visitorRoutes(ctx), conversationRoutes(ctx), openApiRoute(), widgetRoutes(widget), agentAppRoutes(agentApp, config.publicUrl), demoShopRoutes(config), apiDocsRoutes()]) {
    await app.register(routes)
  }
  await installGateway(app, { store: deps.store, bus, sessions, routing, presence, refusedOrigins: refused, options: { ...REALTIME_DEFAULTS, ...deps.realtime } })
  return app
}
