import t from 'tap'
import { testApp } from '../helpers/factories.ts'

t.test('/v1/openapi.json describes every /v1 route from the schemas that validate it', async (t) => {
  const { app } = await testApp(t)
  const res = await app.inject('/v1/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.equal(doc.openapi, '3.0.3')
  const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: object; requestBody?: object; summary?: string }>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
  t.ok(operations.length >= 35, `${operations.length} operations documented`)
  t.notOk(operations.some((o) => o.path === '/v1/openapi.json'), 'the document does not describe itself')
  for (const { path, method, op } of operations.filter((o) => o.path.startsWith('/v1/'))) {
    t.ok(op.summary, `${method.toUpperCase()} ${path} has a summary`)
    t.ok(Object.keys(op.responses).some((status) => status.startsWith('2')), `${method.toUpperCase()} ${path} documents its success`)
  }
  const login = doc.paths['/v1/auth/login'].post
  t.match(login.requestBody.content['application/json'].schema, {
    required: ['email', 'password'],
    additionalProperties: false,
  }, 'the login body is the strict schema the route validates with')
  t.ok(doc.paths['/v1/sites/{siteKey}/visitors'].post, 'path parameters use OpenAPI syntax')
})
