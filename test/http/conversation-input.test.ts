// Bad input to the agents' conversation and customer routes: every malformed, mistyped, padded or
// oversize request, and every bad access token, gets a 4xx with its code, never a 5xx, and changes nothing.
import { createHmac } from 'node:crypto'
import t from 'tap'
import { MESSAGE_MAX_CHARS, PAGE_MAX, SEARCH_MAX_CHARS } from '../../protocol/limits.ts'
import { workspaceWithSite } from '../helpers/factories.ts'
import { expectRefusals, over, requestsWith, type Refusal } from '../helpers/refusals.ts'

const INVALID = { status: 400, code: 'ERR_REQUEST_INVALID' }
const MALFORMED = { status: 400, code: 'ERR_REQUEST_MALFORMED_JSON' }
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

t.test('bad input to the conversation routes is refused with a 4xx and a code, and changes nothing', async (t) => {
  const { app, store, workspace, site, addVisitor, adminToken, adminHeaders } = await workspaceWithSite(t)
  const { visitor, token: visitorToken } = await addVisitor()
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  const state = async () => [await store.getConversation(workspace.id, conversation.id), await store.getVisitor(workspace.id, visitor.id)]
  const before = await state()

  const as = requestsWith(adminHeaders)
  const list = (query: string) => as('GET', `/v1/conversations${query}`)
  const one = `/v1/conversations/${conversation.id}`
  const resolve = (body?: unknown) => as('POST', `${one}/resolve`, body)
  const block = (body?: unknown) => as('POST', `/v1/visitors/${visitor.id}/block`, body)
  const take = (body?: unknown) => as('POST', `${one}/take`, body)
  const transfer = (body?: unknown) => as('POST', `${one}/transfer`, body)
  const colleague = await store.createAgent(workspace.id, { name: 'Off', email: `off.${workspace.id}@acme.example`, passwordHash: 'x', role: 'agent' })
  const unknownId = 'f'.repeat(32)

  const [header, payload, signature] = adminToken.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  const forged = `${header}.${b64({ ...claims, ws: unknownId })}.${signature}`
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`
  const foreign = `${header}.${payload}.${createHmac('sha256', 'another server secret of 32+ characters').update(`${header}.${payload}`).digest('base64url')}`
  const expired = app.jwt.sign({ sub: claims.sub, ws: claims.ws, sid: claims.sid }, { clockTimestamp: Date.now() - 3_600_000 })
  const withToken = (method: 'GET' | 'POST', url: string, authorization: string | null, body?: unknown) =>
    requestsWith(authorization === null ? {} : { authorization })(method, url, body)

  const refusals: Refusal[] = [
    // GET /v1/conversations
    { name: 'list: unknown status', request: list('?status=closed'), ...INVALID },
    { name: 'list: status in upper case', request: list('?status=OPEN'), ...INVALID },
    { name: 'list: status twice', request: list('?status=open&status=resolved'), ...INVALID },
    { name: 'list: assignee neither id nor me nor none', request: list('?assignee=someone'), ...INVALID },
    { name: "list: assignee 'ME'", request: list('?assignee=ME'), ...INVALID },
    { name: 'list: assignee id in upper case', request: list(`?assignee=${'F'.repeat(32)}`), ...INVALID },
    { name: 'list: assignee of no agent', request: list(`?assignee=${unknownId}`), status: 404, code: 'ERR_AGENT_NOT_FOUND' },
    { name: 'list: not a site key', request: list('?siteKey=shop'), ...INVALID },
    { name: 'list: site key of no site', request: list(`?siteKey=site_${'z'.repeat(22)}`), status: 404, code: 'ERR_SITE_NOT_FOUND' },
    { name: 'list: visitorId too short', request: list('?visitorId=123'), ...INVALID },
    { name: 'list: visitorId of no visitor', request: list(`?visitorId=${unknownId}`), status: 404, code: 'ERR_VISITOR_NOT_FOUND' },
    { name: 'list: queued neither true nor false', request: list('?queued=maybe'), ...INVALID },
    { name: 'list: queued=false, which no inbox view means', request: list('?queued=false'), ...INVALID },
    { name: 'list: empty search', request: list('?q='), ...INVALID },
    { name: 'list: blank search', request: list('?q=%20%20'), ...INVALID },
    { name: 'list: search with NUL', request: list('?q=a%00b'), ...INVALID },
    { name: 'list: search over the limit', request: list(`?q=${over(SEARCH_MAX_CHARS)}`), ...INVALID },
    { name: 'list: limit 0', request: list('?limit=0'), ...INVALID },
    { name: 'list: limit negative', request: list('?limit=-1'), ...INVALID },
    { name: 'list: limit over the maximum', request: list(`?limit=${PAGE_MAX + 1}`), ...INVALID },
    { name: 'list: limit not a number', request: list('?limit=ten'), ...INVALID },
    { name: 'list: cursor not base64 JSON', request: list('?cursor=%7B%7D%7B'), ...INVALID },
    { name: 'list: cursor of the wrong shape', request: list(`?cursor=${b64([1, 2, 3])}`), ...INVALID },
    { name: 'list: cursor over the limit', request: list(`?cursor=${'a'.repeat(201)}`), ...INVALID },
    { name: 'list: choosing the workspace', request: list(`?workspaceId=${unknownId}`), ...INVALID },
    // GET /v1/conversations/:conversationId and .../messages
    { name: 'read: id too short', request: as('GET', `/v1/conversations/${conversation.id.slice(1)}`), ...INVALID },
    { name: 'read: id in upper case', request: as('GET', `/v1/conversations/${conversation.id.toUpperCase()}`), ...INVALID },
    { name: 'read: id with an encoded quote', request: as('GET', `/v1/conversations/${encodeURIComponent("' OR 1=1")}`), ...INVALID },
    { name: 'read: no such conversation', request: as('GET', `/v1/conversations/${unknownId}`), status: 404, code: 'ERR_CONVERSATION_NOT_FOUND' },
    { name: 'history: before 0', request: as('GET', `${one}/messages?before=0`), ...INVALID },
    { name: 'history: after -1', request: as('GET', `${one}/messages?after=-1`), ...INVALID },
    { name: 'history: limit over the maximum', request: as('GET', `${one}/messages?limit=${PAGE_MAX + 1}`), ...INVALID },
    { name: 'history: unknown parameter', request: as('GET', `${one}/messages?publicOnly=true`), ...INVALID },
    // POST /v1/conversations/:conversationId/resolve
    { name: 'resolve: a field in the body', request: resolve({ status: 'open' }), ...INVALID },
    { name: 'resolve: an array body', request: resolve([]), ...INVALID },
    { name: 'resolve: malformed JSON', request: resolve('{'), ...MALFORMED },
    { name: 'resolve: not JSON', request: { ...resolve('x'), headers: { ...adminHeaders, 'content-type': 'text/plain' } }, status: 415, code: 'ERR_REQUEST_MEDIA_TYPE' },
    { name: 'resolve: malformed id', request: as('POST', '/v1/conversations/nope/resolve'), ...INVALID },
    { name: 'resolve: no such conversation', request: as('POST', `/v1/conversations/${unknownId}/resolve`), status: 404, code: 'ERR_CONVERSATION_NOT_FOUND' },
    // POST .../take and .../transfer
    { name: 'take: a field in the body', request: take({ agentId: colleague.id }), ...INVALID },
    { name: 'take: malformed id', request: as('POST', '/v1/conversations/nope/take'), ...INVALID },
    { name: 'take: no such conversation', request: as('POST', `/v1/conversations/${unknownId}/take`), status: 404, code: 'ERR_CONVERSATION_NOT_FOUND' },
    { name: 'take: while offline (no agent app open)', request: take(), status: 409, code: 'ERR_AGENT_UNAVAILABLE' },
    { name: 'transfer: no body', request: transfer(), ...INVALID },
    { name: 'transfer: agentId missing', request: transfer({ note: 'for you' }), ...INVALID },
    { name: 'transfer: agentId null', request: transfer({ agentId: null }), ...INVALID },
    { name: 'transfer: agentId not an id', request: transfer({ agentId: 'ben' }), ...INVALID },
    { name: 'transfer: empty note', request: transfer({ agentId: colleague.id, note: '' }), ...INVALID },
    { name: 'transfer: note over the limit', request: transfer({ agentId: colleague.id, note: over(MESSAGE_MAX_CHARS) }), ...INVALID },
    { name: 'transfer: note with NUL', request: transfer({ agentId: colleague.id, note: 'a\u0000b' }), ...INVALID },
    { name: 'transfer: extra field', request: transfer({ agentId: colleague.id, priority: 'high' }), ...INVALID },
    { name: 'transfer: malformed JSON', request: transfer('{"agentId":'), ...MALFORMED },
    { name: 'transfer: no such agent', request: transfer({ agentId: unknownId }), status: 404, code: 'ERR_AGENT_NOT_FOUND' },
    { name: 'transfer: an offline agent', request: transfer({ agentId: colleague.id }), status: 409, code: 'ERR_AGENT_UNAVAILABLE' },
    { name: 'transfer: no such conversation', request: as('POST', `/v1/conversations/${unknownId}/transfer`, { agentId: colleague.id }), status: 404, code: 'ERR_CONVERSATION_NOT_FOUND' },
    { name: 'take: a visitor token', request: withToken('POST', `${one}/take`, `Bearer ${visitorToken}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'transfer: expired', request: withToken('POST', `${one}/transfer`, `Bearer ${expired}`, { agentId: colleague.id }), status: 401, code: 'ERR_AUTH_TOKEN_EXPIRED' },
    // GET /v1/visitors/:visitorId and POST .../block
    { name: 'visitor: malformed id', request: as('GET', '/v1/visitors/nope'), ...INVALID },
    { name: 'visitor: no such visitor', request: as('GET', `/v1/visitors/${unknownId}`), status: 404, code: 'ERR_VISITOR_NOT_FOUND' },
    { name: 'block: no body', request: block(), ...INVALID },
    { name: 'block: blocked missing', request: block({}), ...INVALID },
    { name: 'block: blocked as text, not coerced', request: block({ blocked: 'true' }), ...INVALID },
    { name: 'block: blocked as a number', request: block({ blocked: 1 }), ...INVALID },
    { name: 'block: extra field', request: block({ blocked: true, name: 'Spam' }), ...INVALID },
    { name: 'block: malformed JSON', request: block('{"blocked":tru}'), ...MALFORMED },
    { name: 'block: malformed id', request: as('POST', '/v1/visitors/nope/block', { blocked: true }), ...INVALID },
    { name: 'block: no such visitor', request: as('POST', `/v1/visitors/${unknownId}/block`, { blocked: true }), status: 404, code: 'ERR_VISITOR_NOT_FOUND' },
    // Access tokens, on a read and on each write
    { name: 'token: none', request: withToken('GET', '/v1/conversations', null), status: 401, code: 'ERR_AUTH_REQUIRED' },
    { name: 'token: Basic', request: withToken('GET', '/v1/conversations', `Basic ${adminToken}`), status: 401, code: 'ERR_AUTH_REQUIRED' },
    { name: 'token: not a JWT', request: withToken('GET', '/v1/conversations', 'Bearer not-a-jwt'), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'token: claims changed', request: withToken('GET', '/v1/conversations', `Bearer ${forged}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'token: alg none', request: withToken('GET', '/v1/conversations', `Bearer ${none}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'token: signed by another key', request: withToken('GET', '/v1/conversations', `Bearer ${foreign}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'token: expired', request: withToken('GET', '/v1/conversations', `Bearer ${expired}`), status: 401, code: 'ERR_AUTH_TOKEN_EXPIRED' },
    { name: 'token: a visitor token', request: withToken('GET', '/v1/conversations', `Bearer ${visitorToken}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'resolve: alg none', request: withToken('POST', `${one}/resolve`, `Bearer ${none}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'resolve: expired', request: withToken('POST', `${one}/resolve`, `Bearer ${expired}`), status: 401, code: 'ERR_AUTH_TOKEN_EXPIRED' },
    { name: 'resolve: claims changed', request: withToken('POST', `${one}/resolve`, `Bearer ${forged}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'resolve: a visitor token', request: withToken('POST', `${one}/resolve`, `Bearer ${visitorToken}`), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'block: alg none', request: withToken('POST', `/v1/visitors/${visitor.id}/block`, `Bearer ${none}`, { blocked: true }), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'block: signed by another key', request: withToken('POST', `/v1/visitors/${visitor.id}/block`, `Bearer ${foreign}`, { blocked: true }), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
    { name: 'block: a visitor token', request: withToken('POST', `/v1/visitors/${visitor.id}/block`, `Bearer ${visitorToken}`, { blocked: false }), status: 401, code: 'ERR_AUTH_TOKEN_INVALID' },
  ]
  await expectRefusals(t, app, refusals)
  t.comment(`${refusals.length} bad-input cases for the conversation routes`)
  t.same(await state(), before, 'nothing changed: the conversation is open and the visitor unblocked')
})

t.test('a bad choice in a conversation list query says which values are allowed', async (t) => {
  const { app, adminHeaders } = await workspaceWithSite(t)
  const message = async (query: string) => (await app.inject({ url: `/v1/conversations${query}`, headers: adminHeaders })).json().error.message
  t.equal(await message('?status=closed'), 'Invalid querystring: querystring/status must be one of open, resolved')
  t.equal(await message('?status=open&status=resolved'), 'Invalid querystring: querystring/status must be one of open, resolved', 'twice')
  t.match(await message('?assignee=someone'), /assignee must match pattern .*, or be one of me, none$/)
  t.equal(await message('?queued=false'), 'Invalid querystring: querystring/queued must be true')
})
