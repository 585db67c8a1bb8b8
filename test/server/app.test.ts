import t from 'tap'
import { Type } from 'typebox'
import { MAX_BODY_BYTES } from '../../server/app.ts'
import { TandemError } from '../../server/errors.ts'
import { testApp } from '../helpers/factories.ts'

t.test('/healthz answers ok', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject('/healthz')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ok' })
})

t.test('/readyz says which store answers, and 503 when it does not', async (t) => {
  const { app, store } = await testApp(t)
  const ready = (await app.inject('/readyz')).json()
  t.match(ready, { status: 'ready', store: 'sqlite' })
  t.same(Object.keys(ready.eventLoopDelay).sort(), ['maxMs', 'p50Ms', 'p99Ms'], 'and how long work waits for the event loop')
  for (const figure of Object.values(ready.eventLoopDelay)) t.ok(typeof figure === 'number' && figure >= 0, `${figure} ms`)
  store.ping = async () => {
    throw new TandemError('ERR_STORE_UNAVAILABLE')
  }
  const res = await app.inject('/readyz')
  t.equal(res.statusCode, 503)
  t.equal(res.json().error.code, 'ERR_STORE_UNAVAILABLE')
})

t.test('an unknown route is a 404 with a code', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject('/nope?x=1')
  t.equal(res.statusCode, 404)
  t.same(res.json(), { error: { code: 'ERR_ROUTE_NOT_FOUND', message: 'No route for GET /nope.' } })
})

t.test('bad bodies get 4xx with a code, never a 500', async (t) => {
  const { app } = await testApp(t)
  // A route of the test's own, to exercise the error handling every real route shares.
  app.post(
    '/echo',
    { schema: { body: Type.Object({ n: Type.Integer() }, { additionalProperties: false }) } },
    async (request) => request.body,
  )
  app.get('/boom', async () => {
    throw new Error('secret internals')
  })
  const post = (payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/echo', payload, headers: { 'content-type': contentType } })

  const cases: [string, Awaited<ReturnType<typeof post>>, number, string][] = [
    ['malformed JSON', await post('{"n":'), 400, 'ERR_REQUEST_MALFORMED_JSON'],
    ['empty JSON body', await post(''), 400, 'ERR_REQUEST_MALFORMED_JSON'],
    ['wrong type, not coerced', await post('{"n":"1"}'), 400, 'ERR_REQUEST_INVALID'],
    ['extra field, not dropped', await post('{"n":1,"admin":true}'), 400, 'ERR_REQUEST_INVALID'],
    ['missing field', await post('{}'), 400, 'ERR_REQUEST_INVALID'],
    ['oversize body', await post(JSON.stringify({ n: 1, pad: 'x'.repeat(MAX_BODY_BYTES) })), 413, 'ERR_REQUEST_TOO_LARGE'],
    ['not JSON at all', await post('n=1', 'text/plain'), 415, 'ERR_REQUEST_MEDIA_TYPE'],
  ]
  for (const [name, res, status, code] of cases) {
    t.equal(res.statusCode, status, `${name}: status`)
    t.equal(res.json().error.code, code, `${name}: code`)
  }
  t.same((await post('{"n":1}')).json(), { n: 1 }, 'a good body passes')

  const boom = await app.inject('/boom')
  t.equal(boom.statusCode, 500)
  t.same(boom.json(), { error: { code: 'ERR_SERVER_INTERNAL', message: 'Something went wrong on our side.' } }, 'internals stay hidden')
})
