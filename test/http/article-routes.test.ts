// Help articles: written by admins, read by every agent, kept per site, and out of reach of every
// other site and workspace.
import t, { type Test } from 'tap'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, requestsWith, type Refusal } from '../helpers/refusals.ts'

type Ws = Awaited<ReturnType<typeof signedInWorkspace>>

async function newSite(ws: Ws, name = 'Shop'): Promise<{ id: string; key: string }> {
  const res = await ws.app.inject({ method: 'POST', url: '/v1/sites', headers: ws.adminHeaders, payload: { name } })
  return res.json().site
}

async function newArticle(ws: Ws, siteKey: string, body: object = {}): Promise<{ id: string; [field: string]: unknown }> {
  const payload = { title: 'Returns', body: 'Send it back within 30 days.', ...body }
  const res = await ws.app.inject({ method: 'POST', url: `/v1/sites/${siteKey}/articles`, headers: ws.adminHeaders, payload })
  if (res.statusCode !== 201) throw new Error(`create article failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

async function withSite(t: Test) {
  const ws = await signedInWorkspace(t)
  return { ...ws, site: await newSite(ws) }
}

t.test('an admin writes an article and every agent of the workspace reads it', async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site, adminHeaders, addAgent, auth } = ws
  const res = await app.inject({
    method: 'POST',
    url: `/v1/sites/${site.key}/articles`,
    headers: adminHeaders,
    payload: { title: 'Shipping', body: 'We ship in 2 days.', url: 'https://shop.example/help/shipping' },
  })
  t.equal(res.statusCode, 201)
  const article = res.json()
  t.match(article, { siteId: site.id, title: 'Shipping', body: 'We ship in 2 days.', url: 'https://shop.example/help/shipping' })
  t.match(article.id, /^[0-9a-f]{32}$/)
  const withoutUrl = await newArticle(ws, site.key)
  t.equal(withoutUrl.url, null, 'the url is optional')

  const agentHeaders = auth((await addAgent('Plain')).token)
  const list = await app.inject({ url: `/v1/sites/${site.key}/articles`, headers: agentHeaders })
  t.equal(list.statusCode, 200)
  t.same(list.json(), { items: [article, withoutUrl] }, 'oldest first, as written')
  const one = await app.inject({ url: `/v1/sites/${site.key}/articles/${article.id}`, headers: agentHeaders })
  t.same(one.json(), article)
  t.match(await store.getHelpArticle(workspace.id, article.id), { workspaceId: workspace.id, siteId: site.id, title: 'Shipping' })
})

t.test('an admin changes an article: only the fields sent change, and a null url removes it', async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site, adminHeaders } = ws
  const article = await newArticle(ws, site.key, { url: 'https://shop.example/returns' })
  const url = `/v1/sites/${site.key}/articles/${article.id}`

  const retitled = await app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { title: 'Refunds' } })
  t.equal(retitled.statusCode, 200)
  t.match(retitled.json(), { id: article.id, title: 'Refunds', body: article.body, url: 'https://shop.example/returns', createdAt: article.createdAt })
  const unlinked = await app.inject({ method: 'PATCH', url, headers: adminHeaders, payload: { url: null } })
  t.equal(unlinked.json().url, null)

  t.same((await app.inject({ url, headers: adminHeaders })).json(), unlinked.json(), 'a fresh read sees both changes')
  t.match(await store.getHelpArticle(workspace.id, article.id), { title: 'Refunds', body: article.body, url: null })
})

t.test('an admin deletes an article: 204, then it is gone for good', async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site, adminHeaders } = ws
  const doomed = await newArticle(ws, site.key)
  const kept = await newArticle(ws, site.key, { title: 'Kept' })
  const url = `/v1/sites/${site.key}/articles/${doomed.id}`

  const res = await app.inject({ method: 'DELETE', url, headers: adminHeaders })
  t.equal(res.statusCode, 204)
  t.equal(res.body, '', 'no body')
  t.equal(await store.getHelpArticle(workspace.id, doomed.id), null)
  t.same((await app.inject({ url: `/v1/sites/${site.key}/articles`, headers: adminHeaders })).json(), { items: [kept] }, 'the other stays')

  const again = await app.inject({ method: 'DELETE', url, headers: adminHeaders })
  t.same([again.statusCode, again.json().error.code], [404, 'ERR_ARTICLE_NOT_FOUND'], 'a second delete finds nothing')
  const read = await app.inject({ url, headers: adminHeaders })
  t.same([read.statusCode, read.json().error.code], [404, 'ERR_ARTICLE_NOT_FOUND'])
})

t.test("articles belong to one site: a sibling site's key does not reach them", async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site, adminHeaders } = ws
  const blog = await newSite(ws, 'Blog')
  const article = await newArticle(ws, site.key)
  const before = await store.getHelpArticle(workspace.id, article.id)
  const as = requestsWith(adminHeaders)
  const viaBlog = `/v1/sites/${blog.key}/articles/${article.id}`
  const notFound = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 404, code: 'ERR_ARTICLE_NOT_FOUND' })

  await expectRefusals(t, app, [
    notFound('read through the sibling', as('GET', viaBlog)),
    notFound('change through the sibling', as('PATCH', viaBlog, { title: 'Moved' })),
    notFound('delete through the sibling', as('DELETE', viaBlog)),
  ])
  t.same((await app.inject({ url: `/v1/sites/${blog.key}/articles`, headers: adminHeaders })).json(), { items: [] }, "not in the sibling's list")
  t.same(await store.getHelpArticle(workspace.id, article.id), before, 'unchanged')
})

t.test("another workspace's sites and articles are not found, and stay untouched", async (t) => {
  const theirs = await withSite(t)
  const ours = await signedInWorkspace(t, { app: theirs.app, store: theirs.store })
  const ourSite = await newSite(ours)
  const { app, store } = theirs
  const theirArticle = await newArticle(theirs, theirs.site.key)
  const before = await store.listHelpArticles(theirs.workspace.id, theirs.site.id)
  const as = requestsWith(ours.adminHeaders)
  const theirUrl = `/v1/sites/${theirs.site.key}/articles`
  const viaOurSite = `/v1/sites/${ourSite.key}/articles/${theirArticle.id}`
  const site404 = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 404, code: 'ERR_SITE_NOT_FOUND' })
  const article404 = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 404, code: 'ERR_ARTICLE_NOT_FOUND' })

  await expectRefusals(t, app, [
    site404('list their articles', as('GET', theirUrl)),
    site404('write on their site', as('POST', theirUrl, { title: 'Spam', body: 'Buy now' })),
    site404('import onto their site', as('POST', `${theirUrl}/import`, { articles: [{ title: 'Spam', body: 'Buy now' }] })),
    site404('read their article', as('GET', `${theirUrl}/${theirArticle.id}`)),
    site404('change their article', as('PATCH', `${theirUrl}/${theirArticle.id}`, { body: 'Defaced' })),
    site404('delete their article', as('DELETE', `${theirUrl}/${theirArticle.id}`)),
    article404('read their article through our site', as('GET', viaOurSite)),
    article404('change their article through our site', as('PATCH', viaOurSite, { body: 'Defaced' })),
    article404('delete their article through our site', as('DELETE', viaOurSite)),
  ])
  t.same(await store.listHelpArticles(theirs.workspace.id, theirs.site.id), before, 'their articles are untouched')
  t.same(await store.listHelpArticles(ours.workspace.id, ourSite.id), [], 'and nothing was written to ours')
})

t.test('plain agents read articles, but writing them is for admins only', async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site, addAgent, auth } = ws
  const article = await newArticle(ws, site.key)
  const before = await store.listHelpArticles(workspace.id, site.id)
  const as = requestsWith(auth((await addAgent('Plain')).token))
  const list = `/v1/sites/${site.key}/articles`
  const refused = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 403, code: 'ERR_ACCESS_ADMIN_ONLY' })

  await expectRefusals(t, app, [
    refused('write', as('POST', list, { title: 'Mine', body: 'Mine' })),
    refused('import', as('POST', `${list}/import`, { articles: [{ title: 'Mine', body: 'Mine' }] })),
    refused('change', as('PATCH', `${list}/${article.id}`, { title: 'Mine' })),
    refused('delete', as('DELETE', `${list}/${article.id}`)),
  ])
  t.same(await store.listHelpArticles(workspace.id, site.id), before, 'nothing changed')
})

t.test('without an access token every article route is refused', async (t) => {
  const ws = await withSite(t)
  const { app, store, workspace, site } = ws
  const article = await newArticle(ws, site.key)
  const before = await store.listHelpArticles(workspace.id, site.id)
  const anon = requestsWith({})
  const list = `/v1/sites/${site.key}/articles`
  const refused = (name: string, request: Refusal['request']): Refusal => ({ name, request, status: 401, code: 'ERR_AUTH_REQUIRED' })

  await expectRefusals(t, app, [
    refused('list', anon('GET', list)),
    refused('write', anon('POST', list, { title: 'Mine', body: 'Mine' })),
    refused('import', anon('POST', `${list}/import`, { articles: [{ title: 'Mine', body: 'Mine' }] })),
    refused('read', anon('GET', `${list}/${article.id}`)),
    refused('change', anon('PATCH', `${list}/${article.id}`, { title: 'Mine' })),
    refused('delete', anon('DELETE', `${list}/${article.id}`)),
  ])
  t.same(await store.listHelpArticles(workspace.id, site.id), before, 'nothing changed')
})
