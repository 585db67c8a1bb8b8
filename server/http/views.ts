// Records as the API shows them: ISO times, and nothing private (no password hash, no token hash,
// no encrypted secret, no workspace internals a client has no use for).
import type { AgentView } from '../../protocol/rest/agents.ts'
import type { ConversationView, MessageView } from '../../protocol/rest/conversations.ts'
import type { HelpArticleView } from '../../protocol/rest/content.ts'
import type { AvailabilityView, SiteView } from '../../protocol/rest/sites.ts'
import type { VisitorView } from '../../protocol/rest/visitors.ts'
import type { Agent, CannedReply, Conversation, HelpArticle, Message, Site, Visitor } from '../store/records.ts'

const iso = (date: Date) => date.toISOString()
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null)

export function agentView(agent: Agent): AgentView {
  return {
    id: agent.id,
    workspaceId: agent.workspaceId,
    name: agent.name,
    email: agent.email,
    role: agent.role,
    capacity: agent.capacity,
    status: agent.status,
    active: agent.active,
    mustChangePassword: agent.mustChangePassword,
    createdAt: iso(agent.createdAt),
  }
}

export function siteView(site: Site): SiteView {
  return {
    id: site.id,
    key: site.key,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    routingPolicy: site.routingPolicy,
    greeting: site.greeting,
    awayMessage: site.awayMessage,
    businessHours: site.businessHours,
    preChatFields: site.preChatFields,
    locale: site.locale,
    color: site.color,
    createdAt: iso(site.createdAt),
    updatedAt: iso(site.updatedAt),
  }
}

export function widgetConfigView(site: Site, availability: AvailabilityView) {
  return {
    availability,
    name: site.name,
    greeting: site.greeting,
    awayMessage: site.awayMessage,
    color: site.color,
    locale: site.locale,
    preChatFields: site.preChatFields,
    routingPolicy: site.routingPolicy,
  }
}

export function visitorView(visitor: Visitor): VisitorView {
  return {
    id: visitor.id,
    externalId: visitor.externalId,
    verified: visitor.externalId !== null,
    name: visitor.name,
    email: visitor.email,
    attributes: visitor.attributes,
    blocked: visitor.blocked,
    pageContext: visitor.pageContext && { ...visitor.pageContext, at: iso(visitor.pageContext.at) },
    claims: visitor.claims,
    createdAt: iso(visitor.createdAt),
    lastSeenAt: iso(visitor.lastSeenAt),
  }
}

export function conversationView(conversation: Conversation): ConversationView {
  return {
    id: conversation.id,
    siteId: conversation.siteId,
    visitorId: conversation.visitorId,
    status: conversation.status,
    assigneeId: conversation.assigneeId,
    queuedAt: isoOrNull(conversation.queuedAt),
    lastSeq: conversation.lastSeq,
    rating: conversation.rating,
    createdAt: iso(conversation.createdAt),
    updatedAt: iso(conversation.updatedAt),
    lastActivityAt: iso(conversation.lastActivityAt),
    resolvedAt: isoOrNull(conversation.resolvedAt),
  }
}

export function messageView(message: Message): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    kind: message.kind,
    visibility: message.visibility,
    authorId: message.authorId,
    authorName: message.authorName,
    text: message.text,
    notice: message.notice,
    citations: message.citations,
    clientId: message.clientId,
    status: message.status,
    outcome: message.outcome,
    createdAt: iso(message.createdAt),
  }
}

export function helpArticleView(article: HelpArticle): HelpArticleView {
  return {
    id: article.id,
    siteId: article.siteId,
    title: article.title,
    body: article.body,
    url: article.url,
    createdAt: iso(article.createdAt),
    updatedAt: iso(article.updatedAt),
  }
}

export function cannedReplyView(reply: CannedReply) {
  return { id: reply.id, shortcut: reply.shortcut, text: reply.text, createdAt: iso(reply.createdAt), updatedAt: iso(reply.updatedAt) }
}
