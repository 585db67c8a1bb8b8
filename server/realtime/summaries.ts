// Conversation summaries: the one shape every list shows (protocol ConversationSummary). Agents' inboxes
// get them live, coalesced: every conversation that changed in one turn of the event loop goes out
// once, in one `summaries` frame per workspace, however many messages it took. The REST lists build
// the same rows.
import { SUMMARIES_PER_FRAME_MAX, SUMMARY_TEXT_MAX_CHARS } from '../../protocol/limits.ts'
import type { ConversationRow, ConversationSummary, CustomerBadge, LastPublicMessage } from '../../protocol/rest/conversations.ts'
import type { Conversation, Message, Visitor } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { BoundedMap } from '../bounded-map.ts'
import { topics, type Bus } from './bus.ts'

/**
 * How a customer is named in a list: their verified name or email, else the ones they gave themselves
 * (marked unverified), else a short stable tag (verified when their identity is, name or not).
 */
export function customerBadge(visitor: Visitor): CustomerBadge {
  const verified = visitor.name ?? visitor.email
  if (verified !== null) return { displayName: verified, verified: visitor.externalId !== null }
  const claimed = visitor.claims.name ?? visitor.claims.email
  if (claimed !== null) return { displayName: claimed, verified: false }
  return { displayName: `Visitor ${visitor.id.slice(-4)}`, verified: visitor.externalId !== null }
}

/** The start of a message, cut between code points so no half of a surrogate pair is left. */
function preview(text: string): string {
  if (text.length <= SUMMARY_TEXT_MAX_CHARS) return text
  const cut = Array.from(text.slice(0, SUMMARY_TEXT_MAX_CHARS + 1)).slice(0, -1).join('')
  return cut.length > SUMMARY_TEXT_MAX_CHARS ? cut.slice(0, SUMMARY_TEXT_MAX_CHARS - 1) : cut
}

export function lastPublicOf(message: Message): LastPublicMessage {
  return { seq: message.seq, text: preview(message.text), kind: message.kind, at: message.createdAt.toISOString() }
}

export function summaryOf(conversation: Conversation, lastPublic: LastPublicMessage | null, customer: CustomerBadge): ConversationSummary {
  return {
    id: conversation.id,
    siteId: conversation.siteId,
    visitorId: conversation.visitorId,
    status: conversation.status,
    assignee: conversation.assigneeId,
    queuedAt: conversation.queuedAt?.toISOString() ?? null,
    lastSeq: conversation.lastSeq,
    lastPublic,
    customer,
    // A list needs the score and the start of the comment, as it needs the start of the last message.
    rating: conversation.rating && { score: conversation.rating.score, comment: conversation.rating.comment === null ? null : preview(conversation.rating.comment) },
  }
}

/** What a summary needs beyond the conversation, when nobody had it in hand: read from the store. */
async function readLastPublic(store: Store, conversation: Conversation): Promise<LastPublicMessage | null> {
  const [last] = await store.listMessages(conversation.workspaceId, conversation.id, { beforeSeq: conversation.lastSeq + 1, limit: 1, publicOnly: true })
  return last ? lastPublicOf(last) : null
}

async function readBadge(store: Store, conversation: Conversation): Promise<CustomerBadge> {
  const visitor = await store.getVisitor(conversation.workspaceId, conversation.visitorId)
  return visitor ? customerBadge(visitor) : { displayName: 'Visitor', verified: false }
}

/** Summaries of a page of conversations, for the REST lists: each customer read once. */
export async function summariesFor(store: Store, conversations: Conversation[]): Promise<ConversationSummary[]> {
  const badges = new Map<string, Promise<CustomerBadge>>()
  return Promise.all(
    conversations.map(async (conversation) => {
      let badge = badges.get(conversation.visitorId)
      if (!badge) badges.set(conversation.visitorId, (badge = readBadge(store, conversation)))
      return summaryOf(conversation, await readLastPublic(store, conversation), await badge)
    }),
  )
}

/**
 * A page of conversations as `readerId` lists them: each one's summary and that reader's read
 * position (one query for the page's positions).
 */
export async function conversationRows(store: Store, workspaceId: string, readerId: string, conversations: Conversation[]): Promise<ConversationRow[]> {
  const [summaries, positions] = await Promise.all([
    summariesFor(store, conversations),
    store.listReadPositions(workspaceId, readerId, conversations.map((c) => c.id)),
  ])
  return summaries.map((summary) => ({ ...summary, readSeq: positions.get(summary.id) ?? 0 }))
}

/** What this process remembers between summaries, so a busy conversation costs no read per message. */
const REMEMBERED_CONVERSATIONS = 10_000
/** A customer's name can change on another server: what this one remembers is re-read after this long. */
const BADGE_TTL_MS = 30_000

interface Pending {
  conversation: Conversation
  customer?: CustomerBadge
}

/** The last public message known, and the seq up to which nothing later is missing from what was seen. */
interface KnownLast {
  last: LastPublicMessage | null
  through: number
}

export interface InboxSummaries {
  /** The conversation changed (`message`: the one just stored or finished; `customer`: its customer, when read anyway). */
  changed(conversation: Conversation, known?: { message?: Message; customer?: Visitor }): void
}

export interface InboxOptions {
  /** Where a summary that could not be built is reported; the next change sends it again. */
  onError?: (error: unknown) => void
}

/** One coalescer per bus: every part of the server that delivers on it shares the same moment's summaries. */
const inboxes = new WeakMap<Bus, InboxSummaries>()

export function inboxSummaries(store: Store, bus: Bus, options: InboxOptions = {}): InboxSummaries {
  let inbox = inboxes.get(bus)
  if (!inbox) inboxes.set(bus, (inbox = createInbox(store, bus, options)))
  return inbox
}

function createInbox(store: Store, bus: Bus, { onError = () => {} }: InboxOptions): InboxSummaries {
  const lastPublics = new BoundedMap<string, KnownLast>(REMEMBERED_CONVERSATIONS)
  const badges = new BoundedMap<string, { badge: CustomerBadge; at: number }>(REMEMBERED_CONVERSATIONS)
  let pending = new Map<string, Pending>()
  /** Flushes run one after another, so an older summary never overtakes a newer one. */
  let flushing: Promise<void> = Promise.resolve()

  /** What a message stored or finished here tells about the conversation's last public message. */
  function learn(conversationId: string, message: Message) {
    const known = lastPublics.get(conversationId)
    if (message.visibility === 'public') {
      if (!known || message.seq >= known.through) lastPublics.set(conversationId, { last: lastPublicOf(message), through: message.seq })
      // An AI answer finishing after later messages: its text changed, not its place.
      else if (known.last?.seq === message.seq) lastPublics.set(conversationId, { ...known, last: lastPublicOf(message) })
    } else if (known && known.through === message.seq - 1) lastPublics.set(conversationId, { ...known, through: message.seq })
  }

  async function complete({ conversation, customer }: Pending): Promise<ConversationSummary> {
    let known = lastPublics.get(conversation.id)
    // Messages this process did not see (another server's): read, rather than show an older one.
    if (!known || known.through < conversation.lastSeq) {
      known = { last: await readLastPublic(store, conversation), through: conversation.lastSeq }
      lastPublics.set(conversation.id, known)
    }
    let badge = customer
    if (badge) badges.set(conversation.visitorId, { badge, at: Date.now() })
    else {
      const remembered = badges.get(conversation.visitorId)
      if (remembered && Date.now() - remembered.at < BADGE_TTL_MS) badge = remembered.badge
      else {
        badge = await readBadge(store, conversation)
        badges.set(conversation.visitorId, { badge, at: Date.now() })
      }
    }
    return summaryOf(conversation, known.last, badge)
  }

  async function flush(batch: Map<string, Pending>): Promise<void> {
    const byWorkspace = new Map<string, ConversationSummary[]>()
    for (const entry of batch.values()) {
      let summary: ConversationSummary
      try {
        summary = await complete(entry)
      } catch (error) {
        onError(error)
        continue
      }
      const list = byWorkspace.get(entry.conversation.workspaceId) ?? []
      byWorkspace.set(entry.conversation.workspaceId, list)
      list.push(summary)
    }
    for (const [workspaceId, summaries] of byWorkspace) {
      for (let i = 0; i < summaries.length; i += SUMMARIES_PER_FRAME_MAX) {
        bus.publish(topics.agents(workspaceId), { kind: 'frame', frame: { type: 'summaries', conversations: summaries.slice(i, i + SUMMARIES_PER_FRAME_MAX) } })
      }
    }
  }

  return {
    changed(conversation, known = {}) {
      if (pending.size === 0) {
        setImmediate(() => {
          const batch = pending
          pending = new Map()
          flushing = flushing.then(() => flush(batch))
        })
      }
      const before = pending.get(conversation.id)
      const { message, customer } = known
      // The newest state seen this turn: a message's conversation was read before a move made later.
      const newer = !before || conversation.revision >= before.conversation.revision ? conversation : before.conversation
      const lastSeq = Math.max(newer.lastSeq, before?.conversation.lastSeq ?? 0, message?.seq ?? 0)
      const entry: Pending = { ...before, conversation: { ...newer, lastSeq } }
      if (message) learn(conversation.id, message)
      if (customer && customer.id === conversation.visitorId) entry.customer = customerBadge(customer)
      pending.set(conversation.id, entry)
    },
  }
}
