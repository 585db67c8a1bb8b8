// Bad input to the site routes: every malformed, mistyped, incomplete, padded or oversize request gets
// a 4xx with its code, never a 5xx, and changes nothing.
import t from 'tap'
import { GREETING_MAX_CHARS, NAME_MAX_CHARS, ORIGINS_MAX, URL_MAX_CHARS } from '../../protocol/limits.ts'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, over, requestsWith, type Refusal } from '../helpers/refusals.ts'

const INVALID = { status: 400, code: 'ERR_REQUEST_INVALID' }
const MALFORMED = { status: 400, code: 'ERR_REQUEST_MALFORMED_JSON' }
const SHOP = 'https://shop.example'

t.test('bad input to the site routes is refused with a 4xx and a code, and changes nothing', async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const created = await app.inject({ method: 'POST', url: '/v1/sites', headers: adminHeaders, payload: { name: 'Shop', allowedOrigins: [SHOP] } })
  const key: string = created.json().site.key
  const before = await store.listSites(workspace.id)
  const as = requestsWith(adminHeaders)
  const origins = (n: number) => Array.from({ length: n }, (_, i) => `https://s${i}.shop.example`)
  const field = { name: 'email', label: 'Email', type: 'email', required: true }
  const hours = (hour: object) => ({ timeZone: 'UTC', hours: [{ day: 1, open: '09:00', close: '17:00', ...hour }] })
  const create = (body: unknown) => as('POST', '/v1/sites', body)
  const change = (body: unknown) => as('PATCH', `/v1/sites/${key}`, body)

  const refusals: Refusal[] = [
    // POST /v1/sites
    { name: 'create: malformed JSON', request: create('{"name":'), ...MALFORMED },
    { name: 'create: empty body', request: create(''), ...MALFORMED },
    { name: 'create: not JSON', request: { ...create('name=Shop'), headers: { ...adminHeaders, 'content-type': 'text/plain' } }, status: 415, code: 'ERR_REQUEST_MEDIA_TYPE' },
    { name: 'create: an array, not an object', request: create([{ name: 'Shop' }]), ...INVALID },
    { name: 'create: null', request: create('null'), ...INVALID },
    { name: 'create: name missing', request: create({ allowedOrigins: [SHOP] }), ...INVALID },
    { name: 'create: name a number', request: create({ name: 42 }), ...INVALID },
    { name: 'create: name blank', request: create({ name: '   ' }), ...INVALID },
    { name: 'create: name with NUL', request: create({ name: 'Sh\u0000op' }), ...INVALID },
    { name: 'create: name over the limit', request: create({ name: over(NAME_MAX_CHARS) }), ...INVALID },
    { name: 'create: choosing the key', request: create({ name: 'Shop', key: `site_${'a'.repeat(22)}` }), ...INVALID },
    { name: 'create: choosing the secret', request: create({ name: 'Shop', secret: 'x'.repeat(43) }), ...INVALID },
    { name: 'create: origins a string', request: create({ name: 'Shop', allowedOrigins: SHOP }), ...INVALID },
    { name: 'create: origin with a path', request: create({ name: 'Shop', allowedOrigins: [`${SHOP}/cart`] }), ...INVALID },
    { name: 'create: wildcard origin', request: create({ name: 'Shop', allowedOrigins: ['*'] }), ...INVALID },
    { name: 'create: origin not http(s)', request: create({ name: 'Shop', allowedOrigins: ['javascript://x'] }), ...INVALID },
    { name: 'create: origin over the limit', request: create({ name: 'Shop', allowedOrigins: [`https://${over(URL_MAX_CHARS)}`] }), ...INVALID },
    { name: 'create: too many origins', request: create({ name: 'Shop', allowedOrigins: origins(ORIGINS_MAX + 1) }), ...INVALID },
    { name: 'create: an origin twice', request: create({ name: 'Shop', allowedOrigins: [SHOP, SHOP] }), ...INVALID },
    { name: 'create: unknown routing policy', request: create({ name: 'Shop', routingPolicy: 'round-robin' }), ...INVALID },
    { name: 'create: greeting over the limit', request: create({ name: 'Shop', greeting: over(GREETING_MAX_CHARS) }), ...INVALID },
    { name: 'create: colour by name', request: create({ name: 'Shop', color: 'red' }), ...INVALID },
    { name: 'create: malformed locale', request: create({ name: 'Shop', locale: 'EN_us' }), ...INVALID },
    { name: 'create: origin with NUL', request: create({ name: 'Shop', allowedOrigins: ['https://shop\u0000.example'] }), ...INVALID },
    { name: 'create: unknown time zone', request: create({ name: 'Shop', businessHours: { timeZone: 'Mars/Olympus_Mons', hours: [] } }), ...INVALID },
    { name: 'create: an hour past 23', request: create({ name: 'Shop', businessHours: hours({ open: '25:00' }) }), ...INVALID },
    { name: 'create: too many pre-chat fields', request: create({ name: 'Shop', preChatFields: Array(6).fill(field) }), ...INVALID },
    { name: 'create: two pre-chat fields of one name', request: create({ name: 'Shop', preChatFields: [field, { ...field, label: 'Work email' }] }), ...INVALID },
    { name: 'change: two pre-chat fields of one name', request: change({ preChatFields: [field, { ...field, type: 'text' }] }), ...INVALID },
    { name: 'create: pre-chat field with an extra field', request: create({ name: 'Shop', preChatFields: [{ ...field, html: '<b>' }] }), ...INVALID },
    { name: 'create: pre-chat field of unknown type', request: create({ name: 'Shop', preChatFields: [{ ...field, type: 'password' }] }), ...INVALID },
    // PATCH /v1/sites/:siteKey
    { name: 'change: malformed JSON', request: change('{"name": "Shop",}'), ...MALFORMED },
    { name: 'change: origins null', request: change({ allowedOrigins: null }), ...INVALID },
    { name: 'change: name a boolean', request: change({ name: true }), ...INVALID },
    { name: 'change: name empty', request: change({ name: '' }), ...INVALID },
    { name: 'change: the key', request: change({ key: `site_${'b'.repeat(22)}` }), ...INVALID },
    { name: 'change: the stored secret', request: change({ secretEncrypted: 'v1:abc' }), ...INVALID },
    { name: 'change: the workspace', request: change({ workspaceId: 'f'.repeat(32) }), ...INVALID },
    { name: 'change: away message over the limit', request: change({ awayMessage: over(GREETING_MAX_CHARS) }), ...INVALID },
    { name: 'change: day 7', request: change({ businessHours: hours({ day: 7 }) }), ...INVALID },
    { name: 'change: unknown time zone', request: change({ businessHours: { ...hours({}), timeZone: 'Europe/Nowhere' } }), ...INVALID },
    { name: 'change: day as text', request: change({ businessHours: hours({ day: '1' }) }), ...INVALID },
    { name: 'change: not a site key', request: as('PATCH', '/v1/sites/shop', { name: 'Shop' }), ...INVALID },
    // Path parameters of every site route
    { name: 'read: not a site key', request: as('GET', '/v1/sites/shop'), ...INVALID },
    { name: 'read: key too short', request: as('GET', `/v1/sites/site_${'a'.repeat(21)}`), ...INVALID },
    { name: 'read: key too long', request: as('GET', `/v1/sites/site_${'a'.repeat(23)}`), ...INVALID },
    { name: 'read: key with a dot', request: as('GET', `/v1/sites/site_${'a'.repeat(21)}.`), ...INVALID },
    { name: 'read: key with an encoded NUL', request: as('GET', `/v1/sites/site_${'a'.repeat(21)}%00`), ...INVALID },
    { name: 'read: key with encoded quotes', request: as('GET', `/v1/sites/${encodeURIComponent("site_' OR 1=1 --")}`), ...INVALID },
    { name: 'secret: not a site key', request: as('GET', '/v1/sites/shop/secret'), ...INVALID },
    { name: 'rotate: not a site key', request: as('POST', '/v1/sites/shop/secret/rotate'), ...INVALID },
    { name: 'rotate: choosing the new secret', request: as('POST', `/v1/sites/${key}/secret/rotate`, { secret: 'mine' }), ...INVALID },
    { name: 'rotate: malformed JSON body', request: as('POST', `/v1/sites/${key}/secret/rotate`, '{'), ...MALFORMED },
    { name: 'widget config: not a site key', request: { method: 'GET', url: '/v1/sites/shop/widget-config', headers: { origin: SHOP } }, ...INVALID },
  ]
  await expectRefusals(t, app, refusals)
  t.comment(`${refusals.length} bad-input cases for the site routes`)
  t.same(await store.listSites(workspace.id), before, 'nothing changed: no site added, none changed, no secret rotated')
})
