// "Ask the knowledge base": an admin puts a question to a site's AI as a customer would and sees what it
// would say (the answer and its citations, or the handoff and its reason) beside what the help-center
// search found and the figures that decide whether a passage is trusted. Nothing is stored: the
// question runs through the site's responder on a conversation that exists only for this request. A
// Gemini answer costs what a customer's does, so it counts against the site's AI budget (the admin is
// one "visitor" of it) and the route has a rate limit of its own.
import { randomUUID } from 'node:crypto'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { AskKnowledgeBody, AskKnowledgeReply } from '../../protocol/rest/content.ts'
import { SiteParams } from '../../protocol/rest/sites.ts'
import { MIN_CONFIDENCE, trusted } from '../ai/knowledge-base.ts'
import type { ResponderEvent } from '../ai/responder.ts'
import type { Citation, Conversation, Message, Site } from '../store/records.ts'
import { newConversationFacts } from '../store/defaults.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { siteOfWorkspace } from './site-routes.ts'

export const ASKS_PER_ADMIN_PER_MINUTE = 30
/** Passages shown with their figures: the responders look at the first four at most. */
const MATCHES_SHOWN = 5
const EXCERPT_CHARS = 160
/** A responder that has not finished by then is cut off, and the admin told what it had said so far: well within the agent app's 15 s wait for any request. */
export const ASK_TIMEOUT_MS = 10_000

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema }

/** A conversation of one question, as the responder would see a customer's first message. */
function trialConversation(site: Site, adminId: string, question: string): { conversation: Conversation; history: Message[] } {
  const now = new Date()
  const id = `ask_${randomUUID()}`
  const conversation: Conversation = {
    id,
    workspaceId: site.workspaceId,
    siteId: site.id,
    // The AI budget per visitor is counted by this id: each admin has one of their own.
    visitorId: `admin:${adminId}`,
    status: 'open',
    assigneeId: null,
    queuedAt: null,
    revision: 0,
    lastSeq: 1,
    rating: null,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    resolvedAt: null,
    facts: newConversationFacts(),
  }
  const message: Message = {
    id: `${id}_1`,
    workspaceId: site.workspaceId,
    conversationId: id,
    seq: 1,
    kind: 'customer',
    visibility: 'public',
    authorId: conversation.visitorId,
    authorName: null,
    text: question,
    notice: null,
    citations: [],
    clientId: null,
    status: 'complete',
    outcome: null,
    createdAt: now,
  }
  return { conversation, history: [message] }
}

export function knowledgeRoutes(ctx: ApiContext) {
  return async function register(app: Api) {
    const perAdmin = app.rateLimit({
      max: ASKS_PER_ADMIN_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (request) => `ask:${request.agentAuth?.agent.id ?? request.ip}`,
    })

    app.post(
      '/v1/sites/:siteKey/knowledge/ask',
      {
        schema: {
          tags: ['articles'],
          summary: "Ask the site's AI a question as a customer would (admin): its answer or handoff, and what the search found",
          params: SiteParams,
          body: AskKnowledgeBody,
          response: { 200: AskKnowledgeReply, ...errors },
        },
        // The caller is known before the limit is counted, so each admin has their own.
        preHandler: [ctx.requireAdmin, perAdmin],
      },
      async (request, reply) => {
        const admin = callerOf(request).agent
        const site = await siteOfWorkspace(ctx.store, admin.workspaceId, request.params.siteKey)
        const question = request.body.question.trim()
        const base = await ctx.knowledge.forSite(site)
        const matches = base.search(question, MATCHES_SHOWN).map((match) => ({
          title: match.passage.title,
          url: match.passage.url,
          excerpt: match.passage.text.slice(0, EXCERPT_CHARS),
          score: match.score,
          coverage: match.coverage,
          confidence: match.confidence,
          trusted: trusted(match),
        }))

        const { conversation, history } = trialConversation(site, admin.id, question)
        let text = ''
        let citations: Citation[] = []
        let handoffReason: string | null = null
        // Cut off when it takes too long, or when the admin leaves (a Gemini call is not paid for nobody).
        const left = new AbortController()
        // The response's close before it was written means the connection went; the request's own
        // close only says the body was read.
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) left.abort()
        })
        const signal = AbortSignal.any([AbortSignal.timeout(ASK_TIMEOUT_MS), left.signal])
        try {
          for await (const event of ctx.responder.respond({ site, conversation, history, question, signal }) as AsyncIterable<ResponderEvent>) {
            if (event.type === 'text') text += event.delta
            else if (event.type === 'citations') citations = event.citations
            else handoffReason = event.reason
            if (signal.aborted) break
          }
        } catch (error) {
          // What a customer would see when the AI fails: a person takes over. The admin also sees why.
          request.log.warn({ err: error, siteKey: site.key }, 'the responder failed on a question asked by an admin')
          handoffReason ??= 'The AI failed while answering; a customer would be handed to a person.'
        }
        if (signal.aborted) handoffReason ??= `The responder took longer than ${ASK_TIMEOUT_MS / 1000} s; this is what it had said.`
        return {
          responder: ctx.responder.name,
          outcome: handoffReason !== null ? ('handoff' as const) : text === '' ? ('silent' as const) : ('answer' as const),
          text,
          citations,
          handoffReason,
          matches,
          threshold: MIN_CONFIDENCE,
        }
      },
    )
  }
}
