import t from 'tap'
import { testApp, workspaceWithSite } from '../helpers/factories.ts'

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

/** A well-formed value for each path parameter, so a request gets past the path's own validation. */
const PATH_VALUES: Record<string, string> = {
  siteKey: `site_${'a'.repeat(22)}`,
  agentId: 'a'.repeat(32),
  articleId: 'b'.repeat(32),
  replyId: 'c'.repeat(32),
  conversationId: 'd'.repeat(32),
  visitorId: 'e'.repeat(32),
}

/** Routes whose guard runs on the request's headers, so that a large body is never read for nobody. */
const GUARDED_BEFORE_BODY = new Set(['POST /v1/sites/{siteKey}/articles/import'])

t.test('the document says which bodies are optional, and the routes agree: no body is refused only where one is required', async (t) => {
  const { app } = await testApp(t)
  const doc = (await app.inject('/v1/openapi.json')).json()
  const optional: string[] = []
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { requestBody?: { required?: boolean } }>>)) {
    for (const [method, op] of Object.entries(methods)) {
      if (method === 'get' || method === 'delete') continue
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = PATH_VALUES[name]
        if (value === undefined) t.fail(`no test value for path parameter ${name}`)
        return value ?? name
      })
      const name = `${method.toUpperCase()} ${path}`
      // The body is validated before any guard: with no body and no credentials, a route that needs a
      // body says so, and any other refuses for another reason.
      const res = await app.inject({ method: method.toUpperCase() as 'POST', url })
      if (GUARDED_BEFORE_BODY.has(name)) {
        t.equal(res.statusCode, 401, `${name}: the guard answers before the body is read`)
      } else if (op.requestBody?.required === true) {
        t.same([res.statusCode, res.json().error.code], [400, 'ERR_REQUEST_INVALID'], `${name}: required, and no body is refused`)
      } else {
        optional.push(name)
        t.notOk(res.statusCode === 400 || res.statusCode === 415, `${name}: optional, and no body is not refused (${res.statusCode} ${res.body})`)
      }
    }
  }
  for (const route of [
    'POST /v1/conversations/{conversationId}/take',
    'POST /v1/conversations/{conversationId}/resolve',
    'POST /v1/auth/logout',
    'POST /v1/auth/refresh',
    'POST /v1/sites/{siteKey}/visitors',
  ]) {
    t.ok(optional.includes(route), `${route} takes no body`)
  }
})

t.test('resolving a conversation needs no body at all, nor does signing out', async (t) => {
  const { app, store, workspace, site, adminHeaders, addVisitor } = await workspaceWithSite(t)
  const { visitor } = await addVisitor()
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  const resolved = await app.inject({ method: 'POST', url: `/v1/conversations/${conversation.id}/resolve`, headers: adminHeaders })
  t.equal(resolved.statusCode, 200, resolved.body)
  t.equal(resolved.json().status, 'resolved')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: adminHeaders })).statusCode, 204)
})
