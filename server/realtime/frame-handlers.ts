// What each inbound frame does once it has passed validation and the rate limit.
import type { FastifyBaseLogger } from 'fastify'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ContextFrame, FeedbackFrame, HandoffFrame, ReadFrame, ResumeFrame, SendFrame, ServerFrame, TypingFrame, UnwatchFrame, WatchFrame } from '../../protocol/frames.ts'
import { TandemError } from '../errors.ts'
import { conversationView, messageView, visitorView } from '../http/views.ts'
import type { Routing } from '../routing/routing.ts'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { Conversation, Message } from '../store/records.ts'
import { CUSTOMER_READER, type Store } from '../store/store.ts'
import { topics, type Bus } from './bus.ts'
import type { Attention } from './attention.ts'
import type { Connection } from './connection.ts'
import { visibleConversation } from './conversation-access.ts'
import { delivery } from './deliver.ts'
import { isResendOf } from './resend.ts'

/** Messages read per resume page; between pages the event loop serves everyone else. */
const RESUME_PAGE = 100
/** A typing "true" is relayed at most this often per conversation and connection. */
export const TYPING_THROTTLE_MS = 1000

/** What one resume may send at most, across all its conversations (RESUME_MAX_MESSAGES, RESUME_MAX_BYTES). */
export interface ResumeBudget {
  messages: number
  bytes: number
}

export interface HandlerDeps {
  store: Store
  bus: Bus
  /** What the connection hears of each conversation. */
  attentionOf: (connection: Connection) => Attention
  routing: Routing
  log: FastifyBaseLogger
  resumeBudget: ResumeBudget
}

export function frameHandlers({ store, bus, attentionOf, routing, log, resumeBudget }: HandlerDeps) {
  const lastTyping = new WeakMap<Connection, Map<string, number>>()
  const sending = new KeyedLock()
  const deliver = delivery(store, bus)

  function ack(connection: Connection, clientId: string, message: Message) {
    connection.send({ type: 'ack', clientId, conversationId: message.conversationId, seq: message.seq, createdAt: message.createdAt.toISOString() })
  }

  /** A frame whose clientId is already stored: the original ack for a resend, refused otherwise. */
  function ackResend(connection: Connection, frame: SendFrame, original: Message) {
    if (!isResendOf(original, frame)) throw new TandemError('ERR_FRAME_CLIENT_ID_REUSED')
    ack(connection, frame.clientId, original)
  }

  /** A customer's socket that writes, types or reads in a conversation of theirs hears it from then on. */
  function follow(connection: Connection, conversation: Conversation) {
    if (connection.actor.role === 'visitor') attentionOf(connection).follow(conversation.id)
  }

  async function conversationFor(connection: Connection, frame: SendFrame): Promise<{ conversation: Conversation; opened: boolean } | null> {
    const { actor } = connection
    if (frame.conversationId !== undefined) {
      const conversation = await visibleConversation(store, actor, frame.conversationId)
      if (conversation) follow(connection, conversation)
      return conversation ? { conversation, opened: false } : null
    }
    if (actor.role === 'agent') throw new TandemError('ERR_FRAME_INVALID', 'An agent message needs a conversationId.')
    // Under a human-first policy routing queues it at once, which records that a person is needed
    // (read from the site as it is then, not as it was when this socket said hello).
    const conversation = await store.createConversation(actor.site.workspaceId, { siteId: actor.site.id, visitorId: actor.visitor.id })
    follow(connection, conversation)
    return { conversation, opened: true }
  }

  /**
   * One at a time per author and clientId: a resend racing its original (a reconnect while the old
   * socket's frame is still in hand, two tabs flushing one outbox) would otherwise find no original
   * yet and open a second, empty conversation. In-process only; across servers the store's unique
   * (author, clientId) still keeps the message single.
   */
  function send(connection: Connection, frame: SendFrame) {
    return sending.run(`${connection.workspaceId}:${connection.actorId}:${frame.clientId}`, () => sendOnce(connection, frame))
  }

  async function sendOnce(connection: Connection, frame: SendFrame) {
    const { actor } = connection
    if (frame.note && actor.role !== 'agent') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Only agents write notes.')
    // A resend after a lost ack gets the original ack again and changes nothing. The append finds the
    // original itself (created: false), so it is looked up first only where the frame would otherwise
    // change or refuse something before the append: opening or reopening a conversation, or a refusal.
    let lookedUp: Promise<Message | null> | undefined
    const original = () => (lookedUp ??= store.findMessageByClientId(connection.workspaceId, connection.actorId, frame.clientId))
    const answeredAsResend = async () => {
      const found = await original()
      if (found) ackResend(connection, frame, found)
      return found !== null
    }
    // The visitor as stored now, not as they were at hello: a block that reached this socket as no
    // event (set in the store alone, or landing while this frame was in hand) still stops the write,
    // before it opens or reopens a conversation. Delivery below reuses it: no read is added.
    const author = actor.role === 'visitor' ? await store.getVisitor(actor.site.workspaceId, actor.visitor.id) : null
    if (actor.role === 'visitor' && (!author || author.blocked)) {
      if (await answeredAsResend()) return
      connection.sendError('ERR_VISITOR_BLOCKED', undefined, frame.clientId)
      return connection.close(CLOSE_CODES.VISITOR_BLOCKED, 'blocked')
    }
    if (frame.conversationId === undefined && (await answeredAsResend())) return

    const target = await conversationFor(connection, frame)
    if (!target) {
      if (await answeredAsResend()) return
      throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    }
    let { conversation } = target
    if (conversation.status === 'resolved' && (await answeredAsResend())) return
    if (actor.role === 'agent' && !frame.note) {
      // An agent answering a resolved conversation opens it again, theirs (unless a colleague held it):
      // a reply into a closed conversation would reach a customer nobody is routed to.
      if (conversation.status === 'resolved') conversation = await routing.agentReopens(actor.agent, conversation)
      // Only the agent holding a conversation answers the customer; colleagues leave notes, or take or
      // are transferred the conversation first.
      else if (conversation.assigneeId !== actor.agent.id) {
        if (await answeredAsResend()) return
        throw new TandemError('ERR_ACCESS_NOT_ASSIGNEE')
      }
    }
    if (actor.role === 'visitor') {
      // A customer writing again reopens a resolved conversation rather than talking into a closed one.
      conversation = await routing.reopenIfResolved(conversation)
    }
    // Closed by the server meanwhile (blocked, revoked): the block event came while this frame waited.
    if (connection.closedByServer) return
    const stored = await store.appendMessage(conversation.workspaceId, {
      conversationId: conversation.id,
      kind: actor.role === 'visitor' ? 'customer' : frame.note ? 'note' : 'agent',
      authorId: connection.actorId,
      authorName: actor.role === 'agent' ? actor.agent.name : null,
      clientId: frame.clientId,
      text: frame.text,
    })
    if (!stored) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    // Already stored (a resend, or another server stored it first): judged as a resend.
    if (!stored.created) return ackResend(connection, frame, stored.message)
    ack(connection, frame.clientId, stored.message)
    if (target.opened) {
      const current = (await store.getConversation(conversation.workspaceId, conversation.id)) ?? conversation
      await deliver.changed(current)
    }
    deliver.message(conversation, stored.message, author?.id === conversation.visitorId ? author : undefined)
    if (actor.role === 'visitor') {
      // The message is stored and acknowledged: a routing failure must not read as a failed send.
      await routing.customerWrote(conversation).catch((error: unknown) => log.error({ err: error, conversationId: conversation.id }, 'routing a customer message failed'))
    }
  }

  // Live frames wait until the history is sent, so each conversation arrives in seq order.
  const resume = (connection: Connection, frame: Pick<ResumeFrame, 'conversations'>) => connection.holdingLive(() => resumeNow(connection, frame))

  /**
   * Each conversation once (named twice, from the lower afterSeq), and no more than the budget in
   * all: a conversation cut short, or not reached, gets `resumed` with `more: true` and the client
   * resumes it again from that lastSeq. Output stays near the scale of the request, and a client
   * that stops reading is closed by the connection's back-pressure, not buffered for.
   */
  async function resumeNow(connection: Connection, frame: Pick<ResumeFrame, 'conversations'>) {
    const points = new Map<string, number>()
    for (const { conversationId, afterSeq } of frame.conversations) points.set(conversationId, Math.min(afterSeq, points.get(conversationId) ?? afterSeq))
    let messagesLeft = resumeBudget.messages
    let bytesLeft = resumeBudget.bytes
    let sentAny = false
    let spent = false
    for (const [conversationId, from] of points) {
      if (connection.closedByServer) return
      // The budget ran out in an earlier conversation: not read at all, the client asks again.
      if (spent) {
        connection.send({ type: 'resumed', conversationId, lastSeq: from, more: true })
        continue
      }
      const conversation = await visibleConversation(store, connection.actor, conversationId)
      if (!conversation) {
        connection.sendError('ERR_CONVERSATION_NOT_FOUND', `No conversation ${conversationId} for this connection.`)
        continue
      }
      // Heard from now on, before its history is read: nothing falls between the two. For an agent
      // a resume opens the conversation, like a watch (a held one already is).
      const attention = attentionOf(connection)
      if (connection.actor.role === 'visitor') attention.follow(conversation.id)
      else if (!attention.attends(conversation.id) && !attention.watch(conversation)) {
        connection.sendError('ERR_WATCH_LIMIT', `Not resumed: ${conversationId} would be past the conversations this socket may watch.`)
        continue
      }
      let afterSeq = from
      for (;;) {
        // One more than the budget allows, to tell "cut short" from "all sent".
        const limit = Math.min(RESUME_PAGE, messagesLeft + 1)
        const page = await store.listMessages(conversation.workspaceId, conversation.id, {
          afterSeq,
          limit,
          publicOnly: connection.actor.role === 'visitor',
        })
        for (const message of page) {
          const data = JSON.stringify({ type: 'message', message: messageView(message) } satisfies ServerFrame)
          const bytes = Buffer.byteLength(data)
          // A first message over the whole byte budget still goes, or that client could never get past it.
          if (messagesLeft === 0 || (bytes > bytesLeft && sentAny)) {
            spent = true
            break
          }
          if (!connection.sendSerialized(data)) return
          messagesLeft--
          bytesLeft -= bytes
          sentAny = true
          afterSeq = message.seq
        }
        if (spent || page.length < limit) break
        // A long resume on a synchronous store must not hold the event loop: others are served between pages.
        await nextTurn()
        if (connection.closedByServer) return
      }
      // What was sent here, not the conversation's lastSeq: a message stored since the last page
      // follows live, and a client told it was already caught up to that seq would drop it.
      connection.send({ type: 'resumed', conversationId: conversation.id, lastSeq: afterSeq, ...(spent ? { more: true as const } : {}) })
      if (connection.actor.role === 'visitor') {
        const queue = await routing.queueStatus(conversation)
        if (queue) connection.send(queue)
      }
    }
  }

  /** Sends a frame to the other side of a conversation: an agent's to everyone, a customer's to the agents on it. */
  function relay(connection: Connection, conversation: Conversation, frame: Parameters<Connection['send']>[0]) {
    if (connection.actor.role === 'agent') deliver.toEveryone(conversation, frame)
    else deliver.toStaff(conversation, frame)
  }

  async function typing(connection: Connection, frame: TypingFrame) {
    const conversation = await visibleConversation(store, connection.actor, frame.conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    follow(connection, conversation)
    if (frame.typing) {
      const seen = lastTyping.get(connection) ?? new Map<string, number>()
      lastTyping.set(connection, seen)
      const now = Date.now()
      if (now - (seen.get(conversation.id) ?? 0) < TYPING_THROTTLE_MS) return
      seen.set(conversation.id, now)
    } else {
      // The next "true" starts a new stretch of typing: relay it at once, or the other side would
      // be shown "stopped" for up to TYPING_THROTTLE_MS while this side types on.
      lastTyping.get(connection)?.delete(conversation.id)
    }
    relay(connection, conversation, {
      type: 'typing',
      conversationId: conversation.id,
      role: connection.actor.role,
      actorId: connection.actorId,
      typing: frame.typing,
    })
  }

  /**
   * Stored before it is relayed, so unread counts survive a reload. Everyone hears it, the reader's
   * own other tabs and devices too, which is how their counts agree without a refetch.
   */
  async function read(connection: Connection, frame: ReadFrame) {
    const conversation = await visibleConversation(store, connection.actor, frame.conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    follow(connection, conversation)
    const reader = connection.actor.role === 'agent' ? connection.actorId : CUSTOMER_READER
    const seq = await store.markRead(conversation.workspaceId, conversation.id, reader, Math.min(frame.seq, conversation.lastSeq))
    deliver.toEveryone(conversation, { type: 'read', conversationId: conversation.id, role: connection.actor.role, actorId: connection.actorId, seq })
  }

  async function context(connection: Connection, frame: ContextFrame) {
    const { actor } = connection
    if (actor.role !== 'visitor') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Only visitors report the page they are on.')
    const visitor = await store.updateVisitor(actor.site.workspaceId, actor.visitor.id, {
      pageContext: {
        url: frame.url,
        title: frame.title ?? null,
        referrer: frame.referrer || null,
        locale: frame.locale ?? null,
        userAgent: frame.userAgent ?? null,
        at: new Date(),
      },
      lastSeenAt: new Date(),
    })
    if (visitor) bus.publish(topics.visitorStaff(visitor.id), { kind: 'frame', frame: { type: 'visitor', visitor: visitorView(visitor) } })
  }

  /** "Talk to a person", from the customer. */
  async function handoff(connection: Connection, frame: HandoffFrame) {
    if (connection.actor.role !== 'visitor') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Agents take or transfer conversations instead.')
    const conversation = await visibleConversation(store, connection.actor, frame.conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    follow(connection, conversation)
    const current = await routing.customerAskedForPerson(conversation)
    // Already with a person (or just given one): the asker learns where the conversation stands.
    if (current.assigneeId !== null) connection.send({ type: 'conversation', conversation: conversationView(current) })
  }

  /** The customer's quick reply to an AI answer: recorded on it (every tab hears it), then acted on. */
  async function feedback(connection: Connection, frame: FeedbackFrame) {
    if (connection.actor.role !== 'visitor') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Only the customer says whether an answer helped.')
    const conversation = await visibleConversation(store, connection.actor, frame.conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    follow(connection, conversation)
    const [answer] = await store.listMessages(conversation.workspaceId, conversation.id, { afterSeq: frame.seq - 1, limit: 1, publicOnly: true })
    if (!answer || answer.seq !== frame.seq || answer.kind !== 'ai' || answer.status !== 'complete') throw new TandemError('ERR_MESSAGE_NOT_AN_ANSWER')
    const updated = await store.updateMessage(conversation.workspaceId, conversation.id, frame.seq, { outcome: frame.outcome })
    if (!updated) throw new TandemError('ERR_MESSAGE_NOT_AN_ANSWER')
    deliver.toEveryone(conversation, { type: 'message', message: messageView(updated) })
    if (frame.outcome === 'more_help') await routing.moreHelpWanted(conversation)
  }

  /** Agents: this socket hears the conversation whole; with afterSeq, what it missed comes first. */
  async function watch(connection: Connection, frame: WatchFrame) {
    if (connection.actor.role !== 'agent') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Customers hear their own conversations already.')
    const conversation = await visibleConversation(store, connection.actor, frame.conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    if (!attentionOf(connection).watch(conversation)) throw new TandemError('ERR_WATCH_LIMIT')
    if (frame.afterSeq !== undefined) await resume(connection, { conversations: [{ conversationId: conversation.id, afterSeq: frame.afterSeq }] })
    // How far the customer has read, as stored: an agent opening the conversation can say "Seen" of
    // replies read before it was open (live `read` frames tell only what is read from now on).
    const seq = (await store.listReadPositions(conversation.workspaceId, CUSTOMER_READER, [conversation.id])).get(conversation.id) ?? 0
    if (seq > 0) connection.send({ type: 'read', conversationId: conversation.id, role: 'visitor', actorId: conversation.visitorId, seq })
  }

  function unwatch(connection: Connection, frame: UnwatchFrame) {
    if (connection.actor.role !== 'agent') throw new TandemError('ERR_FRAME_NOT_ALLOWED', 'Customers hear their own conversations already.')
    attentionOf(connection).unwatch(frame.conversationId)
  }

  return { send, resume, typing, read, context, handoff, feedback, watch, unwatch }
}
