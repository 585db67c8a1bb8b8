// Which conversations a connection may touch, decided on the server from who the connection is:
// a visitor its own (and, once verified, its other devices') on its site; an agent its workspace's.
import type { Conversation, Visitor } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import type { Actor } from './connection.ts'

export async function visibleConversation(store: Store, actor: Actor, conversationId: string): Promise<Conversation | null> {
  if (actor.role === 'agent') return store.getConversation(actor.agent.workspaceId, conversationId)
  const conversation = await store.getConversation(actor.site.workspaceId, conversationId)
  if (!conversation || conversation.siteId !== actor.site.id) return null
  if (conversation.visitorId === actor.visitor.id) return conversation
  if (actor.visitor.externalId === null) return null
  const owner = await store.getVisitor(actor.site.workspaceId, conversation.visitorId)
  return owner?.externalId === actor.visitor.externalId ? conversation : null
}

/** The customer behind a conversation, for addressing their tabs. */
export async function customerOf(store: Store, conversation: Conversation): Promise<Visitor | null> {
  return store.getVisitor(conversation.workspaceId, conversation.visitorId)
}
