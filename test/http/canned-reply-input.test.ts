// Bad input to the canned-reply routes: every malformed, mistyped, incomplete, padded or oversize
// request gets a 4xx with its code, never a 5xx, and changes nothing.
import t from 'tap'
import { CANNED_SHORTCUT_MAX_CHARS, CANNED_TEXT_MAX_CHARS } from '../../protocol/limits.ts'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, over, requestsWith, type Refusal } from '../helpers/refusals.ts'

const INVALID = { status: 400, code: 'ERR_REQUEST_INVALID' }
const MALFORMED = { status: 400, code: 'ERR_REQUEST_MALFORMED_JSON' }

t.test('bad input to the canned-reply routes is refused with a 4xx and a code, and changes nothing', async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const created = await app.inject({ method: 'POST', url: '/v1/canned-replies', headers: adminHeaders, payload: { shortcut: 'hello', text: 'Hello!' } })
  const one = `/v1/canned-replies/${created.json().id}`
  const before = await store.listCannedReplies(workspace.id)
  const as = requestsWith(adminHeaders)
  const add = (body: unknown) => as('POST', '/v1/canned-replies', body)
  const change = (body: unknown) => as('PATCH', one, body)

  const refusals: Refusal[] = [
    // POST /v1/canned-replies
    { name: 'add: malformed JSON', request: add('{"shortcut": "bye", "text": }'), ...MALFORMED },
    { name: 'add: empty body', request: add(''), ...MALFORMED },
    { name: 'add: not JSON', request: { ...add('shortcut=bye'), headers: { ...adminHeaders, 'content-type': 'application/x-www-form-urlencoded' } }, status: 415, code: 'ERR_REQUEST_MEDIA_TYPE' },
    { name: 'add: a string', request: add('"bye"'), ...INVALID },
    { name: 'add: shortcut missing', request: add({ text: 'Bye!' }), ...INVALID },
    { name: 'add: text missing', request: add({ shortcut: 'bye' }), ...INVALID },
    { name: 'add: shortcut a number', request: add({ shortcut: 7, text: 'Bye!' }), ...INVALID },
    { name: 'add: text an array', request: add({ shortcut: 'bye', text: ['Bye!'] }), ...INVALID },
    { name: 'add: shortcut empty', request: add({ shortcut: '', text: 'Bye!' }), ...INVALID },
    { name: 'add: shortcut with the slash typed before it', request: add({ shortcut: '/bye', text: 'Bye!' }), ...INVALID },
    { name: 'add: shortcut in capitals', request: add({ shortcut: 'Bye', text: 'Bye!' }), ...INVALID },
    { name: 'add: shortcut with a space', request: add({ shortcut: 'good bye', text: 'Bye!' }), ...INVALID },
    { name: 'add: shortcut starting with a dash', request: add({ shortcut: '-bye', text: 'Bye!' }), ...INVALID },
    { name: 'add: shortcut over the limit', request: add({ shortcut: over(CANNED_SHORTCUT_MAX_CHARS, 'a'), text: 'Bye!' }), ...INVALID },
    { name: 'add: text blank', request: add({ shortcut: 'bye', text: '   ' }), ...INVALID },
    { name: 'add: text with NUL', request: add({ shortcut: 'bye', text: 'By\u0000e' }), ...INVALID },
    { name: 'add: text over the limit', request: add({ shortcut: 'bye', text: over(CANNED_TEXT_MAX_CHARS) }), ...INVALID },
    { name: 'add: choosing the id', request: add({ shortcut: 'bye', text: 'Bye!', id: 'f'.repeat(32) }), ...INVALID },
    { name: 'add: choosing the workspace', request: add({ shortcut: 'bye', text: 'Bye!', workspaceId: 'f'.repeat(32) }), ...INVALID },
    // PATCH /v1/canned-replies/:replyId
    { name: 'change: malformed JSON', request: change('{text: "Hi"}'), ...MALFORMED },
    { name: 'change: null', request: change('null'), ...INVALID },
    { name: 'change: text null', request: change({ text: null }), ...INVALID },
    { name: 'change: shortcut a boolean', request: change({ shortcut: true }), ...INVALID },
    { name: 'change: shortcut with a dot', request: change({ shortcut: 'hello.world' }), ...INVALID },
    { name: 'change: text over the limit', request: change({ text: over(CANNED_TEXT_MAX_CHARS) }), ...INVALID },
    { name: 'change: an extra field', request: change({ text: 'Hi', createdAt: '2020-01-01T00:00:00.000Z' }), ...INVALID },
    { name: 'change: not a reply id', request: as('PATCH', '/v1/canned-replies/hello', { text: 'Hi' }), ...INVALID },
    // DELETE /v1/canned-replies/:replyId
    { name: 'delete: not a reply id', request: as('DELETE', '/v1/canned-replies/hello'), ...INVALID },
    { name: 'delete: id too short', request: as('DELETE', `/v1/canned-replies/${'a'.repeat(31)}`), ...INVALID },
    { name: 'delete: id with an encoded slash', request: as('DELETE', `/v1/canned-replies/${'a'.repeat(16)}%2F${'a'.repeat(15)}`), ...INVALID },
  ]
  await expectRefusals(t, app, refusals)
  t.comment(`${refusals.length} bad-input cases for the canned-reply routes`)
  t.same(await store.listCannedReplies(workspace.id), before, 'nothing changed: no reply added, changed or deleted')
})
