// What one socket hears of each conversation. An agent's sockets get a conversation's full frames
// (messages, notes, streams, typing, reads, the customer's details) only while the agent holds it or
// the socket watches it; everything else reaches them as inbox summaries. A customer's sockets follow
// their own conversations.
import { FOLLOWED_AT_VERIFY, FOLLOWED_CONVERSATIONS_MAX, WATCHED_CONVERSATIONS_MAX } from '../../protocol/limits.ts'
import type { ConversationView } from '../../protocol/rest/conversations.ts'
import type { Conversation } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { topics, type Bus, type BusListener } from './bus.ts'
import type { Actor, Connection } from './connection.ts'

interface ConversationRef {
  id: string
  visitorId: string
}

export class Attention {
  readonly #connection: Connection
  readonly #bus: Bus
  readonly #listener: BusListener
  readonly #watchMax: number
  readonly #followMax: number
  readonly #held = new Set<string>()
  readonly #watched = new Set<string>()
  /** The customer of each conversation joined as an agent, and how many joined are theirs. */
  readonly #visitorOf = new Map<string, string>()
  readonly #visitorCount = new Map<string, number>()
  /** A customer socket's conversations, oldest followed first. */
  readonly #followed = new Set<string>()

  constructor(connection: Connection, bus: Bus, listener: BusListener, limits: { watchMax?: number; followMax?: number } = {}) {
    this.#connection = connection
    this.#bus = bus
    this.#listener = listener
    this.#watchMax = limits.watchMax ?? WATCHED_CONVERSATIONS_MAX
    this.#followMax = limits.followMax ?? FOLLOWED_CONVERSATIONS_MAX
  }

  /** Whether this agent socket gets the conversation's full frames. */
  attends(conversationId: string): boolean {
    return this.#held.has(conversationId) || this.#watched.has(conversationId)
  }

  /** The agent holds it (from hello, or a `conversation` frame naming them): on every one of their sockets. */
  hold(conversation: ConversationRef): void {
    this.#held.add(conversation.id)
    this.#join(conversation)
  }

  /** The agent no longer holds it (moved, resolved): still heard if this socket watches it. */
  release(conversationId: string): void {
    if (this.#held.delete(conversationId) && !this.#watched.has(conversationId)) this.#leave(conversationId)
  }

  /** false, and nothing changes, past WATCHED_CONVERSATIONS_MAX; watching one held or watched already is free. */
  watch(conversation: ConversationRef): boolean {
    if (this.#watched.has(conversation.id)) return true
    if (this.#held.has(conversation.id)) {
      this.#watched.add(conversation.id)
      return true
    }
    if (this.#watchedBesidesHeld() >= this.#watchMax) return false
    this.#watched.add(conversation.id)
    this.#join(conversation)
    return true
  }

  /** A held conversation watched too costs nothing, since the agent hears it anyway. */
  #watchedBesidesHeld(): number {
    let count = 0
    for (const id of this.#watched) if (!this.#held.has(id)) count++
    return count
  }

  unwatch(conversationId: string): void {
    if (this.#watched.delete(conversationId) && !this.#held.has(conversationId)) this.#leave(conversationId)
  }

  /** A customer socket hears the conversation as its customer does; past the bound the oldest followed is let go. */
  follow(conversationId: string): void {
    if (this.#followed.has(conversationId)) return
    this.#followed.add(conversationId)
    this.#connection.listen(this.#bus, topics.conversation(conversationId), this.#listener)
    if (this.#followed.size > this.#followMax) {
      const oldest = this.#followed.values().next().value as string
      this.#followed.delete(oldest)
      this.#connection.unlisten(topics.conversation(oldest))
    }
  }

  #join({ id, visitorId }: ConversationRef): void {
    if (this.#visitorOf.has(id)) return
    this.#visitorOf.set(id, visitorId)
    this.#connection.listen(this.#bus, topics.conversation(id), this.#listener)
    this.#connection.listen(this.#bus, topics.conversationStaff(id), this.#listener)
    const count = this.#visitorCount.get(visitorId) ?? 0
    this.#visitorCount.set(visitorId, count + 1)
    if (count === 0) this.#connection.listen(this.#bus, topics.visitorStaff(visitorId), this.#listener)
  }

  #leave(id: string): void {
    const visitorId = this.#visitorOf.get(id)
    if (visitorId === undefined) return
    this.#visitorOf.delete(id)
    this.#connection.unlisten(topics.conversation(id))
    this.#connection.unlisten(topics.conversationStaff(id))
    const count = (this.#visitorCount.get(visitorId) ?? 1) - 1
    if (count > 0) this.#visitorCount.set(visitorId, count)
    else {
      this.#visitorCount.delete(visitorId)
      this.#connection.unlisten(topics.visitorStaff(visitorId))
    }
  }
}

/** Held conversations read per page at hello: an agent holding more is paged through, never cut off. */
const HELD_PAGE = 100

/**
 * What an agent's socket starts out hearing, before its welcome: the open conversations the agent
 * holds. A customer's socket starts with none: it follows what it resumes (its hello names them),
 * writes in or is told of, so an anonymous visitor's connect costs no listing.
 */
export async function holdAtHello(store: Store, actor: Actor, attention: Attention): Promise<void> {
  if (actor.role !== 'agent') return
  let cursor: string | null = null
  do {
    const page = await store.listConversations(actor.agent.workspaceId, { assigneeId: actor.agent.id, status: 'open' }, { limit: HELD_PAGE, cursor })
    for (const conversation of page.items) attention.hold(conversation)
    cursor = page.nextCursor
  } while (cursor !== null)
}

/**
 * A customer socket verified while open: the user's newest conversations on their other devices
 * (and this one), followed from now on and returned, oldest first, to be shown.
 */
export async function followVerifiedUser(store: Store, actor: Actor, attention: Attention): Promise<Conversation[]> {
  if (actor.role !== 'visitor') return []
  const { site, visitor } = actor
  if (visitor.externalId === null) return []
  const linked = await store.listVisitorsByExternalId(site.workspaceId, site.id, visitor.externalId)
  const visitorIds = [...new Set([visitor.id, ...linked.map((v) => v.id)])]
  const newest = await store.listConversations(site.workspaceId, { siteId: site.id, visitorIds }, { limit: FOLLOWED_AT_VERIFY, cursor: null })
  // Oldest first, so the newest are the last to be let go.
  const oldestFirst = newest.items.reverse()
  for (const conversation of oldestFirst) attention.follow(conversation.id)
  return oldestFirst
}

/**
 * A `conversation` frame on its way to this socket: an agent's sockets start or stop hearing the
 * conversation whole as the agent comes to hold it or not; a customer's follow it (one just opened,
 * or reopened on another device).
 */
export function attendTo(actor: Actor, attention: Attention, conversation: ConversationView): void {
  if (actor.role === 'visitor') return attention.follow(conversation.id)
  if (conversation.assigneeId === actor.agent.id && conversation.status === 'open') attention.hold(conversation)
  else attention.release(conversation.id)
}
