// Text is stored exactly as sent, or refused: a lone surrogate (half of a UTF-16 pair) has no UTF-8
// form, so SQLite and MongoDB would keep it as U+FFFD while the sender was told it was saved as sent.
import t from 'tap'
import { signedInWorkspace } from '../helpers/factories.ts'

const LONE = ['\uD800', 'Bea\uDC00', 'x\uDBFF']

t.test('an agent name with a lone surrogate is refused with 400 ERR_REQUEST_INVALID, and nothing changes', async (t) => {
  const { app, store, workspace, adminHeaders, addAgent } = await signedInWorkspace(t)
  const { agent } = await addAgent('Bea')
  const before = await store.listAgents(workspace.id)
  for (const name of LONE) {
    const shown = JSON.stringify(name)
    for (const [what, request] of [
      ['create', { method: 'POST', url: '/v1/agents', payload: { name, email: `new.${before.length}@acme.example` } }],
      ['rename', { method: 'PATCH', url: `/v1/agents/${agent.id}`, payload: { name } }],
      ['rename oneself', { method: 'PATCH', url: '/v1/me', payload: { name } }],
    ] as const) {
      const res = await app.inject({ ...request, headers: adminHeaders })
      t.equal(res.statusCode, 400, `${what} ${shown}: 400`)
      t.equal(res.json().error.code, 'ERR_REQUEST_INVALID', `${what} ${shown}: the code`)
      t.match(res.json().error.message, /name must be well-formed Unicode/, `${what} ${shown}: the message says which field and why`)
    }
  }
  t.same(await store.listAgents(workspace.id), before, 'no agent made or renamed')
})

t.test('a lone surrogate is refused wherever it is in a body, an item of a list too', async (t) => {
  const { app, adminHeaders } = await signedInWorkspace(t)
  const res = await app.inject({ method: 'POST', url: '/v1/sites', headers: adminHeaders, payload: { name: 'Shop', allowedOrigins: ['https://shop.example\uDFFF'] } })
  t.equal(res.statusCode, 400)
  t.match(res.json().error.message, /allowedOrigins\/0 must be well-formed Unicode/)
})

t.test('well-formed text outside the Basic Multilingual Plane round-trips verbatim', async (t) => {
  const { app, store, workspace, admin, adminHeaders } = await signedInWorkspace(t)
  const name = 'Zoë 👩🏽‍💻 𝔄'
  const res = await app.inject({ method: 'PATCH', url: '/v1/me', headers: adminHeaders, payload: { name } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().name, name, 'answered as sent')
  t.equal((await store.getAgent(workspace.id, admin.id))?.name, name, 'stored as sent')
})
