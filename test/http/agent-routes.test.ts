import t from 'tap'
import { TEST_PASSWORD, login, signedInWorkspace, workspaceWithSite } from '../helpers/factories.ts'

t.test('an admin creates an agent, who signs in with a one-time password and must replace it first', async (t) => {
  const { app, adminHeaders, auth } = await signedInWorkspace(t)
  const created = await app.inject({ method: 'POST', url: '/v1/agents', headers: adminHeaders, payload: { name: 'Bea', email: 'Bea@Acme.example', capacity: 3 } })
  t.equal(created.statusCode, 201)
  const { agent, oneTimePassword } = created.json()
  t.match(agent, { name: 'Bea', email: 'bea@acme.example', role: 'agent', capacity: 3, status: 'offline', mustChangePassword: true })
  t.match(oneTimePassword, /^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/)

  const first = await login(app, 'bea@acme.example', oneTimePassword)
  const blocked = await app.inject({ url: '/v1/agents', headers: auth(first.token) })
  t.same([blocked.statusCode, blocked.json().error.code], [403, 'ERR_AUTH_PASSWORD_CHANGE_REQUIRED'])
  t.equal((await app.inject({ url: '/v1/me', headers: auth(first.token) })).json().mustChangePassword, true, '/v1/me still answers')

  const change = (payload: object) => app.inject({ method: 'POST', url: '/v1/me/password', headers: auth(first.token), payload })
  t.equal((await change({ currentPassword: 'wrong one!!', newPassword: 'a fine new password' })).json().error.code, 'ERR_AUTH_PASSWORD_WRONG')
  t.equal((await change({ currentPassword: oneTimePassword, newPassword: 'short' })).json().error.code, 'ERR_AUTH_PASSWORD_WEAK')
  t.equal((await change({ currentPassword: oneTimePassword, newPassword: 'bea@acme.example' })).json().error.code, 'ERR_AUTH_PASSWORD_WEAK')
  t.equal((await change({ currentPassword: oneTimePassword, newPassword: 'a fine new password' })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/agents', headers: auth(first.token) })).statusCode, 200, 'now everything opens')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'bea@acme.example', password: oneTimePassword } })).statusCode, 401, 'the one-time password is gone')
  await login(app, 'bea@acme.example', 'a fine new password')
})

t.test('changing your password signs out your other sessions, not this one', async (t) => {
  const { app, addAgent, auth } = await signedInWorkspace(t)
  const { agent, token } = await addAgent('Cy')
  const phone = await login(app, agent.email)
  const res = await app.inject({ method: 'POST', url: '/v1/me/password', headers: auth(token), payload: { currentPassword: TEST_PASSWORD, newPassword: 'another good password' } })
  t.equal(res.statusCode, 204)
  t.equal((await app.inject({ url: '/v1/me', headers: auth(token) })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/me', headers: auth(phone.token) })).json().error.code, 'ERR_AUTH_SESSION_REVOKED')
})

t.test('only admins create, change and reset agents', async (t) => {
  const { app, addAgent, auth } = await signedInWorkspace(t)
  const { agent, token } = await addAgent('Dee')
  const asAgent = (method: 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: auth(token), payload })
  for (const res of [
    await asAgent('POST', '/v1/agents', { name: 'Eve', email: 'eve@acme.example' }),
    await asAgent('PATCH', `/v1/agents/${agent.id}`, { role: 'admin' }),
    await asAgent('POST', `/v1/agents/${agent.id}/reset-password`),
  ]) {
    t.same([res.statusCode, res.json().error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'])
  }
  t.equal((await app.inject({ url: '/v1/me', headers: auth(token) })).json().role, 'agent', 'no self-promotion')
  t.equal((await app.inject({ url: '/v1/agents', headers: auth(token) })).statusCode, 200, 'agents may see their team')
})

t.test('deactivating an agent signs them out at once, and they cannot sign in', async (t) => {
  const { app, adminHeaders, addAgent, auth } = await signedInWorkspace(t)
  const { agent, token, refreshCookie } = await addAgent('Fay')
  const res = await app.inject({ method: 'PATCH', url: `/v1/agents/${agent.id}`, headers: adminHeaders, payload: { active: false } })
  t.match(res.json(), { active: false })
  t.equal((await app.inject({ url: '/v1/me', headers: auth(token) })).json().error.code, 'ERR_AUTH_SESSION_REVOKED')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', cookies: { tandem_refresh: refreshCookie } })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: agent.email, password: TEST_PASSWORD } })).statusCode, 401)
})

t.test('an admin reset gives a new one-time password and ends every session of that agent', async (t) => {
  const { app, adminHeaders, addAgent, auth } = await signedInWorkspace(t)
  const { agent, token } = await addAgent('Gil')
  const res = await app.inject({ method: 'POST', url: `/v1/agents/${agent.id}/reset-password`, headers: adminHeaders })
  t.equal(res.statusCode, 200)
  t.equal(res.json().agent.mustChangePassword, true)
  t.equal((await app.inject({ url: '/v1/me', headers: auth(token) })).statusCode, 401)
  const fresh = await login(app, agent.email, res.json().oneTimePassword)
  t.equal((await app.inject({ url: '/v1/agents', headers: auth(fresh.token) })).json().error.code, 'ERR_AUTH_PASSWORD_CHANGE_REQUIRED')
})

t.test('an admin cannot reset their own password (it would sign them out before they read it)', async (t) => {
  const { app, admin, adminHeaders } = await signedInWorkspace(t)
  const res = await app.inject({ method: 'POST', url: `/v1/agents/${admin.id}/reset-password`, headers: adminHeaders })
  t.same([res.statusCode, res.json().error.code], [409, 'ERR_AGENT_RESET_SELF'])
  t.equal((await app.inject({ url: '/v1/me', headers: adminHeaders })).statusCode, 200, 'and they are still signed in')
})

t.test('an agent who must change their password is told which route does it, and that route does', async (t) => {
  const { app, adminHeaders, auth } = await signedInWorkspace(t)
  const created = await app.inject({ method: 'POST', url: '/v1/agents', headers: adminHeaders, payload: { name: 'Cy', email: 'cy@acme.example' } })
  const { oneTimePassword } = created.json()
  const { token } = await login(app, 'cy@acme.example', oneTimePassword)
  const message: string = (await app.inject({ url: '/v1/conversations', headers: auth(token) })).json().error.message
  const named = /\b(GET|POST|PATCH) (\/v1\/[\w/-]+)/.exec(message)
  t.ok(named, `the message names a route: "${message}"`)
  const change = await app.inject({
    method: named![1] as 'POST',
    url: named![2]!,
    headers: auth(token),
    payload: { currentPassword: oneTimePassword, newPassword: 'a fine new password' },
  })
  t.equal(change.statusCode, 204, 'the named route changes the password')
  t.equal((await app.inject({ url: '/v1/conversations', headers: auth((await login(app, 'cy@acme.example', 'a fine new password')).token) })).statusCode, 200)
})

t.test('a workspace always keeps an active admin', async (t) => {
  const { app, admin, adminHeaders, addAgent } = await signedInWorkspace(t)
  const demote = await app.inject({ method: 'PATCH', url: `/v1/agents/${admin.id}`, headers: adminHeaders, payload: { role: 'agent' } })
  t.same([demote.statusCode, demote.json().error.code], [409, 'ERR_AGENT_LAST_ADMIN'])
  const off = await app.inject({ method: 'PATCH', url: `/v1/agents/${admin.id}`, headers: adminHeaders, payload: { active: false } })
  t.equal(off.json().error.code, 'ERR_AGENT_LAST_ADMIN')
  await addAgent('Hal', 'admin')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/agents/${admin.id}`, headers: adminHeaders, payload: { role: 'agent' } })).statusCode, 200, 'with a second admin it may step down')
})

t.test("another workspace's agents are invisible and untouchable", async (t) => {
  const first = await signedInWorkspace(t)
  const second = await signedInWorkspace(t, { app: first.app, store: first.store })
  const { app } = first
  for (const res of [
    await app.inject({ url: `/v1/agents/${second.admin.id}`, headers: first.adminHeaders }),
    await app.inject({ method: 'PATCH', url: `/v1/agents/${second.admin.id}`, headers: first.adminHeaders, payload: { active: false } }),
    await app.inject({ method: 'POST', url: `/v1/agents/${second.admin.id}/reset-password`, headers: first.adminHeaders }),
  ]) {
    t.same([res.statusCode, res.json().error.code], [404, 'ERR_AGENT_NOT_FOUND'])
  }
  t.notOk((await app.inject({ url: '/v1/agents', headers: first.adminHeaders })).json().items.some((a: { id: string }) => a.id === second.admin.id))
  t.equal((await app.inject({ url: '/v1/me', headers: second.adminHeaders })).json().active, true, 'untouched')
  const taken = await app.inject({ method: 'POST', url: '/v1/agents', headers: first.adminHeaders, payload: { name: 'Copy', email: second.admin.email } })
  t.same([taken.statusCode, taken.json().error.code], [409, 'ERR_AGENT_EMAIL_TAKEN'])
})

t.test('bad input to the auth, me and agent routes is a 4xx with a code, and changes nothing', async (t) => {
  const { app, admin, adminHeaders } = await signedInWorkspace(t)
  const send = (method: 'POST' | 'PATCH', url: string, payload: string | object, headers: Record<string, string> = adminHeaders) =>
    app.inject({ method, url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
  const cases: [string, 'POST' | 'PATCH', string, string | object, string][] = [
    ['login: malformed JSON', 'POST', '/v1/auth/login', '{"email":', 'ERR_REQUEST_MALFORMED_JSON'],
    ['login: missing password', 'POST', '/v1/auth/login', { email: admin.email }, 'ERR_REQUEST_INVALID'],
    ['login: extra field', 'POST', '/v1/auth/login', { email: admin.email, password: TEST_PASSWORD, role: 'admin' }, 'ERR_REQUEST_INVALID'],
    ['login: email as a number', 'POST', '/v1/auth/login', { email: 42, password: TEST_PASSWORD }, 'ERR_REQUEST_INVALID'],
    ['login: not an email', 'POST', '/v1/auth/login', { email: 'admin', password: TEST_PASSWORD }, 'ERR_REQUEST_INVALID'],
    ['login: oversize password', 'POST', '/v1/auth/login', { email: admin.email, password: 'x'.repeat(257) }, 'ERR_REQUEST_INVALID'],
    ['me: extra field', 'PATCH', '/v1/me', { name: 'New', role: 'admin' }, 'ERR_REQUEST_INVALID'],
    ['me: blank name', 'PATCH', '/v1/me', { name: '   ' }, 'ERR_REQUEST_INVALID'],
    ['me: oversize name', 'PATCH', '/v1/me', { name: 'x'.repeat(101) }, 'ERR_REQUEST_INVALID'],
    ['password: missing current', 'POST', '/v1/me/password', { newPassword: 'a fine new password' }, 'ERR_REQUEST_INVALID'],
    ['password: wrong type', 'POST', '/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 1234567890 }, 'ERR_REQUEST_INVALID'],
    ['create agent: missing email', 'POST', '/v1/agents', { name: 'X' }, 'ERR_REQUEST_INVALID'],
    ['create agent: unknown role', 'POST', '/v1/agents', { name: 'X', email: 'x@acme.example', role: 'owner' }, 'ERR_REQUEST_INVALID'],
    ['create agent: capacity as text', 'POST', '/v1/agents', { name: 'X', email: 'x@acme.example', capacity: '3' }, 'ERR_REQUEST_INVALID'],
    ['create agent: capacity too large', 'POST', '/v1/agents', { name: 'X', email: 'x@acme.example', capacity: 51 }, 'ERR_REQUEST_INVALID'],
    ['create agent: negative capacity', 'POST', '/v1/agents', { name: 'X', email: 'x@acme.example', capacity: -1 }, 'ERR_REQUEST_INVALID'],
    ['create agent: password smuggled in', 'POST', '/v1/agents', { name: 'X', email: 'x@acme.example', passwordHash: 'x' }, 'ERR_REQUEST_INVALID'],
    ['update agent: not an id', 'PATCH', '/v1/agents/not-an-id', { name: 'X' }, 'ERR_REQUEST_INVALID'],
    ['update agent: active as text', 'PATCH', `/v1/agents/${admin.id}`, { active: 'false' }, 'ERR_REQUEST_INVALID'],
    ['update agent: workspace smuggled in', 'PATCH', `/v1/agents/${admin.id}`, { workspaceId: admin.id }, 'ERR_REQUEST_INVALID'],
    ['update agent: unknown id', 'PATCH', `/v1/agents/${'0'.repeat(32)}`, { name: 'X' }, 'ERR_AGENT_NOT_FOUND'],
  ]
  for (const [name, method, url, payload, code] of cases) {
    const res = await send(method, url, payload)
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: 4xx (${res.statusCode})`)
    t.equal(res.json().error?.code, code, `${name}: ${code}`)
  }
  const oversize = await send('POST', '/v1/agents', { name: 'X', email: 'x@acme.example', pad: 'x'.repeat(1024 * 1024) })
  t.same([oversize.statusCode, oversize.json().error.code], [413, 'ERR_REQUEST_TOO_LARGE'])
  const agents = (await app.inject({ url: '/v1/agents', headers: adminHeaders })).json().items
  t.same(agents.map((a: { email: string }) => a.email), [admin.email], 'no agent was created')
  t.match((await app.inject({ url: '/v1/me', headers: adminHeaders })).json(), { name: 'Admin', role: 'admin', active: true }, 'nothing changed')
})

t.test("the agents list gives each agent's load: the open conversations they hold", async (t) => {
  const { app, adminHeaders, addVisitor, store, workspace, admin } = await workspaceWithSite(t)
  const hold = async () => {
    const { visitor } = await addVisitor()
    const conversation = await store.createConversation(workspace.id, { siteId: visitor.siteId, visitorId: visitor.id })
    const moved = await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { assigneeId: admin.id })
    return moved!.conversation
  }
  await hold()
  const resolved = await hold()
  await store.transitionConversation(workspace.id, resolved.id, resolved.revision, { status: 'resolved', assigneeId: null })
  await hold()
  const items = (await app.inject({ url: '/v1/agents', headers: adminHeaders })).json().items as { id: string; load: number }[]
  t.equal(items.find((a) => a.id === admin.id)?.load, 2, 'two open, the resolved one not counted')
})
