// Canned replies: a workspace's shared snippets, kept by admins, read by every agent, with shortcuts
// unique in the workspace and invisible to every other workspace.
import t from 'tap'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, requestsWith, type Refusal } from '../helpers/refusals.ts'

type Ws = Awaited<ReturnType<typeof signedInWorkspace>>

async function newReply(ws: Ws, shortcut: string, text = `Text of ${shortcut}`): Promise<{ id: string; shortcut: string; text: string }> {
  const res = await ws.app.inject({ method: 'POST', url: '/v1/canned-replies', headers: ws.adminHeaders, payload: { shortcut, text } })
  if (res.statusCode !== 201) throw new Error(`create canned reply failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

t.test('an admin adds canned replies and every agent reads them, ordered by shortcut', async (t) => {
  const ws = await signedInWorkspace(t)
  const { app, store, workspace, adminHeaders, addAgent, auth } = ws
  const res = await app.inject({ method: 'POST', url: '/v1/canned-replies', headers: adminHeaders, payload: { shortcut: 'refund', text: 'Your refund is on its way.' } })
  t.equal(res.statusCode, 201)
  const refund = res.json()
  t.match(refund, { shortcut: 'refund', text: 'Your refund is on its way.' })
  t.match(refund.id, /^[0-9a-f]{32}$/)
  const greet = await newReply(ws, 'greet', 'Hi! How can I help?')

  const list = await app.inject({ url: '/v1/canned-replies', headers: auth((await addAgent('Plain')).token) })
  t.equal(list.statusCode, 200)
  t.same(list.json(), { items: [greet, refund] }, 'by shortcut, not by age')
  t.same((await store.listCannedReplies(workspace.id)).map((r) => [r.shortcut, r.text]), [['greet', 'Hi! How can I help?'], ['refund', 'Your refund is on its way.']])
})

t.test('an admin changes a canned reply: only the fields sent change', async (t) => {
  const ws = await signedInWorkspace(t)
  const { app, store, workspace, adminHeaders } = ws
  const reply = await newReply(ws, 'hours', 'We are open 9 to 5.')
  const url = `/v1/canned-replies/${reply.id}`

  const retext = await app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { text: 'We are open 8 to 6.' } })
  t.equal(retext.statusCode, 200)
  t.match(retext.json(), { id: reply.id, shortcut: 'hours', text: 'We are open 8 to 6.' })
  const renamed = await app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { shortcut: 'opening-hours' } })
  t.match(renamed.json(), { id: reply.id, shortcut: 'opening-hours', text: 'We are open 8 to 6.' })

  t.same((await app.inject({ url: '/v1/canned-replies', headers: adminHeaders })).json(), { items: [renamed.json()] }, 'a fresh read sees both changes')
  t.match(await store.listCannedReplies(workspace.id), [{ id: reply.id, shortcut: 'opening-hours', text: 'We are open 8 to 6.' }])
})

t.test('an admin deletes a canned reply: 204, then it is gone', async (t) => {
  const ws = await signedInWorkspace(t)
  const { app, store, workspace, adminHeaders } = ws
  const doomed = await newReply(ws, 'bye')
  const kept = await newReply(ws, 'thanks')

  const res = await app.inject({ method: 'DELETE', url: `/v1/canned-replies/${doomed.id}`, headers: adminHeaders })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.same((await app.inject({ url: '/v1/canned-replies', headers: adminHeaders })).json(), { items: [kept] })
  t.same((await store.listCannedReplies(workspace.id)).map((r) => r.id), [kept.id])

  const again = await app.inject({ method: 'DELETE', url: `/v1/canned-replies/${doomed.id}`, headers: adminHeaders })
  t.same([again.statusCode, again.json().error.code], [404, 'ERR_CANNED_NOT_FOUND'], 'a second delete finds nothing')
  const change = await app.inject({ method: 'PATCH', url: `/v1/canned-replies/${doomed.id}`, headers: adminHeaders, payload: { text: 'Back?' } })
  t.same([change.statusCode, change.json().error.code], [404, 'ERR_CANNED_NOT_FOUND'], 'nor can it be changed')
})

t.test('a shortcut is unique in its workspace, and free in any other', async (t) => {
  const ours = await signedInWorkspace(t)
  const { app, store } = ours
  const hello = await newReply(ours, 'hello', 'Hello!')
  const bye = await newReply(ours, 'bye', 'Bye!')
  const before = await store.listCannedReplies(ours.workspace.id)

  await expectRefusals(t, app, [
    {
      name: 'adding a taken shortcut',
      request: requestsWith(ours.adminHeaders)('POST', '/v1/canned-replies', { shortcut: 'hello', text: 'Hi again' }),
      status: 409,
      code: 'ERR_CANNED_SHORTCUT_TAKEN',
    },
    {
      name: 'renaming onto a taken shortcut',
      request: requestsWith(ours.adminHeaders)('PATCH', `/v1/canned-replies/${bye.id}`, { shortcut: 'hello' }),
      status: 409,
      code: 'ERR_CANNED_SHORTCUT_TAKEN',
    },
  ])
  t.same(await store.listCannedReplies(ours.workspace.id), before, 'nothing changed')

  const theirs = await signedInWorkspace(t, { app, store })
  const theirHello = await newReply(theirs, 'hello', 'Hej!')
  t.not(theirHello.id, hello.id, 'another workspace has its own "hello"')
  const same = await app.inject({ method: 'PATCH', url: `/v1/canned-replies/${hello.id}`, headers: ours.adminHeaders, payload: { shortcut: 'hello', text: 'Hello there!' } })
  t.equal(same.statusCode, 200, 'keeping its own shortcut is no conflict')
})

t.test("another workspace's canned replies are not listed, changed or deleted", async (t) => {
  const theirs = await signedInWorkspace(t)
  const { app, store } = theirs
  const ours = await signedInWorkspace(t, { app, store })
  const theirReply = await newReply(theirs, 'secret-discount', 'Use code STAFF50.')
  const before = await store.listCannedReplies(theirs.workspace.id)
  const as = requestsWith(ours.adminHeaders)
  const notFound = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 404, code: 'ERR_CANNED_NOT_FOUND' })

  const list = await app.inject({ url: '/v1/canned-replies', headers: ours.adminHeaders })
  t.same(list.json(), { items: [] }, 'not listed')
  await expectRefusals(t, app, [
    notFound('change theirs', as('PATCH', `/v1/canned-replies/${theirReply.id}`, { text: 'Use code FREE100.' })),
    notFound('delete theirs', as('DELETE', `/v1/canned-replies/${theirReply.id}`)),
    notFound('change an id no reply has', as('PATCH', `/v1/canned-replies/${'0'.repeat(32)}`, { text: 'x' })),
  ])
  t.same(await store.listCannedReplies(theirs.workspace.id), before, 'theirs are untouched')
  t.same(await store.listCannedReplies(ours.workspace.id), [], 'and nothing landed in ours')
})

t.test('plain agents read canned replies, but keeping them is for admins only', async (t) => {
  const ws = await signedInWorkspace(t)
  const { app, store, workspace, addAgent, auth } = ws
  const reply = await newReply(ws, 'hello')
  const before = await store.listCannedReplies(workspace.id)
  const as = requestsWith(auth((await addAgent('Plain')).token))
  const refused = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 403, code: 'ERR_ACCESS_ADMIN_ONLY' })

  await expectRefusals(t, app, [
    refused('add', as('POST', '/v1/canned-replies', { shortcut: 'mine', text: 'Mine' })),
    refused('change', as('PATCH', `/v1/canned-replies/${reply.id}`, { text: 'Mine' })),
    refused('delete', as('DELETE', `/v1/canned-replies/${reply.id}`)),
  ])
  t.same(await store.listCannedReplies(workspace.id), before, 'nothing changed')
})

t.test('without an access token every canned-reply route is refused', async (t) => {
  const ws = await signedInWorkspace(t)
  const { app, store, workspace } = ws
  const reply = await newReply(ws, 'hello')
  const before = await store.listCannedReplies(workspace.id)
  const anon = requestsWith({})
  const refused = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 401, code: 'ERR_AUTH_REQUIRED' })

  await expectRefusals(t, app, [
    refused('list', anon('GET', '/v1/canned-replies')),
    refused('add', anon('POST', '/v1/canned-replies', { shortcut: 'mine', text: 'Mine' })),
    refused('change', anon('PATCH', `/v1/canned-replies/${reply.id}`, { text: 'Mine' })),
    refused('delete', anon('DELETE', `/v1/canned-replies/${reply.id}`)),
  ])
  t.same(await store.listCannedReplies(workspace.id), before, 'nothing changed')
})
