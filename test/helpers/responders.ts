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
