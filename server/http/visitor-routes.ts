// The widget's side of the API. Every route names its site in the path and must come from one of
// the site's allowed origins; all but the first carry the visitor token the widget keeps. A token
// opens only its own conversations (or, once verified, those of the same user's other devices), and
// any other conversation is "not found", never "forbidden", so an id reveals nothing.
import type { FastifyRequest } from 'fastify'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { ATTRIBUTES_MAX, PAGE_DEFAULT } from '../../protocol/limits.ts'
import { NoBody } from '../../protocol/rest/common.ts'
import {
  ConversationPage,
  ConversationView,
  HistoryQuery,
  HistoryReply,
  RatingBody,
  SiteConversationParams,
  VisitorConversationsQuery,
} from '../../protocol/rest/conversations.ts'
import { SiteParams } from '../../protocol/rest/sites.ts'
import { ClaimAttributesBody, CreateVisitorReply, IdentifyBody, PreChatBody, VisitorView } from '../../protocol/rest/visitors.ts'
import { TandemError } from '../errors.ts'
import { hashToken, identityHash, newToken, safeEqual } from '../secrets.ts'
import type { Conversation, Site, VisitorClaims } from '../store/records.ts'
import { CUSTOMER_READER, type VisitorPatch } from '../store/store.ts'
import type { Api, ApiContext, VisitorAuth } from './api-context.ts'
import { topics } from '../realtime/bus.ts'
import { visibleConversation } from '../realtime/conversation-access.ts'
import { readHistory } from './conversation-history.ts'
import { visitorOf } from './visitor-guards.ts'
import { conversationRows } from '../realtime/summaries.ts'
import { conversationView, visitorView } from './views.ts'
import { claimsFromPreChat } from './pre-chat.ts'

/**
 * A signed-in user's widget identifies once per page load. A hash cannot be guessed at any rate, so
 * this only caps the load one address can put on the secret decryption and the database.
 */
export const IDENTIFY_MAX_PER_IP_PER_MINUTE = 60
/** A page sets attributes a few times per load and answers a pre-chat form once: this is generous. */
export const CLAIMS_MAX_PER_IP_PER_MINUTE = 120

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema }
const tags = ['visitors']
const bearer = [{ bearer: [] }]

export function visitorRoutes(ctx: ApiContext) {
  const { store } = ctx

  /** The visitor and, once verified, every other device of the same user on this site. */
  async function linkedVisitorIds({ site, visitor }: VisitorAuth): Promise<string[]> {
    if (visitor.externalId === null) return [visitor.id]
    const linked = await store.listVisitorsByExternalId(site.workspaceId, site.id, visitor.externalId)
    return [...new Set([visitor.id, ...linked.map((v) => v.id)])]
  }

  /** The same rule the WebSocket applies: one place decides what a visitor may see. */
  async function ownConversation(request: FastifyRequest, conversationId: string): Promise<Conversation> {
    const { site, visitor } = visitorOf(request)
    const conversation = await visibleConversation(store, { role: 'visitor', site, visitor }, conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    return conversation
  }

  /** Stores what the customer said about themselves, and shows it to the agents who watch them now. */
  async function saveClaims(request: FastifyRequest, claims: VisitorClaims) {
    const { site, visitor } = visitorOf(request)
    if (Object.keys(claims.attributes).length > ATTRIBUTES_MAX) throw new TandemError('ERR_VISITOR_ATTRIBUTES_TOO_MANY')
    const updated = await store.updateVisitor(site.workspaceId, visitor.id, { claims, lastSeenAt: new Date() })
    if (!updated) throw new TandemError('ERR_VISITOR_TOKEN_INVALID')
    const view = visitorView(updated)
    ctx.bus.publish(topics.visitorStaff(updated.id), { kind: 'frame', frame: { type: 'visitor', visitor: view } })
    return view
  }

  return async function register(app: Api) {
    // A widget makes one visitor per browser and keeps it, but many browsers share an address behind
    // an office or a mobile carrier's NAT: whoever runs Tandem says how many a minute are still people.
    const createLimit = app.rateLimit({ max: ctx.config.visitorsPerAddressPerMinute, timeWindow: 60_000 })
    const identifyLimit = app.rateLimit({ max: IDENTIFY_MAX_PER_IP_PER_MINUTE, timeWindow: 60_000 })
    const claimsLimit = app.rateLimit({ max: CLAIMS_MAX_PER_IP_PER_MINUTE, timeWindow: 60_000 })

    app.post(
      '/v1/sites/:siteKey/visitors',
      {
        schema: {
          tags,
          summary: 'Start an anonymous visitor; the token is shown only this once',
          params: SiteParams,
          // A visitor starts anonymous: anything it claimed about itself here would look as
          // trustworthy as a verified identity, so nothing is taken.
          body: NoBody,
          response: { 201: CreateVisitorReply, ...errors },
        },
        onRequest: createLimit,
        preHandler: ctx.requireSiteOrigin,
      },
      async (request, reply) => {
        const site = request.site as Site
        const visitorToken = newToken()
        const visitor = await store.createVisitor(site.workspaceId, { siteId: site.id, tokenHash: hashToken(visitorToken) })
        return reply.status(201).send({ visitorToken, visitor: visitorView(visitor) })
      },
    )

    app.get(
      '/v1/sites/:siteKey/visitors/me',
      { schema: { tags, summary: 'The calling visitor', security: bearer, params: SiteParams, response: { 200: VisitorView, ...errors } }, preHandler: ctx.requireVisitor },
      async (request) => {
        const { site, visitor } = visitorOf(request)
        const seen = await store.updateVisitor(site.workspaceId, visitor.id, { lastSeenAt: new Date() })
        return visitorView(seen ?? visitor)
      },
    )

    app.post(
      '/v1/sites/:siteKey/visitors/me/identify',
      {
        schema: {
          tags,
          summary: "Verify the host site's signed-in user: links their devices; name and email are trusted only from here",
          security: bearer,
          params: SiteParams,
          body: IdentifyBody,
          response: { 200: VisitorView, ...errors },
        },
        onRequest: identifyLimit,
        preHandler: ctx.requireVisitor,
      },
      async (request) => {
        const { site, visitor } = visitorOf(request)
        const { userId, userHash, name, email, attributes } = request.body
        const expected = identityHash(ctx.secretBox.open(site.secretEncrypted), userId)
        if (!safeEqual(expected, userHash.toLowerCase())) throw new TandemError('ERR_IDENTITY_HASH_INVALID')
        // Another user signing in on the same browser gets a new visitor, or they would inherit
        // this one's conversations and every device linked to it.
        if (visitor.externalId !== null && visitor.externalId !== userId) throw new TandemError('ERR_IDENTITY_ALREADY_VERIFIED')
        const patch: VisitorPatch = { externalId: userId, lastSeenAt: new Date() }
        if (name !== undefined) patch.name = name
        if (email !== undefined) patch.email = email
        if (attributes !== undefined) patch.attributes = attributes
        const updated = await store.updateVisitor(site.workspaceId, visitor.id, patch)
        if (!updated) throw new TandemError('ERR_VISITOR_TOKEN_INVALID')
        // The widgets already open (this tab's socket, other tabs, on any server) join the user's
        // topic now; told again on every identify, so one lost event is mended at the next page load.
        ctx.bus.publish(topics.visitor(site.id, visitor.id), { kind: 'identified', visitorId: visitor.id, externalId: userId })
        return visitorView(updated)
      },
    )

    app.post(
      '/v1/sites/:siteKey/visitors/me/attributes',
      {
        schema: {
          tags,
          summary: "Facts the page tells about its customer (Tandem.setAttributes), kept as unverified claims beside a verified identity's",
          security: bearer,
          params: SiteParams,
          body: ClaimAttributesBody,
          response: { 200: VisitorView, ...errors },
        },
        onRequest: claimsLimit,
        preHandler: ctx.requireVisitor,
      },
      async (request) => {
        const { claims } = visitorOf(request).visitor
        return saveClaims(request, { ...claims, attributes: { ...claims.attributes, ...request.body.attributes } })
      },
    )

    app.post(
      '/v1/sites/:siteKey/visitors/me/pre-chat',
      {
        schema: {
          tags,
          summary: "Answers to the site's pre-chat form, checked against its fields and kept as unverified claims",
          security: bearer,
          params: SiteParams,
          body: PreChatBody,
          response: { 200: VisitorView, ...errors },
        },
        onRequest: claimsLimit,
        preHandler: ctx.requireVisitor,
      },
      async (request) => {
        const { site, visitor } = visitorOf(request)
        return saveClaims(request, claimsFromPreChat(site.preChatFields, request.body.answers, visitor.claims))
      },
    )

    app.get(
      '/v1/sites/:siteKey/visitors/me/conversations',
      {
        schema: {
          tags,
          summary: "The visitor's conversations on this site (every linked device's, once verified), newest first",
          security: bearer,
          params: SiteParams,
          querystring: VisitorConversationsQuery,
          response: { 200: ConversationPage, ...errors },
        },
        preHandler: ctx.requireVisitor,
      },
      async (request) => {
        const auth = visitorOf(request)
        const page = await store.listConversations(
          auth.site.workspaceId,
          { siteId: auth.site.id, visitorIds: await linkedVisitorIds(auth) },
          { limit: request.query.limit ?? PAGE_DEFAULT, cursor: request.query.cursor ?? null },
        )
        return { items: await conversationRows(store, auth.site.workspaceId, CUSTOMER_READER, page.items), nextCursor: page.nextCursor }
      },
    )

    app.get(
      '/v1/sites/:siteKey/visitors/me/conversations/:conversationId',
      { schema: { tags, summary: "One of the visitor's conversations", security: bearer, params: SiteConversationParams, response: { 200: ConversationView, ...errors } }, preHandler: ctx.requireVisitor },
      async (request) => conversationView(await ownConversation(request, request.params.conversationId)),
    )

    app.get(
      '/v1/sites/:siteKey/visitors/me/conversations/:conversationId/messages',
      {
        schema: {
          tags,
          summary: "A page of the conversation's messages; agents' private notes are never included",
          security: bearer,
          params: SiteConversationParams,
          querystring: HistoryQuery,
          response: { 200: HistoryReply, ...errors },
        },
        preHandler: ctx.requireVisitor,
      },
      async (request) => readHistory(store, await ownConversation(request, request.params.conversationId), request.query, true),
    )

    app.post(
      '/v1/sites/:siteKey/visitors/me/conversations/:conversationId/rating',
      {
        schema: {
          tags,
          summary: 'Rate a resolved conversation (a new rating replaces the last)',
          security: bearer,
          params: SiteConversationParams,
          body: RatingBody,
          response: { 200: ConversationView, ...errors },
        },
        preHandler: ctx.requireVisitor,
      },
      async (request) => {
        const conversation = await ownConversation(request, request.params.conversationId)
        if (conversation.status !== 'resolved') throw new TandemError('ERR_CONVERSATION_NOT_RESOLVED')
        const rating = { score: request.body.score, comment: request.body.comment ?? null }
        const updated = await store.updateConversation(conversation.workspaceId, conversation.id, { rating })
        if (!updated) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
        return conversationView(updated)
      },
    )
  }
}
