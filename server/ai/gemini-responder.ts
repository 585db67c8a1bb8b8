// The Gemini responder (@google/genai): the conversation, a system instruction and this site's best
// passages go to the model; its answer streams to the customer with citations; its handoff_to_human
// call moves the conversation to a person with the model's reason and summary. A Gemini that cannot
// be reached (timeouts, 429s and 5xx after the client's retries) degrades to the fallback responder
// before a word is shown; a stream cut after the first words ends interrupted and offers a person.
import { asksForPerson, previousQuestion } from './conversation-text.ts'
import type { Embedder } from './embedder.ts'
import { GoogleGenAI, Type, type FunctionCall, type GenerateContentResponse } from '@google/genai'
import type { FastifyBaseLogger } from 'fastify'
import type { GeminiConfig } from '../config.ts'
import type { Citation } from '../store/records.ts'
import { aiLimits, type AiLimitSettings } from './ai-limits.ts'
import { citationOf, type Passage } from './knowledge-base.ts'
import { citedPassages, conversationContents, HANDOFF_FUNCTION, systemInstruction } from './prompt.ts'
import type { Responder, ResponderEvent, ResponderRequest } from './responder.ts'
import type { SiteKnowledge } from './site-knowledge.ts'

/** Passages of the site's help articles sent with each question. */
export const PASSAGES_PER_QUESTION = 4
const REASON_MAX_CHARS = 500
const SUMMARY_MAX_CHARS = 2000

export interface GeminiTimings {
  /** One HTTP attempt, from request to the first byte of the answer. */
  requestTimeoutMs: number
  /** Silence allowed between two pieces of a streamed answer before it counts as cut. */
  idleTimeoutMs: number
  /** Attempts in all (429, 408, 5xx are retried with exponential backoff), and the first delay. */
  attempts: number
  initialRetryDelayMs: number
  /**
   * How long a question's embedding may take, retries included, before its passages are ranked by
   * words alone: a second is many times a normal embedding call, and little beside a whole answer.
   */
  embedTimeoutMs: number
}

export const GEMINI_TIMINGS: GeminiTimings = { requestTimeoutMs: 20_000, idleTimeoutMs: 15_000, attempts: 3, initialRetryDelayMs: 1000, embedTimeoutMs: 1000 }

export const geminiTexts = {
  visitorLimit: "I can't answer more questions right now, so a person from the team will take it from here.",
}

export const handoffDeclaration = {
  name: HANDOFF_FUNCTION,
  description: 'Hand the conversation to a human agent of the team. Use it when the customer asks for a person, is upset, or needs something the help articles do not cover.',
  parameters: {
    type: Type.OBJECT,
    properties: {
      reason: { type: Type.STRING, description: 'Why a person should take over, in one sentence.' },
      summary: { type: Type.STRING, description: 'What the customer needs and what was already said, for the agent.' },
    },
    required: ['reason', 'summary'],
  },
}

/** The handoff a function call asks for, or null when the call is not one the server accepts. */
export function handoffFrom(call: FunctionCall): { reason: string; summary: string } | null {
  if (call.name !== HANDOFF_FUNCTION) return null
  const args = call.args as Record<string, unknown> | undefined
  const reason = typeof args?.reason === 'string' ? args.reason.trim() : ''
  const summary = typeof args?.summary === 'string' ? args.summary.trim() : ''
  if (!reason || reason.length > REASON_MAX_CHARS || summary.length > SUMMARY_MAX_CHARS) return null
  const extra = Object.keys(args ?? {}).filter((key) => key !== 'reason' && key !== 'summary')
  if (extra.length > 0) return null
  return { reason, summary }
}

export interface GeminiResponderDeps {
  /** Made by geminiClient(); the agents' summaries and suggestions share it. */
  client: GoogleGenAI
  model: string
  knowledge: SiteKnowledge
  /** Answers when Gemini cannot: the knowledge-base responder. */
  fallback: Responder
  limits: AiLimitSettings
  timings?: GeminiTimings
  log: FastifyBaseLogger
  /** Embeds the question, when the site's articles are embedded, for the passages' fused ranking. */
  embedder?: Embedder | null
}

export function geminiClient(gemini: GeminiConfig, timings: GeminiTimings): GoogleGenAI {
  return new GoogleGenAI({
    apiKey: gemini.apiKey,
    httpOptions: {
      ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
      timeout: timings.requestTimeoutMs,
      retryOptions: {
        attempts: timings.attempts,
        initialDelay: timings.initialRetryDelayMs / 1000,
        maxDelay: (timings.initialRetryDelayMs * 8) / 1000,
        httpStatusCodes: [408, 429, 500, 502, 503, 504],
      },
    },
  })
}

/** The stream's pieces, failing when none arrives for `idleMs` (the connection hangs mid-answer). */
async function* withIdleTimeout<T>(stream: AsyncGenerator<T>, idleMs: number, onIdle: () => void): AsyncGenerator<T> {
  for (;;) {
    let timer: NodeJS.Timeout | undefined
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onIdle()
        reject(new Error(`no answer from Gemini for ${idleMs} ms`))
      }, idleMs)
    })
    try {
      const next = await Promise.race([stream.next(), idle])
      if (next.done) return
      yield next.value
    } finally {
      clearTimeout(timer)
    }
  }
}

const uniqueCitations = (passages: readonly Passage[]): Citation[] => {
  const seen = new Set<string>()
  return passages.map(citationOf).filter((c) => !seen.has(c.title + c.url) && seen.add(c.title + c.url))
}

export function geminiResponder({ client, model, knowledge, fallback, limits, timings = GEMINI_TIMINGS, log, embedder = null }: GeminiResponderDeps): Responder {
  const allowance = aiLimits(limits)

  /**
   * The question's vector, or null when it cannot be had within timings.embedTimeoutMs: the turn
   * then ranks by words alone rather than wait (the customer is watching the typing dots).
   */
  async function questionVector(text: string, request: ResponderRequest): Promise<Float32Array | null> {
    if (!embedder) return null
    try {
      const [vector] = await embedder.embed([text], 'query', AbortSignal.any([request.signal, AbortSignal.timeout(timings.embedTimeoutMs)]))
      return vector ?? null
    } catch (error) {
      if (!request.signal.aborted) log.warn({ err: error, conversationId: request.conversation.id }, 'the question could not be embedded in time; its passages are ranked by words alone')
      return null
    }
  }

  async function passagesFor(request: ResponderRequest): Promise<Passage[]> {
    const base = await knowledge.forSite(request.site)
    const previous = previousQuestion(request.history)
    const vector = base.embedded ? await questionVector(previous === '' ? request.question : `${previous}\n${request.question}`, request) : null
    return vector ? base.fusedSearch(request.question, vector, PASSAGES_PER_QUESTION, previous) : base.search(request.question, PASSAGES_PER_QUESTION, previous).map((m) => m.passage)
  }

  async function* answer(request: ResponderRequest): AsyncGenerator<ResponderEvent> {
    const { site, conversation, history, question } = request
    const passages = await passagesFor(request)
    const contents = conversationContents(history)
    if (contents.length === 0) return

    const cut = new AbortController()
    const signal = AbortSignal.any([request.signal, cut.signal])
    let stream: AsyncGenerator<GenerateContentResponse>
    try {
      stream = await client.models.generateContentStream({
        model,
        contents,
        config: {
          systemInstruction: systemInstruction(site, passages),
          tools: [{ functionDeclarations: [handoffDeclaration] }],
          abortSignal: signal,
        },
      })
    } catch (error) {
      if (request.signal.aborted) return
      // Not reachable after the retries: the customer still gets the offline answer.
      log.warn({ err: error, conversationId: conversation.id }, 'Gemini is unavailable; the knowledge-base responder answers')
      yield* fallback.respond(request)
      return
    }

    let text = ''
    let handoff: { reason: string; summary: string } | null = null
    try {
      for await (const chunk of withIdleTimeout(stream, timings.idleTimeoutMs, () => cut.abort())) {
        const delta = chunk.text
        if (delta) {
          text += delta
          yield { type: 'text', delta }
        }
        for (const call of chunk.functionCalls ?? []) {
          const asked = handoffFrom(call)
          if (asked) handoff = asked
          else log.warn({ conversationId: conversation.id, call: call.name }, 'refused a tool call Gemini is not offered')
        }
      }
    } catch (error) {
      if (request.signal.aborted) return
      if (text === '' && !handoff) {
        log.warn({ err: error, conversationId: conversation.id }, 'Gemini failed before answering; the knowledge-base responder answers')
        yield* fallback.respond(request)
        return
      }
      // Words were shown: the answer ends interrupted, and the AI turn offers a person.
      throw error
    }
    const cited = citedPassages(text, passages)
    if (cited.length > 0) yield { type: 'citations', citations: uniqueCitations(cited) }
    // The model calls the tool as well when the customer asks for a person: counted as their request.
    if (handoff) yield { type: 'handoff', code: asksForPerson(question) ? 'customer_asked' : 'model_decided', reason: handoff.reason, summary: handoff.summary }
    else if (text === '') yield { type: 'handoff', code: 'ai_failure', reason: 'The assistant gave no answer.', summary: question }
  }

  return {
    name: `gemini (${model})`,
    async *respond(request) {
      const verdict = allowance.take(request.site.id, request.conversation.visitorId)
      if (verdict === 'visitor-limit') {
        yield { type: 'text', delta: geminiTexts.visitorLimit }
        yield { type: 'handoff', code: 'limit', reason: 'The visitor reached the limit of AI answers.', summary: request.question }
        return
      }
      if (verdict === 'site-limit') {
        // The site's Gemini budget is spent for today: the offline responder costs nothing.
        log.warn({ siteId: request.site.id }, "the site's daily AI answers are used up; the knowledge-base responder answers")
        yield* fallback.respond(request)
        return
      }
      yield* answer(request)
    },
  }
}
