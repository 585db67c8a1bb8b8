// Deterministic stand-ins for the AI, for tests only: each says in its name what it does. The real
// responders (knowledge base, Gemini) are tested on their own; these keep routing tests about routing.
import type { Responder, ResponderEvent, ResponderRequest } from '../../server/ai/responder.ts'

/** Never says anything and never hands off: the transcript holds only what the test writes. */
export const silentResponder: Responder = {
  name: 'silent (tests)',
  async *respond() {},
}

/** Answers with whatever `script` returns for the request, one event after another. */
export function scriptedResponder(script: (request: ResponderRequest) => ResponderEvent[]): Responder & { requests: ResponderRequest[] } {
  const requests: ResponderRequest[] = []
  return {
    name: 'scripted (tests)',
    requests,
    async *respond(request) {
      requests.push(request)
      for (const event of script(request)) yield event
    },
  }
}

/**
 * Answers "ok" only when the test says so: `release()` lets every call waiting so far answer. Counts
 * the calls in progress, so a test can see how many turns run at once.
 */
export function gatedResponder(): Responder & { requests: ResponderRequest[]; active: number; maxActive: number; release(): void } {
  const newGate = () => {
    let open = () => {}
    const promise = new Promise<void>((resolve) => (open = resolve))
    return { promise, open }
  }
  let gate = newGate()
  const responder = {
    name: 'gated (tests)',
    requests: [] as ResponderRequest[],
    active: 0,
    maxActive: 0,
    release() {
      gate.open()
      gate = newGate()
    },
    async *respond(request: ResponderRequest): AsyncGenerator<ResponderEvent> {
      responder.requests.push(request)
      responder.active++
      responder.maxActive = Math.max(responder.maxActive, responder.active)
      try {
        await gate.promise
        yield { type: 'text', delta: 'ok' }
      } finally {
        responder.active--
      }
    },
  }
  return responder
}
