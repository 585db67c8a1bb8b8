// The agents' side of conversations and customers, always within the caller's own workspace. Every
// filter that names a record (a site, an agent, a visitor) must name one of that workspace. Taking,
// transferring and resolving are the routing engine's: these routes only say who asks.
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { PAGE_DEFAULT } from '../../protocol/limits.ts'
import { NoBody } from '../../protocol/rest/common.ts'
import {
  ConversationPage,
  ConversationParams,
  ConversationView,
  HistoryQuery,
  HistoryReply,
  ListConversationsQuery,
  SuggestionReply,
  SummaryReply,
  TransferBody,
} from '../../protocol/rest/conversations.ts'
import { BlockBody, VisitorParams, VisitorView } from '../../protocol/rest/visitors.ts'
import { TandemError } from '../errors.ts'
import type { Agent, Conversation, Visitor } from '../store/records.ts'
import type { ConversationFilter } from '../store/store.ts'
import { topics } from '../realtime/bus.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { readHistory } from './conversation-history.ts'
import { conversationRows } from '../realtime/summaries.ts'
import { conversationView, visitorView } from './views.ts'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

export function conversationRoutes(ctx: ApiContext) {
  const { store } = ctx

  async function conversationOr404(workspaceId: string, conversationId: string): Promise<Conversation> {
    const conversation = await store.getConversation(workspaceId, conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    return conversation
  }

  async function visitorOr404(workspaceId: string, visitorId: string): Promise<Visitor> {
    const visitor = await store.getVisitor(workspaceId, visitorId)
    if (!visitor) throw new TandemError('ERR_VISITOR_NOT_FOUND')
    return visitor
  }

  /** The list query in the Store's terms; each named record is checked to be the workspace's. */
  async function filterFor(agent: Agent, query: ListConversationsQuery): Promise<ConversationFilter> {
    const workspaceId = agent.workspaceId
    const filter: ConversationFilter = {}
    if (query.status !== undefined) filter.status = query.status
    if (query.assignee === 'me') filter.assigneeId = agent.id
    else if (query.assignee === 'none') filter.assigneeId = null
    else if (query.assignee !== undefined) {
      if (!(await store.getAgent(workspaceId, query.assignee))) throw new TandemError('ERR_AGENT_NOT_FOUND')
      filter.assigneeId = query.assignee
    }
    if (query.siteKey !== undefined) {
      const site = await store.findSiteByKey(query.siteKey)
      if (!site || site.workspaceId !== workspaceId) throw new TandemError('ERR_SITE_NOT_FOUND')
      filter.siteId = site.id
    }
    if (query.visitorId !== undefined) {
      // The customer's previous conversations include their other verified devices', as they see them.
      const visitor = await visitorOr404(workspaceId, query.visitorId)
      const linked = visitor.externalId === null ? [] : await store.listVisitorsByExternalId(workspaceId, visitor.siteId, visitor.externalId)
      filter.visitorIds = [...new Set([visitor.id, ...linked.map((v) => v.id)])]
    }
    if (query.queued) filter.queued = true
    if (query.q !== undefined) filter.search = query.q
    return filter
  }

  return async function register(app: Api) {
    app.get(
      '/v1/conversations',
      {
        schema: {
          tags: ['conversations'],
          summary: "The workspace's conversations, filtered; newest first, or oldest first in the queue",
          querystring: ListConversationsQuery,
          response: { 200: ConversationPage, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const { agent } = callerOf(request)
        const filter = await filterFor(agent, request.query)
        const page = await store.listConversations(agent.workspaceId, filter, {
          limit: request.query.limit ?? PAGE_DEFAULT,
          cursor: request.query.cursor ?? null,
        })
        return { items: await conversationRows(store, agent.workspaceId, agent.id, page.items), nextCursor: page.nextCursor }
      },
    )

    app.get(
      '/v1/conversations/:conversationId',
      {
        schema: { tags: ['conversations'], summary: 'One conversation', params: ConversationParams, response: { 200: ConversationView, ...errors } },
        preHandler: ctx.requireAgent,
      },
      async (request) => conversationView(await conversationOr404(callerOf(request).agent.workspaceId, request.params.conversationId)),
    )

    app.get(
      '/v1/conversations/:conversationId/messages',
      {
        schema: {
          tags: ['conversations'],
          summary: "A page of the conversation's messages, private notes included",
          params: ConversationParams,
          querystring: HistoryQuery,
          response: { 200: HistoryReply, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const conversation = await conversationOr404(callerOf(request).agent.workspaceId, request.params.conversationId)
        return readHistory(store, conversation, request.query, false)
      },
    )

    app.post(
      '/v1/conversations/:conversationId/resolve',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Resolve a conversation (its assignee, an admin, or anyone while unassigned); resolving twice is harmless',
          params: ConversationParams,
          body: NoBody,
          response: { 200: ConversationView, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const { agent } = callerOf(request)
        return conversationView(await ctx.routing.resolve(agent, request.params.conversationId))
      },
    )

    app.post(
      '/v1/conversations/:conversationId/take',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Take a conversation nobody holds (waiting in the queue or with the AI); taking your own is harmless',
          params: ConversationParams,
          body: NoBody,
          response: { 200: ConversationView, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => conversationView(await ctx.routing.take(callerOf(request).agent, request.params.conversationId)),
    )

    app.post(
      '/v1/conversations/:conversationId/transfer',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Hand a conversation to a colleague who is not offline (its holder, an admin, or anyone while nobody holds it), with a private note for them',
          params: ConversationParams,
          body: TransferBody,
          response: { 200: ConversationView, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const { agent } = callerOf(request)
        return conversationView(await ctx.routing.transfer(agent, request.params.conversationId, request.body.agentId, request.body.note))
      },
    )

    app.post(
      '/v1/conversations/:conversationId/summary',
      {
        schema: {
          tags: ['conversations'],
          summary: 'A short summary of the conversation for the agent (Gemini when configured, else extracted)',
          params: ConversationParams,
          body: NoBody,
          response: { 200: SummaryReply, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => ctx.assist.summarise(await conversationOr404(callerOf(request).agent.workspaceId, request.params.conversationId)),
    )

    app.post(
      '/v1/conversations/:conversationId/suggested-reply',
      {
        schema: {
          tags: ['conversations'],
          summary: 'A reply to the open question for the agent to edit and send; the server never sends it',
          params: ConversationParams,
          body: NoBody,
          response: { 200: SuggestionReply, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const conversation = await conversationOr404(callerOf(request).agent.workspaceId, request.params.conversationId)
        const site = await store.getSite(conversation.workspaceId, conversation.siteId)
        if (!site) throw new TandemError('ERR_SITE_NOT_FOUND')
        return ctx.assist.suggestReply(conversation, site)
      },
    )

    app.get(
      '/v1/visitors/:visitorId',
      {
        schema: { tags: ['visitors'], summary: 'A customer, for the conversation sidebar', params: VisitorParams, response: { 200: VisitorView, ...errors } },
        preHandler: ctx.requireAgent,
      },
      async (request) => visitorView(await visitorOr404(callerOf(request).agent.workspaceId, request.params.visitorId)),
    )

    app.post(
      '/v1/visitors/:visitorId/block',
      {
        schema: {
          tags: ['visitors'],
          summary: "Block or unblock a customer: a blocked visitor's token is refused from the next request on",
          params: VisitorParams,
          body: BlockBody,
          response: { 200: VisitorView, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const workspaceId = callerOf(request).agent.workspaceId
        const visitor = await visitorOr404(workspaceId, request.params.visitorId)
        const updated = await store.updateVisitor(workspaceId, visitor.id, { blocked: request.body.blocked })
        if (!updated) throw new TandemError('ERR_VISITOR_NOT_FOUND')
        // Open widgets of this visitor close now, not at their next reconnect: on the visitor's own
        // topic, which every socket of theirs joins whether it opened before or after verifying.
        if (updated.blocked) ctx.bus.publish(topics.visitor(updated.siteId, updated.id), { kind: 'blocked', visitorId: updated.id })
        return visitorView(updated)
      },
    )
  }
}
