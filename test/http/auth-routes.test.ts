import t from 'tap'
import { createHmac } from 'node:crypto'
import { TEST_PASSWORD, login, signedInWorkspace, testConfig } from '../helpers/factories.ts'
import { REFRESH_MAX_PER_IP_PER_MINUTE } from '../../server/http/auth-routes.ts'

t.test('signing in returns a short access token and an httpOnly, SameSite=Strict refresh cookie', async (t) => {
  const { app, admin } = await signedInWorkspace(t)
  const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: admin.email.toUpperCase(), password: TEST_PASSWORD } })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.expiresIn, 300, 'five minutes')
  t.match(body.agent, { id: admin.id, email: admin.email, role: 'admin' })
  t.notOk('passwordHash' in body.agent, 'no password hash leaves the server')
  const cookie = res.cookies.find((c) => c.name === 'tandem_refresh')
  t.match(cookie, { httpOnly: true, sameSite: 'Strict', path: '/v1/auth' })
  t.ok(cookie!.value.length >= 43, '256-bit token')
  const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${body.accessToken}` } })
  t.equal(me.json().id, admin.id)
})

t.test('a failed sign-in never reveals whether the email exists', async (t) => {
  const { app, admin, store, workspace } = await signedInWorkspace(t)
  const attempt = (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } }).then((r) => [r.statusCode, r.json()])
  const wrongPassword = await attempt(admin.email, 'wrong password!')
  const unknownEmail = await attempt('nobody@acme.example', 'wrong password!')
  t.same(wrongPassword, [401, { error: { code: 'ERR_AUTH_INVALID_CREDENTIALS', message: 'The email or password is incorrect.' } }])
  t.same(unknownEmail, wrongPassword)
  const helper = await store.createAgent(workspace.id, { name: 'Gone', email: 'gone@acme.example', passwordHash: admin.passwordHash, role: 'agent' })
  await store.updateAgent(workspace.id, helper.id, { active: false })
  t.same(await attempt('gone@acme.example', TEST_PASSWORD), wrongPassword, 'a deactivated agent looks the same')
})

t.test('missing, tampered, foreign, alg:none and expired access tokens are refused with distinct codes', async (t) => {
  const { app, adminToken } = await signedInWorkspace(t)
  const me = (authorization?: string) =>
    app.inject({ url: '/v1/me', headers: authorization ? { authorization } : {} }).then((r) => [r.statusCode, r.json().error?.code])
  const [header, payload, signature] = adminToken.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'f'.repeat(32) })).toString('base64url')
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
  const foreignSignature = createHmac('sha256', 'another server secret of 32+ characters').update(`${header}.${payload}`).digest('base64url')
  const expired = app.jwt.sign({ sub: claims.sub, ws: claims.ws, sid: claims.sid }, { clockTimestamp: Date.now() - 3_600_000 })

  t.same(await me(), [401, 'ERR_AUTH_REQUIRED'])
  t.same(await me('Basic abc'), [401, 'ERR_AUTH_REQUIRED'])
  t.same(await me(`Bearer ${header}.${forged}.${signature}`), [401, 'ERR_AUTH_TOKEN_INVALID'], 'changed claims')
  t.same(await me(`Bearer ${none}.${payload}.`), [401, 'ERR_AUTH_TOKEN_INVALID'], 'alg: none')
  t.same(await me(`Bearer ${header}.${payload}.${foreignSignature}`), [401, 'ERR_AUTH_TOKEN_INVALID'], 'signed by another key')
  t.same(await me('Bearer not-a-jwt'), [401, 'ERR_AUTH_TOKEN_INVALID'])
  t.same(await me(`Bearer ${expired}`), [401, 'ERR_AUTH_TOKEN_EXPIRED'])
  t.same(await me(`Bearer ${adminToken}`), [200, undefined], 'the real one still works')
})

t.test('a refresh rotates the cookie, and replaying a spent one ends the whole session', async (t) => {
  const { app, admin } = await signedInWorkspace(t)
  const first = await login(app, admin.email)
  const refresh = (cookie: string) => app.inject({ method: 'POST', url: '/v1/auth/refresh', cookies: { tandem_refresh: cookie } })

  const rotated = await refresh(first.refreshCookie)
  t.equal(rotated.statusCode, 200)
  const second = rotated.cookies.find((c) => c.name === 'tandem_refresh')!.value
  t.not(second, first.refreshCookie, 'a new refresh token')
  const newAccess = rotated.json().accessToken
  t.equal((await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${newAccess}` } })).statusCode, 200)

  const replay = await refresh(first.refreshCookie)
  t.same([replay.statusCode, replay.json().error.code], [401, 'ERR_AUTH_REFRESH_REUSED'])
  const afterReplay = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${newAccess}` } })
  t.same([afterReplay.statusCode, afterReplay.json().error.code], [401, 'ERR_AUTH_SESSION_REVOKED'], 'the thief and the owner are both out')
  t.equal((await refresh(second)).json().error.code, 'ERR_AUTH_REFRESH_INVALID', 'the newest token of the family is dead too')

  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh' })).json().error.code, 'ERR_AUTH_REFRESH_INVALID', 'no cookie')
  t.equal((await refresh('made-up')).json().error.code, 'ERR_AUTH_REFRESH_INVALID')
})

t.test('signing out revokes the session at once, access token included', async (t) => {
  const { app, admin } = await signedInWorkspace(t)
  const session = await login(app, admin.email)
  const other = await login(app, admin.email)
  const out = await app.inject({ method: 'POST', url: '/v1/auth/logout', cookies: { tandem_refresh: session.refreshCookie } })
  t.equal(out.statusCode, 204)
  t.match(out.cookies.find((c) => c.name === 'tandem_refresh'), { value: '' }, 'the cookie is cleared')
  const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${session.token}` } })
  t.equal(me.json().error.code, 'ERR_AUTH_SESSION_REVOKED')
  const refreshed = await app.inject({ method: 'POST', url: '/v1/auth/refresh', cookies: { tandem_refresh: session.refreshCookie } })
  t.equal(refreshed.statusCode, 401)
  t.equal((await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${other.token}` } })).statusCode, 200, 'other devices stay in')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout' })).statusCode, 204, 'signing out twice is harmless')
})

t.test('sign-in is rate-limited per account and per address', async (t) => {
  const { app, admin } = await signedInWorkspace(t)
  const attempt = (email: string) => app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: 'guess guess guess' } })
  const codes: number[] = []
  for (let i = 0; i < 11; i++) codes.push((await attempt(admin.email)).statusCode)
  // One login happened while setting up the workspace, so the 10th guess is the 11th request.
  t.same(codes.slice(0, 9), Array(9).fill(401))
  const limited = await attempt(admin.email)
  t.same([limited.statusCode, limited.json().error.code], [429, 'ERR_RATE_LIMITED'])
  t.ok(limited.headers['retry-after'], 'says when to come back')

  const { app: fresh } = await signedInWorkspace(t)
  const perIp: number[] = []
  for (let i = 0; i < 21; i++) perIp.push((await fresh.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `user${i}@acme.example`, password: 'guess guess guess' } })).statusCode)
  t.equal(perIp.at(-1), 429, 'many accounts from one address hit the address limit')
})

t.test("refreshes are counted apart from sign-ins: a team's tabs behind one address keep refreshing, within their own limit", async (t) => {
  const { app } = await signedInWorkspace(t)
  for (let i = 0; i < 21; i++) await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `user${i}@acme.example`, password: 'guess guess guess' } })
  const refresh = () => app.inject({ method: 'POST', url: '/v1/auth/refresh' })
  t.equal((await refresh()).json().error.code, 'ERR_AUTH_REFRESH_INVALID', 'sign-ins used up their limit, refreshes did not')
  const codes: number[] = []
  for (let i = 1; i < REFRESH_MAX_PER_IP_PER_MINUTE + 1; i++) codes.push((await refresh()).statusCode)
  t.same(codes.slice(0, -1), Array(REFRESH_MAX_PER_IP_PER_MINUTE - 1).fill(401))
  t.equal(codes.at(-1), 429, `the ${REFRESH_MAX_PER_IP_PER_MINUTE + 1}th refresh in a minute is refused`)
})

t.test('behind one trusted proxy, the address limit counts the hop the proxy saw, whatever the client wrote before it', async (t) => {
  const { app } = await signedInWorkspace(t, { config: testConfig(t, { TRUST_PROXY: '1' }) })
  const attempt = (i: number, seenByProxy: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      // The client wrote its own leftmost address; the proxy (the socket's address) appended the real one.
      headers: { 'x-forwarded-for': `6.6.6.${i}, ${seenByProxy}` },
      payload: { email: `user${i}@acme.example`, password: 'guess guess guess' },
    })
  const codes: number[] = []
  for (let i = 0; i < 21; i++) codes.push((await attempt(i, '10.0.0.1')).statusCode)
  t.same(codes.slice(0, 20), Array(20).fill(401))
  t.equal(codes[20], 429, 'a new leftmost address does not escape the limit')
  t.equal((await attempt(99, '10.0.0.2')).statusCode, 401, 'another client behind the same proxy has its own count')
})

t.test("wrong guesses at an account lock out new devices, never the owner's browser that signed in before", async (t) => {
  const { app, admin } = await signedInWorkspace(t)
  const earlier = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } })
  const device = earlier.cookies.find((c) => c.name === 'tandem_device')
  t.match(device, { httpOnly: true, sameSite: 'Strict', path: '/v1/auth' }, 'a sign-in leaves a device cookie')
  t.ok(device!.maxAge! >= 30 * 24 * 3600, 'long-lived')
  t.match(device!.value, /^[0-9a-f]{32}\./, 'naming the agent')

  for (let i = 0; i < 10; i++) await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: admin.email, password: 'guess guess guess' } })
  const signIn = (cookies: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/v1/auth/login', cookies, payload: { email: admin.email, password: TEST_PASSWORD } })

  const newDevice = await signIn()
  t.same([newDevice.statusCode, newDevice.json().error.code], [429, 'ERR_RATE_LIMITED'], 'a new device is slowed down')
  // The signature's last character: it carries unused bits, so only a check of the exact text
  // refuses every change to it.
  const forged = device!.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
  t.equal((await signIn({ tandem_device: forged })).statusCode, 429, 'a tampered device cookie counts as a new device')
  const owner = await signIn({ tandem_device: device!.value })
  t.equal(owner.statusCode, 200, "the owner's browser still signs in")
})
