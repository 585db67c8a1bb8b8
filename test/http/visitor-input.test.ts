// Bad input to the widget's routes: every malformed, mistyped, incomplete, padded or oversize request,
// and every bad token or origin, gets a 4xx with its code, never a 5xx, and changes nothing.
import Database from 'better-sqlite3'
import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import t from 'tap'
import { ATTRIBUTE_VALUE_MAX_CHARS, ATTRIBUTES_MAX, EMAIL_MAX_CHARS, EXTERNAL_ID_MAX_CHARS, NAME_MAX_CHARS, PAGE_MAX } from '../../protocol/limits.ts'
import { hashToken } from '../../server/secrets.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { SHOP_ORIGIN, tempDir, workspaceWithSite } from '../helpers/factories.ts'
import { expectRefusals, over, requestsWith, type Refusal } from '../helpers/refusals.ts'

const INVALID = { status: 400, code: 'ERR_REQUEST_INVALID' }
const MALFORMED = { status: 400, code: 'ERR_REQUEST_MALFORMED_JSON' }
const NO_TOKEN = { status: 401, code: 'ERR_VISITOR_TOKEN_INVALID' }
const FOREIGN = { status: 403, code: 'ERR_SITE_ORIGIN_NOT_ALLOWED' }
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

t.test('bad input to the visitor routes is refused with a 4xx and a code, and changes nothing', async (t) => {
  const db = new Database(join(tempDir(t), 'raw.db'))
  t.teardown(() => db.close())
  const { app, store, workspace, site, secret, addVisitor, adminToken } = await workspaceWithSite(t, { store: createSqliteStore(db) })
  const { visitor, token, headers } = await addVisitor()
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  await store.transitionConversation(workspace.id, conversation.id, 0, { status: 'resolved' })
  const snapshot = () => ['visitors', 'conversations', 'messages'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY id`).all())
  const before = snapshot()

  const base = `/v1/sites/${site.key}/visitors`
  const anonymous = requestsWith({ origin: SHOP_ORIGIN })
  const as = requestsWith(headers)
  const withAuth = (authorization: string) => ({ method: 'GET' as const, url: `${base}/me`, headers: { origin: SHOP_ORIGIN, authorization } })
  const start = (body?: unknown) => anonymous('POST', base, body)
  const userHash = createHmac('sha256', secret).update('user-1').digest('hex')
  const identify = (fields: Record<string, unknown>) => as('POST', `${base}/me/identify`, { userId: 'user-1', userHash, ...fields })
  const conversations = (query: string) => as('GET', `${base}/me/conversations${query}`)
  const history = (query: string) => as('GET', `${base}/me/conversations/${conversation.id}/messages${query}`)
  const rate = (body?: unknown) => as('POST', `${base}/me/conversations/${conversation.id}/rating`, body)
  const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]))
  const [, jwtPayload] = adminToken.split('.') as [string, string]
  const none = b64({ alg: 'none', typ: 'JWT' })

  const refusals: Refusal[] = [
    // POST /v1/sites/:siteKey/visitors
    { name: 'start: not a site key', request: anonymous('POST', '/v1/sites/shop/visitors'), ...INVALID },
    { name: 'start: key too long', request: anonymous('POST', `/v1/sites/${site.key}x/visitors`), ...INVALID },
    { name: 'start: key with an encoded NUL', request: anonymous('POST', `/v1/sites/site_${'a'.repeat(21)}%00/visitors`), ...INVALID },
    { name: 'start: malformed JSON', request: start('{"name":'), ...MALFORMED },
    { name: 'start: empty JSON body', request: start(''), ...MALFORMED },
    { name: 'start: not JSON', request: { ...start('name=x'), headers: { origin: SHOP_ORIGIN, 'content-type': 'text/plain' } }, status: 415, code: 'ERR_REQUEST_MEDIA_TYPE' },
    { name: 'start: claiming a name', request: start({ name: 'Ann' }), ...INVALID },
    { name: 'start: claiming an identity', request: start({ externalId: 'user-1' }), ...INVALID },
    { name: 'start: an array body', request: start([]), ...INVALID },
    { name: 'start: an Origin with a path', request: { ...start(), headers: { origin: `${SHOP_ORIGIN}/cart` } }, ...FOREIGN },
    // The visitor token and the Origin, on GET .../me
    { name: 'me: no token', request: anonymous('GET', `${base}/me`), ...NO_TOKEN },
    { name: 'me: Basic instead of Bearer', request: withAuth(`Basic ${token}`), ...NO_TOKEN },
    { name: 'me: token and junk', request: withAuth(`Bearer ${token} junk`), ...NO_TOKEN },
    { name: 'me: tampered token', request: withAuth(`Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`), ...NO_TOKEN },
    { name: "me: the stored hash instead of the token", request: withAuth(`Bearer ${hashToken(token)}`), ...NO_TOKEN },
    { name: 'me: an alg:none JWT', request: withAuth(`Bearer ${none}.${jwtPayload}.`), ...NO_TOKEN },
    { name: "me: an agent's access token", request: withAuth(`Bearer ${adminToken}`), ...NO_TOKEN },
    { name: 'me: an oversize token', request: withAuth(`Bearer ${'x'.repeat(8000)}`), ...NO_TOKEN },
    { name: 'me: right token, foreign Origin', request: { ...as('GET', `${base}/me`), headers: { ...headers, origin: 'https://evil.example' } }, ...FOREIGN },
    { name: 'me: right token, no Origin', request: { method: 'GET', url: `${base}/me`, headers: { authorization: headers.authorization } }, ...FOREIGN },
    // POST .../me/identify
    { name: 'identify: malformed JSON', request: as('POST', `${base}/me/identify`, '{"userId":"user-1",'), ...MALFORMED },
    { name: 'identify: no body', request: as('POST', `${base}/me/identify`), ...INVALID },
    { name: 'identify: null', request: as('POST', `${base}/me/identify`, 'null'), ...INVALID },
    { name: 'identify: an array', request: as('POST', `${base}/me/identify`, [{ userId: 'user-1', userHash }]), ...INVALID },
    { name: 'identify: userId missing', request: as('POST', `${base}/me/identify`, { userHash }), ...INVALID },
    { name: 'identify: userHash missing', request: as('POST', `${base}/me/identify`, { userId: 'user-1' }), ...INVALID },
    { name: 'identify: userId a number', request: identify({ userId: 1 }), ...INVALID },
    { name: 'identify: userId blank', request: identify({ userId: '   ' }), ...INVALID },
    { name: 'identify: userId with NUL', request: identify({ userId: 'user-1\u0000' }), ...INVALID },
    { name: 'identify: userId over the limit', request: identify({ userId: over(EXTERNAL_ID_MAX_CHARS) }), ...INVALID },
    { name: 'identify: userHash a number', request: identify({ userHash: 1234 }), ...INVALID },
    { name: 'identify: userHash one short', request: identify({ userHash: userHash.slice(1) }), ...INVALID },
    { name: 'identify: userHash one long', request: identify({ userHash: userHash + '0' }), ...INVALID },
    { name: 'identify: userHash not hex', request: identify({ userHash: 'g'.repeat(64) }), ...INVALID },
    { name: 'identify: name over the limit', request: identify({ name: over(NAME_MAX_CHARS) }), ...INVALID },
    { name: 'identify: name a number', request: identify({ name: 7 }), ...INVALID },
    { name: 'identify: email not an email', request: identify({ email: 'ann at shop' }), ...INVALID },
    { name: 'identify: email over the limit', request: identify({ email: `${'a'.repeat(EMAIL_MAX_CHARS)}@shop.example` }), ...INVALID },
    { name: 'identify: claiming verified', request: identify({ verified: true }), ...INVALID },
    { name: 'identify: setting externalId directly', request: identify({ externalId: 'user-2' }), ...INVALID },
    { name: 'identify: too many attributes', request: identify({ attributes: attributes(ATTRIBUTES_MAX + 1) }), ...INVALID },
    { name: 'identify: attribute value over the limit', request: identify({ attributes: { plan: over(ATTRIBUTE_VALUE_MAX_CHARS) } }), ...INVALID },
    { name: 'identify: attribute name with a dot', request: identify({ attributes: { 'a.b': 1 } }), ...INVALID },
    { name: 'identify: attribute name with a dollar', request: identify({ attributes: { $where: 1 } }), ...INVALID },
    { name: 'identify: attribute value an object', request: identify({ attributes: { plan: { tier: 1 } } }), ...INVALID },
    { name: 'identify: attribute value null', request: identify({ attributes: { plan: null } }), ...INVALID },
    // GET .../me/conversations
    { name: 'list: limit 0', request: conversations('?limit=0'), ...INVALID },
    { name: 'list: limit over the maximum', request: conversations(`?limit=${PAGE_MAX + 1}`), ...INVALID },
    { name: 'list: limit not a number', request: conversations('?limit=ten'), ...INVALID },
    { name: 'list: limit a fraction', request: conversations('?limit=2.5'), ...INVALID },
    { name: 'list: cursor not base64 JSON', request: conversations('?cursor=!!!'), ...INVALID },
    { name: 'list: cursor of the wrong shape', request: conversations(`?cursor=${b64({ id: 'x' })}`), ...INVALID },
    { name: 'list: cursor over the limit', request: conversations(`?cursor=${'a'.repeat(201)}`), ...INVALID },
    { name: "list: another visitor's filter", request: conversations(`?visitorId=${'f'.repeat(32)}`), ...INVALID },
    { name: 'list: unknown parameter', request: conversations('?status=open'), ...INVALID },
    // GET .../me/conversations/:conversationId and .../messages
    { name: 'read: id too short', request: as('GET', `${base}/me/conversations/${conversation.id.slice(1)}`), ...INVALID },
    { name: 'read: id in upper case', request: as('GET', `${base}/me/conversations/${conversation.id.toUpperCase()}`), ...INVALID },
    { name: 'read: id with an encoded dot', request: as('GET', `${base}/me/conversations/${conversation.id.slice(1)}%2E`), ...INVALID },
    { name: 'history: before 0', request: history('?before=0'), ...INVALID },
    { name: 'history: after -1', request: history('?after=-1'), ...INVALID },
    { name: 'history: limit 0', request: history('?limit=0'), ...INVALID },
    { name: 'history: limit over the maximum', request: history(`?limit=${PAGE_MAX + 1}`), ...INVALID },
    { name: 'history: before not a number', request: history('?before=latest'), ...INVALID },
    { name: 'history: before twice', request: history('?before=1&before=2'), ...INVALID },
    { name: 'history: asking for notes', request: history('?publicOnly=false'), ...INVALID },
    // POST .../rating
    { name: 'rate: malformed JSON', request: rate('{"score":5'), ...MALFORMED },
    { name: 'rate: no body', request: rate(), ...INVALID },
    { name: 'rate: score missing', request: rate({ comment: 'ok' }), ...INVALID },
    { name: 'rate: score 0', request: rate({ score: 0 }), ...INVALID },
    { name: 'rate: score 6', request: rate({ score: 6 }), ...INVALID },
    { name: 'rate: score a fraction', request: rate({ score: 4.5 }), ...INVALID },
    { name: 'rate: score as text, not coerced', request: rate({ score: '5' }), ...INVALID },
    { name: 'rate: comment over the limit', request: rate({ score: 5, comment: over(1000) }), ...INVALID },
    { name: 'rate: comment blank', request: rate({ score: 5, comment: ' ' }), ...INVALID },
    { name: 'rate: comment a number', request: rate({ score: 5, comment: 5 }), ...INVALID },
    { name: 'rate: extra field', request: rate({ score: 5, visitorId: visitor.id }), ...INVALID },
    { name: 'rate: malformed id', request: as('POST', `${base}/me/conversations/nope/rating`, { score: 5 }), ...INVALID },
  ]
  await expectRefusals(t, app, refusals)
  t.comment(`${refusals.length} bad-input cases for the visitor routes`)
  t.same(snapshot(), before, 'nothing changed: no visitor made, none identified or seen, no rating')
})
