// The Bus port: how one part of the server tells every connection that should know, wherever it is.
// This in-process adapter serves one server process; a Redis adapter will carry the same events
// between processes (design.md, Scale).
import type { ServerFrame } from '../../protocol/frames.ts'

export type BusEvent =
  | { kind: 'frame'; frame: ServerFrame }
  /** Agent sessions were revoked (one, all, or all but one): their sockets must close. */
  | { kind: 'revoked'; sessionId?: string; exceptSessionId?: string }
  /** The site blocked this visitor: their sockets must close. Published on `topics.visitor`. */
  | { kind: 'blocked'; visitorId: string }
  /**
   * The visitor was verified as the site's user `externalId`: their open sockets act as that user
   * from now on and join the user's topic. Published on `topics.visitor`.
   */
  | { kind: 'identified'; visitorId: string; externalId: string }

export type BusListener = (event: BusEvent) => void

export interface Bus {
  /** Delivers the event to every current subscriber of the topic. */
  publish(topic: string, event: BusEvent): void
  /** Listens to a topic until the returned function is called. */
  subscribe(topic: string, listener: BusListener): () => void
}

export function createLocalBus(): Bus {
  const topics = new Map<string, Set<BusListener>>()
  return {
    publish(topic, event) {
      for (const listener of topics.get(topic) ?? []) {
        // One failing listener must not keep the event from the others.
        try {
          listener(event)
        } catch {
          // the listener's own connection handles its errors
        }
      }
    },
    subscribe(topic, listener) {
      let listeners = topics.get(topic)
      if (!listeners) topics.set(topic, (listeners = new Set()))
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) topics.delete(topic)
      }
    },
  }
}

const visitorTopic = (siteId: string, visitorId: string) => `customer:${siteId}:visitor:${visitorId}`

/** Topics, named in one place so publishers and subscribers agree. */
export const topics = {
  /** Every agent of a workspace: the inbox (summaries, conversations opened or moved), presence, statuses. */
  agents: (workspaceId: string) => `agents:${workspaceId}`,
  /** One conversation as its customer sees it: its customer's sockets, and the agents holding or watching it. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** What of one conversation only agents see (notes, the customer typing): the agents holding or watching it. */
  conversationStaff: (conversationId: string) => `conversation:${conversationId}:staff`,
  /** A customer's details as they change (the page they are on): the agents holding or watching one of their conversations. */
  visitorStaff: (visitorId: string) => `visitor:${visitorId}:staff`,
  /** Every tab and device of one customer: by verified identity when there is one. */
  customer: (siteId: string, visitor: { id: string; externalId: string | null }) =>
    visitor.externalId === null ? visitorTopic(siteId, visitor.id) : `customer:${siteId}:user:${visitor.externalId}`,
  /**
   * Every socket of one visitor (one browser), verified or not: each joins it for good, so what
   * concerns this visitor alone (a block, being verified) reaches sockets opened before or after.
   */
  visitor: visitorTopic,
  /** Every customer socket of one site: what concerns them all (whether a person can answer). */
  siteCustomers: (siteId: string) => `site:${siteId}:customers`,
  /** One agent, for revocations. */
  agent: (agentId: string) => `agent:${agentId}`,
}
