// The tests' fake Gemini (test/helpers/fake-gemini.ts) in a process of its own, for the AI benchmark:
// it answers every request at once with the same streamed answer, so what is measured is Tandem and
// the @google/genai client, never a model. Prints "ready <baseUrl>"; SIGTERM stops it.
//
//   node --import tsx bench/lib/fake-gemini-server.ts
import type { Test } from 'tap'
import { startFakeGemini } from '../../test/helpers/fake-gemini.ts'

/** A support-sized answer in the pieces a model streams it in; five pieces, five `stream` frames. */
export const FAKE_ANSWER_CHUNKS = [
  'Standard shipping within the continental United States takes 3 to 5 business days',
  ' and costs $5.95; it is free on orders over $75.',
  ' Express shipping takes 1 to 2 business days and costs $14.95.',
  ' Orders placed before 2 pm Pacific time leave the warehouse the same business day.',
  ' Is there anything else I can help you with?',
]

// startFakeGemini only needs a teardown hook from tap: here the process's end is the teardown.
const teardowns: (() => unknown)[] = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) } as unknown as Test
const gemini = await startFakeGemini(t)
gemini.otherwise({ kind: 'text', chunks: FAKE_ANSWER_CHUNKS })
// Requests are recorded by the helper for tests; a bench run has no use for them, so they are dropped.
setInterval(() => gemini.requests.splice(0), 1000).unref()
process.stdout.write(`ready ${gemini.baseUrl}\n`)

process.on('SIGTERM', () => {
  setTimeout(() => process.exit(1), 5000).unref()
  void Promise.all(teardowns.map((fn) => fn())).then(() => process.exit(0))
})
