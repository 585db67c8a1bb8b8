// What every group of routes receives: the Store, the settings and the shared services. Wired once
// in app.ts, so routes never reach for a global.
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault, FastifyBaseLogger } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Config } from '../config.ts'
import type { AgentSessions } from '../auth/agent-sessions.ts'
import type { Bus } from '../realtime/bus.ts'
import type { AbandonmentSweep } from '../routing/abandonment.ts'
import type { AgentPresence } from '../routing/agent-presence.ts'
import type { Routing } from '../routing/routing.ts'
import type { SiteKnowledge } from '../ai/site-knowledge.ts'
import type { ArticleEmbeddings } from '../ai/article-embeddings.ts'
import type { Responder } from '../ai/responder.ts'
import type { AgentAssist } from '../ai/agent-assist.ts'
import type { SecretBox } from '../secrets.ts'
import type { RefusedOrigins } from '../refused-origins.ts'
import type { Agent, AgentSession, Site, Visitor } from '../store/records.ts'
import type { Store } from '../store/store.ts'

export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

export interface ApiContext {
  store: Store
  config: Config
  sessions: AgentSessions
  /** Tells live connections what happened, e.g. that a session was revoked. */
  bus: Bus
  /** Who answers each conversation: assignment, queue, transfer, resolve. */
  routing: Routing
  /** Each site's help articles, indexed for the AI; told when articles change. */
  knowledge: SiteKnowledge
  /** With a Gemini key: keeps the articles' embeddings up to date; told when articles change. */
  embeddings: ArticleEmbeddings | null
  /** Summaries and suggested replies for agents. */
  assist: AgentAssist
  /** Which agents have sockets here, and their grace periods. */
  presence: AgentPresence
  secretBox: SecretBox
  /** Refusals of pages whose origin a site does not allow, kept for the site's owner. */
  refusedOrigins: RefusedOrigins
  /** Who writes the AI's answers (the site's help center offline, or Gemini). */
  responder: Responder
  /** Any signed-in, active agent whose password is settled. */
  requireAgent: Guard
  /** requireAgent, and the agent is an admin. */
  requireAdmin: Guard
  /** A visitor token of the site in the path, from one of the site's allowed origins. */
  requireVisitor: Guard
  /** The site in the path, called from one of its allowed origins (no token needed). */
  requireSiteOrigin: Guard
}

export interface AgentAuth {
  agent: Agent
  session: AgentSession
}

export interface VisitorAuth {
  site: Site
  visitor: Visitor
}

declare module 'fastify' {
  interface FastifyRequest {
    agentAuth: AgentAuth | null
    visitorAuth: VisitorAuth | null
    site: Site | null
  }
  interface FastifyInstance {
    /** The app's Bus, for the parts of the server that tell connections what happened. */
    bus: Bus
    /** The routing engine (`routing` is Fastify's own). */
    routingEngine: Routing
    /** Who writes the AI's answers, for the start-up banner. */
    responder: Responder
    presence: AgentPresence
    abandonment: AbandonmentSweep
    /**
     * One heartbeat of the WebSocket gateway (drop the sockets that left the last ping unanswered, ping
     * the rest); its timer calls it every heartbeatMs, tests call it themselves.
     */
    heartbeat: () => void
  }
  interface FastifyContextConfig {
    /** Reachable by an agent who still has to replace a one-time password. */
    allowPendingPasswordChange?: boolean
  }
}
