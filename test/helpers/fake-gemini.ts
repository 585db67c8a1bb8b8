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
    systemInstruction?: { parts: { text?: string }[] }
    tools?: { functionDeclarations?: { name: string }[] }[]
  }
  /** The request body as sent, for searching it whole. */
  raw: string
}

const chunk = (parts: object[], finishReason?: string) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }] })}\r\n\r\n`

export async function startFakeGemini(t: Test) {
  const requests: GeminiRequest[] = []
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

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    open.add(response)
    response.on('close', () => open.delete(response))
    let raw = ''
    request.on('data', (data: Buffer) => (raw += data.toString()))
    request.on('end', () => {
      const apiKey = request.headers['x-goog-api-key']
      requests.push({ path: request.url ?? '', apiKey: typeof apiKey === 'string' ? apiKey : undefined, body: raw ? JSON.parse(raw) : {}, raw })
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
  }
}
