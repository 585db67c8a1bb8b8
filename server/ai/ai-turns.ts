// Runs the Responder for a conversation whenever the customer is owed an answer by the AI: streams its
// text (ai-stream.ts), ends the answer complete or interrupted, and passes a handoff on to routing.
// Turns run one at a time per conversation, and a turn finding the customer already answered does
// nothing, so three quick messages get one answer to all three rather than three.
import type { FastifyBaseLogger } from 'fastify'
import type { Bus } from '../realtime/bus.ts'
import { aiStreams, type AiStream } from '../realtime/ai-stream.ts'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { Citation, Conversation, Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { aiAnswers } from '../routing/policy.ts'
import type { Responder } from './responder.ts'

/** How much of the conversation the responder sees: the latest public messages, enough for context. */
export const AI_HISTORY_MESSAGES = 40

export interface Handoff {
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
  const turns = new KeyedLock()
  const running = new Map<string, AbortController>()
  const pending = new Set<Promise<void>>()

  async function turn(conversationId: string, workspaceId: string, site: Site) {
    // Registered before anything is read, so a person taking over at any point stops this turn.
    const controller = new AbortController()
    running.set(conversationId, controller)
    try {
      await answerNow(conversationId, workspaceId, site, controller.signal)
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
      for await (const event of responder.respond({ site, conversation, history, signal })) {
        if (signal.aborted) break
        if (event.type === 'text') {
          stream ??= await streams.start(conversation)
          await stream.append(event.delta)
        } else if (event.type === 'citations') citations = event.citations
        else handoff = { reason: event.reason, ...(event.summary ? { summary: event.summary } : {}) }
      }
      if (stream) await (signal.aborted ? stream.interrupt() : stream.complete(citations))
    } catch (error) {
      log.warn({ err: error, conversationId, responder: responder.name }, 'the AI responder failed')
      // Never leave the customer waiting on an answer that is not coming: a person takes over.
      if (!signal.aborted) handoff = { reason: 'The assistant could not answer.' }
      if (stream) {
        await stream.interrupt().catch((cause: unknown) => log.error({ err: cause, conversationId }, 'could not mark the AI answer interrupted'))
      }
    }
    if (handoff && !signal.aborted) await handOff(conversation, handoff)
  }

  return {
    answer(conversation, site) {
      const done = turns
        .run(conversation.id, () => turn(conversation.id, conversation.workspaceId, site))
        .catch((error: unknown) => log.error({ err: error, conversationId: conversation.id }, 'an AI turn failed'))
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
