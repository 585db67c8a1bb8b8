// Fastify's (and Node's) own errors never reach a client in their own shape: each is answered with
// Tandem's {"error": {"code", "message"}} and a code listed in protocol/errors.ts.
import { errorCodes } from 'fastify'
import { connect, type AddressInfo } from 'node:net'
import t from 'tap'
import { ERRORS } from '../../protocol/errors.ts'
import { MAX_BODY_BYTES } from '../../server/app.ts'
import { translateFrameworkError } from '../../server/http/fastify-errors.ts'
import { testApp } from '../helpers/factories.ts'

type InjectOptions = { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }

const login = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }): InjectOptions => ({
  method: 'POST',
  url: '/v1/auth/login',
  headers,
  payload,
})

/** Every Fastify error a request can cause, how to cause it, and the code the client gets. */
const triggers: { fastify: string; request: InjectOptions; code: keyof typeof ERRORS }[] = [
  { fastify: 'FST_ERR_BAD_URL', request: { url: '/v1/sites/%E0%A4%A/widget-config' }, code: 'ERR_REQUEST_URL_INVALID' },
  { fastify: 'FST_ERR_MAX_PARAM_LENGTH', request: { url: `/v1/sites/${'s'.repeat(101)}/widget-config` }, code: 'ERR_REQUEST_URL_TOO_LONG' },
  { fastify: 'FST_ERR_NOT_FOUND', request: { url: '/v1/nowhere' }, code: 'ERR_ROUTE_NOT_FOUND' },
  { fastify: 'FST_ERR_VALIDATION', request: login('{}'), code: 'ERR_REQUEST_INVALID' },
  { fastify: 'FST_ERR_CTP_INVALID_JSON_BODY', request: login('{"email":'), code: 'ERR_REQUEST_MALFORMED_JSON' },
  { fastify: 'FST_ERR_CTP_EMPTY_JSON_BODY', request: login(''), code: 'ERR_REQUEST_MALFORMED_JSON' },
  { fastify: 'FST_ERR_CTP_BODY_TOO_LARGE', request: login(JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) })), code: 'ERR_REQUEST_TOO_LARGE' },
  { fastify: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', request: login('email=a', { 'content-type': 'text/plain' }), code: 'ERR_REQUEST_MEDIA_TYPE' },
  {
    fastify: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
    request: login('{}', { 'content-type': 'application/json', 'content-length': '5' }),
    code: 'ERR_REQUEST_INVALID',
  },
]

t.test("every Fastify error a request can cause is answered in Tandem's shape with a listed code", async (t) => {
  const { app } = await testApp(t)
  for (const { fastify, request, code } of triggers) {
    const res = await app.inject(request)
    t.equal(res.statusCode, ERRORS[code].status, `${fastify}: the status of ${code}`)
    t.match(res.headers['content-type'], /^application\/json/, `${fastify}: JSON`)
    const body = res.json()
    t.same(Object.keys(body), ['error'], `${fastify}: only the error`)
    t.same(Object.keys(body.error).sort(), ['code', 'message'], `${fastify}: code and message, nothing of Fastify's`)
    t.equal(body.error.code, code, `${fastify}: ${code}`)
    t.notMatch(body.error.message, /FST_/, `${fastify}: the message does not name Fastify's code`)
  }
})

t.test("a request Node's HTTP parser refuses is answered in Tandem's shape too", async (t) => {
  const { app } = await testApp(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request))
      let answer = ''
      socket.on('data', (chunk) => (answer += chunk.toString()))
      socket.on('close', () => resolve(answer))
      socket.on('error', reject)
    })
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))

  const garbage = await raw('NOT HTTP AT ALL\r\n\r\n')
  t.match(garbage, /^HTTP\/1\.1 400 /)
  t.same(bodyOf(garbage), { error: { code: 'ERR_REQUEST_INVALID', message: 'The request is not valid HTTP.' } })

  const huge = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'x'.repeat(20_000)}\r\n\r\n`)
  t.match(huge, /^HTTP\/1\.1 431 /)
  t.equal(bodyOf(huge).error.code, 'ERR_REQUEST_HEADERS_TOO_LARGE')
})

t.test('every Fastify error code maps to a listed code of a fitting status, so a new one cannot leak its own body', async (t) => {
  const exact = new Set([404, 408, 413, 414, 415, 429, 431, 503])
  for (const [name, FastifyError] of Object.entries(errorCodes)) {
    const error = new FastifyError('a', 'b', 'c')
    const mapped = translateFrameworkError(error)
    t.ok(mapped.code in ERRORS, `${name} → ${mapped.code}, a listed code`)
    t.equal(mapped.status, ERRORS[mapped.code].status, `${name}: answered with its code's status`)
    const status = error.statusCode ?? 500
    if (exact.has(status)) t.equal(mapped.status, status, `${name}: ${status} kept`)
    else t.equal(Math.floor(mapped.status / 100), Math.floor(status / 100), `${name}: ${status} stays a ${Math.floor(status / 100)}xx`)
    if (mapped.status >= 500) t.equal(mapped.message, ERRORS[mapped.code].message, `${name}: no server detail in the message`)
  }
  for (const { fastify, code } of triggers) t.equal(translateFrameworkError(new errorCodes[fastify as keyof typeof errorCodes]('a', 'b', 'c')).code, code, `${fastify} → ${code}`)
  t.equal(translateFrameworkError({ statusCode: 422, message: 'a future client error' }).code, 'ERR_REQUEST_INVALID', 'an unknown 4xx is the request')
  t.match(translateFrameworkError(new Error('secret internals')), { code: 'ERR_SERVER_INTERNAL', status: 500, message: ERRORS.ERR_SERVER_INTERNAL.message })
})

t.test('a method a path does not take is a 405 naming the ones it does; a path no method takes stays a 404', async (t) => {
  const { app } = await testApp(t)
  const deleteHealth = await app.inject({ method: 'DELETE', url: '/healthz' })
  t.same([deleteHealth.statusCode, deleteHealth.json().error.code], [405, 'ERR_METHOD_NOT_ALLOWED'])
  t.equal(deleteHealth.headers.allow, 'GET, HEAD')
  const putMe = await app.inject({ method: 'PUT', url: '/v1/me?x=1' })
  t.same([putMe.statusCode, putMe.headers.allow], [405, 'GET, HEAD, PATCH'], 'a path with a query')
  const deleteAgent = await app.inject({ method: 'DELETE', url: `/v1/agents/${'a'.repeat(32)}` })
  t.same([deleteAgent.statusCode, deleteAgent.headers.allow], [405, 'GET, HEAD, PATCH'], 'a path with a parameter')
  const nowhere = await app.inject({ method: 'DELETE', url: '/v1/nowhere' })
  t.same([nowhere.statusCode, nowhere.json().error.code, nowhere.headers.allow], [404, 'ERR_ROUTE_NOT_FOUND', undefined])
})
