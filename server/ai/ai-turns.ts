// Runs the Responder for a conversation whenever the customer is owed an answer by the AI: streams its
// text (ai-stream.ts), ends the answer complete or interrupted, and passes a handoff on to routing.
// Turns run one at a time per visitor (so per conversation too), at most AI_TURNS_PER_SITE_MAX at once
// per site, and further turns wait their turn in call order. A conversation has at most one turn
// waiting: a later message joins it (a turn reads the conversation when it starts), and a turn
// finding the customer already answered does nothing, so three quick messages get one answer to all
// three rather than three, and a visitor sending fast queues no more work than their conversations.
import type { FastifyBaseLogger } from 'fastify'
import type { HandoffReason } from '../../protocol/enums.ts'
import type { Bus } from '../realtime/bus.ts'
import { aiStreams, type AiStream } from '../realtime/ai-stream.ts'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { Citation, Conversation, Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { aiAnswers } from '../routing/policy.ts'
import { openQuestion } from './conversation-text.ts'
import type { Responder } from './responder.ts'

/** How much of the conversation the responder sees: the latest public messages, enough for context. */
export const AI_HISTORY_MESSAGES = 40
/**
 * AI turns of one site running at once: a site's visitors (or one script opening many visitors)
 * cannot fill the event loop with answers; the other sites' turns and every socket go on meanwhile.
 */
export const AI_TURNS_PER_SITE_MAX = 4

export interface Handoff {
  code: HandoffReason
  reason: string
  summary?: string
}

export interface AiTurnDeps {
  store: Store
  bus: Bus
  responder: Responder
  /** The responder asked for a person, or failed: routing takes it from here. */
  handOff(conversation: Conversation, handoff: Handoff): Promise<void>
  log: FastifyBaseLogger
}

export interface AiTurns {
  /** The customer wrote: answer if the AI speaks in this conversation now. Returns when the turn is over. */
  answer(conversation: Conversation, site: Site): Promise<void>
  /** A person took over: cut the answer being written, if any. */
  stop(conversationId: string): void
  /** Every turn in progress, for a clean shutdown and for tests. */
  settled(): Promise<void>
}

export function aiTurns({ store, bus, responder, handOff, log }: AiTurnDeps): AiTurns {
  const streams = aiStreams({ store, bus })
  const byVisitor = new KeyedLock()
  const bySite = keyedSlots(AI_TURNS_PER_SITE_MAX)
  const running = new Map<string, AbortController>()
  /** Per conversation, its turn that waits to start: later messages join it rather than queue another. */
  const waiting = new Map<string, Promise<void>>()
  const pending = new Set<Promise<void>>()

  async function turn(conversationId: string, workspaceId: string, site: Site) {
    // Registered before anything is read, so a person taking over at any point stops this turn.
    const controller = new AbortController()
    running.set(conversationId, controller)
    try {
      await bySite.run(site.id, () => answerNow(conversationId, workspaceId, site, controller.signal))
    } finally {
      running.delete(conversationId)
    }
  }

  async function answerNow(conversationId: string, workspaceId: string, site: Site, signal: AbortSignal) {
    const conversation = await store.getConversation(workspaceId, conversationId)
    if (!conversation || !aiAnswers(site.routingPolicy, conversation)) return
    const history = await store.listMessages(workspaceId, conversationId, {
      beforeSeq: conversation.lastSeq + 1,
      limit: AI_HISTORY_MESSAGES,
      publicOnly: true,
    })
    // Answered already (by an earlier turn that saw this message too), or nothing asked. Routing's
    // own notices ("you are in line") answer nothing.
    if (history.findLast((message) => message.kind !== 'system')?.kind !== 'customer') return

    let stream: AiStream | null = null
    let citations: Citation[] = []
    let handoff: Handoff | null = null
    try {
      for await (const event of responder.respond({ site, conversation, history, question: openQuestion(history), signal })) {
        if (signal.aborted) break
        if (event.type === 'text') {
          stream ??= await streams.start(conversation)
          await stream.append(event.delta)
        } else if (event.type === 'citations') citations = event.citations
        else handoff = { code: event.code, reason: event.reason, ...(event.summary ? { summary: event.summary } : {}) }
      }
      if (stream) await (signal.aborted ? stream.interrupt() : stream.complete(citations))
    } catch (error) {
      log.warn({ err: error, conversationId, responder: responder.name }, 'the AI responder failed')
      // Never leave the customer waiting on an answer that is not coming: a person takes over.
      if (!signal.aborted) handoff = { code: 'ai_failure', reason: 'The assistant could not answer.' }
      if (stream) {
        await stream.interrupt().catch((cause: unknown) => log.error({ err: cause, conversationId }, 'could not mark the AI answer interrupted'))
      }
    }
    if (handoff && !signal.aborted) await handOff(conversation, handoff)
  }

  return {
    answer(conversation, site) {
      const queued = waiting.get(conversation.id)
      if (queued) return queued
      const done = byVisitor
        .run(conversation.visitorId, () => {
          waiting.delete(conversation.id)
          return turn(conversation.id, conversation.workspaceId, site)
        })
        .catch((error: unknown) => log.error({ err: error, conversationId: conversation.id }, 'an AI turn failed'))
      waiting.set(conversation.id, done)
      pending.add(done)
      void done.finally(() => pending.delete(done))
      return done
    },
    stop(conversationId) {
      running.get(conversationId)?.abort()
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending])
    },
  }
}

/** Runs async work at most `max` at a time per key; the rest waits, first come first served. */
function keyedSlots(max: number) {
  const slots = new Map<string, { active: number; queue: (() => void)[] }>()
  return {
    async run<T>(key: string, work: () => Promise<T>): Promise<T> {
      let slot = slots.get(key)
      if (!slot) slots.set(key, (slot = { active: 0, queue: [] }))
      const mine = slot
      if (mine.active >= max) await new Promise<void>((resolve) => mine.queue.push(resolve))
      else mine.active++
      try {
        return await work()
      } finally {
        // A slot is handed straight to the next in line, so none can be taken out of turn.
        const next = mine.queue.shift()
        if (next) next()
        else if (--mine.active === 0) slots.delete(key)
      }
    },
  }
}
