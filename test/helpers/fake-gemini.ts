// A stand-in for Google's Gemini API on 127.0.0.1, for the real @google/genai client to talk to (the
// service itself is not reachable here). It records every request and answers each with the next
// scripted reply: streamed text, a function call, an HTTP error, silence, or a stream cut midway.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export type GeminiReply =
  /** Text streamed in these pieces, then a normal end. */
  | { kind: 'text'; chunks: string[] }
  /** Optional text, then a function call. */
  | { kind: 'call'; name: string; args: unknown; chunks?: string[] }
  /** An HTTP error status with Google's error body. */
  | { kind: 'status'; status: number }
  /** Headers never come. */
  | { kind: 'hang' }
  /** These pieces, then the connection is destroyed mid-answer. */
  | { kind: 'cut'; chunks: string[] }
  /** These pieces, then silence with the connection open. */
  | { kind: 'stall'; chunks: string[] }

export interface GeminiRequest {
  path: string
  apiKey: string | undefined
  body: {
    contents?: { role: string; parts: { text?: string }[] }[]
    /** batchEmbedContents: one request per text. */
    requests?: { content: { parts: { text?: string }[] }; taskType?: string; outputDimensionality?: number }[]
    systemInstruction?: { parts: { text?: string }[] }
    tools?: { functionDeclarations?: { name: string }[] }[]
  }
  /** The request body as sent, for searching it whole. */
  raw: string
}

const chunk = (parts: object[], finishReason?: string) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }] })}\r\n\r\n`

/** How embedding calls are answered: vectors made by a function of the text, or a failure. */
export type EmbeddingReply = { kind: 'vectors'; of: (text: string, taskType: string | undefined) => number[] } | { kind: 'status'; status: number } | { kind: 'hang' }

/** A stand-in for meaning: each word counts in one of 64 dimensions, so shared words make texts close. */
export function wordVector(text: string): number[] {
  const vector = new Array<number>(64).fill(0)
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
    let hash = 0
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
    vector[hash % 64]! += 1
  }
  return vector
}

export async function startFakeGemini(t: Test) {
  const requests: GeminiRequest[] = []
  const embeddingRequests: GeminiRequest[] = []
  let embeddingReply: EmbeddingReply = { kind: 'vectors', of: wordVector }
  const script: GeminiReply[] = []
  let fallbackReply: GeminiReply = { kind: 'text', chunks: ['(no scripted reply)'] }
  const open = new Set<ServerResponse>()

  function answer(reply: GeminiReply, response: ServerResponse, streaming: boolean) {
    if (reply.kind === 'hang') return
    if (reply.kind === 'status') {
      response.writeHead(reply.status, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ error: { code: reply.status, message: `scripted ${reply.status}`, status: 'UNAVAILABLE' } }))
      return
    }
    const texts = reply.chunks ?? []
    if (!streaming) {
      const parts: object[] = texts.length ? [{ text: texts.join('') }] : []
      if (reply.kind === 'call') parts.push({ functionCall: { name: reply.name, args: reply.args } })
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }] }))
      return
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    for (const text of texts) response.write(chunk([{ text }]))
    // Cut once the pieces have surely reached the client, as a dropped connection would.
    if (reply.kind === 'cut') return void setTimeout(() => response.destroy(), 100)
    if (reply.kind === 'stall') return
    if (reply.kind === 'call') response.write(chunk([{ functionCall: { name: reply.name, args: reply.args } }], 'STOP'))
    else response.write(chunk([{ text: '' }], 'STOP'))
    response.end()
  }

  function embed(body: GeminiRequest['body'], response: ServerResponse) {
    const reply = embeddingReply
    if (reply.kind !== 'vectors') return answer(reply, response, false)
    const embeddings = (body.requests ?? []).map((r) => ({ values: reply.of(r.content.parts.map((p) => p.text ?? '').join(''), r.taskType) }))
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ embeddings }))
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    open.add(response)
    response.on('close', () => open.delete(response))
    let raw = ''
    request.on('data', (data: Buffer) => (raw += data.toString()))
    request.on('end', () => {
      const apiKey = request.headers['x-goog-api-key']
      const body = raw ? JSON.parse(raw) : {}
      const recorded = { path: request.url ?? '', apiKey: typeof apiKey === 'string' ? apiKey : undefined, body, raw }
      // Embedding calls are kept apart: articles are embedded beside everything else, at no set time.
      if (recorded.path.includes(':batchEmbedContents')) {
        embeddingRequests.push(recorded)
        return embed(body, response)
      }
      requests.push(recorded)
      answer(script.shift() ?? fallbackReply, response, (request.url ?? '').includes(':streamGenerateContent'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy()
        server.close(() => resolve())
      }),
  )

  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    /** The next requests get these replies, in order. */
    reply(...replies: GeminiReply[]) {
      script.push(...replies)
    },
    /** What every request gets once the script has run out. */
    otherwise(reply: GeminiReply) {
      fallbackReply = reply
    },
    /** How every embedding call is answered from now on (by default: wordVector of each text). */
    embeddings(reply: EmbeddingReply) {
      embeddingReply = reply
    },
    /** The embedding calls (not in `requests`), as made. */
    embeddingRequests,
    /** The texts embedded so far, with their task type, in order. */
    embedded(): { text: string; taskType: string | undefined }[] {
      return embeddingRequests.flatMap((r) => (r.body.requests ?? []).map((e) => ({ text: e.content.parts.map((p) => p.text ?? '').join(''), taskType: e.taskType })))
    },
  }
}
