// Table-driven checks that requests are refused: each row a request that must come back as one 4xx with
// one error code. Used for bad input, missing rights and other workspaces' records alike.
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Test } from 'tap'

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS'

export interface Refusal {
  /** What is wrong with the request; the assertion messages start with it. */
  name: string
  request: InjectOptions
  status: number
  code: string
}

/**
 * Builds requests with these headers. An object body is sent as JSON; a string body is sent as it
 * is (with a JSON content type), so malformed JSON can be written by hand.
 */
export function requestsWith(headers: Record<string, string>) {
  return (method: Method, url: string, body?: unknown): InjectOptions => {
    if (body === undefined) return { method, url, headers }
    const payload = typeof body === 'string' ? body : JSON.stringify(body)
    return { method, url, headers: { 'content-type': 'application/json', ...headers }, payload }
  }
}

/** Sends every request in turn; each must get exactly its status and error code. */
export async function expectRefusals(t: Test, app: FastifyInstance, refusals: Refusal[]): Promise<void> {
  for (const { name, request, status, code } of refusals) {
    const res = await app.inject(request)
    let body: { error?: { code?: string } } | undefined
    try {
      body = res.json()
    } catch {
      body = undefined
    }
    t.equal(res.statusCode, status, `${name}: ${status}`)
    t.equal(body?.error?.code, code, `${name}: ${code}`)
  }
}

/** A string one character longer than the limit. */
export const over = (limit: number, char = 'x') => char.repeat(limit + 1)
