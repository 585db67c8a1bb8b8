// Bulk import of help articles: up to ARTICLE_IMPORT_MAX at once, every one checked before any is
// stored (and every invalid one reported), an article whose URL the site has already updated rather
// than doubled, under a body limit of its own that only admins ever reach.
import t, { type Test } from 'tap'
import { ARTICLE_BODY_MAX_CHARS, ARTICLE_IMPORT_MAX, ARTICLE_TITLE_MAX_CHARS, URL_MAX_CHARS } from '../../protocol/limits.ts'
import { MAX_BODY_BYTES } from '../../server/app.ts'
import { ARTICLE_IMPORT_MAX_BODY_BYTES } from '../../server/http/article-routes.ts'
import { signedInWorkspace } from '../helpers/factories.ts'

const articles = (count: number, bodyChars = 40) =>
  Array.from({ length: count }, (_, i) => ({ title: `Article ${i + 1}`, body: `Answer ${i + 1} `.padEnd(bodyChars, '.'), url: `https://shop.example/help/${i + 1}` }))

async function withSite(t: Test) {
  const ws = await signedInWorkspace(t)
  const created = await ws.app.inject({ method: 'POST', url: '/v1/sites', headers: ws.adminHeaders, payload: { name: 'Shop' } })
  const site: { id: string; key: string } = created.json().site
  const importUrl = `/v1/sites/${site.key}/articles/import`
  const stored = () => ws.store.listHelpArticles(ws.workspace.id, site.id)
  return { ...ws, site, importUrl, stored }
}

t.test(`an admin imports ${ARTICLE_IMPORT_MAX} articles in one call, stored in the order given`, async (t) => {
  const { app, adminHeaders, site, importUrl, stored } = await withSite(t)
  const input = articles(ARTICLE_IMPORT_MAX)
  const res = await app.inject({ method: 'POST', url: importUrl, headers: adminHeaders, payload: { articles: input } })
  t.equal(res.statusCode, 200)
  t.same([res.json().created, res.json().updated], [ARTICLE_IMPORT_MAX, 0])
  const items = res.json().items as { title: string; siteId: string }[]
  t.same(items.map((a) => a.title), input.map((a) => a.title), 'every article, in order')
  t.ok(items.every((a) => a.siteId === site.id))

  const list = await app.inject({ url: `/v1/sites/${site.key}/articles`, headers: adminHeaders })
  t.same(list.json().items, items, 'a fresh read lists them all')
  t.same((await stored()).map((a) => [a.title, a.body, a.url]), input.map((a) => [a.title, a.body, a.url]), 'and the store holds them')
})

t.test(`${ARTICLE_IMPORT_MAX + 1} articles or an empty import are refused whole`, async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  for (const [name, payload] of [
    ['one too many', { articles: articles(ARTICLE_IMPORT_MAX + 1) }],
    ['none', { articles: [] }],
    ['not a list', { articles: { title: 'A', body: 'B' } }],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: importUrl, headers: adminHeaders, payload })
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.equal(res.json().error.code, 'ERR_REQUEST_INVALID', `${name}: ERR_REQUEST_INVALID`)
  }
  t.same(await stored(), [], 'no article stored')
})

t.test('every invalid row is reported with its index, field and reason, and nothing is imported', async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  const input: unknown[] = articles(8)
  input[1] = { title: '', body: 'Fine body' }
  input[3] = { body: 'No title', url: 'ftp://shop.example/x' }
  input[4] = 'not an article'
  input[5] = { title: 'Extra', body: 'Body', author: 'Ann' }
  input[7] = { title: 'Same place', body: 'Body', url: 'https://shop.example/help/1' }
  const res = await app.inject({ method: 'POST', url: importUrl, headers: adminHeaders, payload: { articles: input } })
  t.equal(res.statusCode, 400)
  const { error } = res.json()
  t.equal(error.code, 'ERR_ARTICLE_IMPORT_INVALID')
  t.match(error.message, /^5 of 8 articles are not valid; nothing was imported/)
  const rows = error.rows as { index: number; field: string; reason: string }[]
  t.same([...new Set(rows.map((r) => r.index))], [1, 3, 4, 5, 7], 'each bad row, in order, and no good one')
  const fields = (index: number) => rows.filter((r) => r.index === index).map((r) => r.field).sort()
  t.same(fields(1), ['title'])
  t.same(fields(3), ['title', 'url'], 'a row wrong twice says both')
  t.same(fields(4), [''], 'a row that is not an object is at fault as a whole')
  t.same(fields(5), ['author'])
  t.same(rows.find((r) => r.index === 7), { index: 7, field: 'url', reason: 'has the same URL as the article at index 0' })
  const reason = (index: number, field: string) => rows.find((r) => r.index === index && r.field === field)?.reason
  t.equal(reason(1, 'title'), 'must not be empty', 'one reason per field, in words')
  t.equal(reason(3, 'title'), 'is required')
  t.equal(reason(3, 'url'), 'must be an http:// or https:// address')
  t.equal(reason(4, ''), 'must be an object with a title and a body')
  t.same(await stored(), [], 'no article stored')
})

t.test('an article whose URL the site has already is updated in place; the rest are created', async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  const first = await app.inject({ method: 'POST', url: importUrl, headers: adminHeaders, payload: { articles: articles(3) } })
  const before = first.json().items as { id: string; url: string; createdAt: string }[]
  const again = [
    { title: 'Returns, rewritten', body: 'New answer', url: before[1]!.url },
    { title: 'Brand new', body: 'Another answer', url: 'https://shop.example/help/new' },
    { title: 'No address', body: 'Always a new one' },
  ]
  const res = await app.inject({ method: 'POST', url: importUrl, headers: adminHeaders, payload: { articles: again } })
  t.equal(res.statusCode, 200)
  t.same([res.json().created, res.json().updated], [2, 1])
  const items = res.json().items as { id: string; title: string; createdAt: string }[]
  t.equal(items[0]!.id, before[1]!.id, 'the same article, not a copy')
  t.equal(items[0]!.createdAt, before[1]!.createdAt)
  t.same((await stored()).map((a) => a.title), ['Article 1', 'Returns, rewritten', 'Article 3', 'Brand new', 'No address'])
})

t.test('an import larger than the 1 MiB default body limit but within its own limit is accepted', async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  const payload = JSON.stringify({ articles: articles(ARTICLE_IMPORT_MAX, 20_000) })
  t.ok(payload.length > 2 * MAX_BODY_BYTES && payload.length < ARTICLE_IMPORT_MAX_BODY_BYTES, 'the body is well over 1 MiB')
  const res = await app.inject({ method: 'POST', url: importUrl, headers: { ...adminHeaders, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 200)
  t.equal((await stored()).length, ARTICLE_IMPORT_MAX)
})

t.test('the largest import the schema allows fits the limit', async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  const longest = articles(ARTICLE_IMPORT_MAX, ARTICLE_BODY_MAX_CHARS).map((a) => ({
    title: a.title.padEnd(ARTICLE_TITLE_MAX_CHARS, '!'),
    body: a.body,
    url: a.url.padEnd(URL_MAX_CHARS, 'a'),
  }))
  const payload = JSON.stringify({ articles: longest })
  t.ok(payload.length > 10_000_000, `${payload.length} bytes`)
  const res = await app.inject({ method: 'POST', url: importUrl, headers: { ...adminHeaders, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 200)
  t.equal((await stored()).length, ARTICLE_IMPORT_MAX)
})

t.test('an import over its own limit is refused as too large, and nothing is stored', async (t) => {
  const { app, adminHeaders, importUrl, stored } = await withSite(t)
  const payload = JSON.stringify({ articles: [{ title: 'Huge', body: 'x'.repeat(ARTICLE_IMPORT_MAX_BODY_BYTES) }] })
  const res = await app.inject({ method: 'POST', url: importUrl, headers: { ...adminHeaders, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.code, 'ERR_REQUEST_TOO_LARGE')
  t.same(await stored(), [])
})

t.test('the larger limit is the import route\'s alone: writing one article still stops at 1 MiB', async (t) => {
  const { app, adminHeaders, site, stored } = await withSite(t)
  const payload = JSON.stringify({ title: 'Huge', body: 'x'.repeat(MAX_BODY_BYTES) })
  const res = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/articles`, headers: { ...adminHeaders, 'content-type': 'application/json' }, payload })
  t.equal(res.statusCode, 413)
  t.equal(res.json().error.code, 'ERR_REQUEST_TOO_LARGE')
  t.same(await stored(), [])
})

t.test('a caller who may not import is refused before the body is even read', async (t) => {
  const { app, importUrl, addAgent, auth, stored } = await withSite(t)
  const plain = auth((await addAgent('Plain')).token)
  const json = { 'content-type': 'application/json' }
  // A body that parsing would refuse, so the answer shows which check came first.
  const malformed = await app.inject({ method: 'POST', url: importUrl, headers: { ...plain, ...json }, payload: '{"articles": [' })
  t.same([malformed.statusCode, malformed.json().error.code], [403, 'ERR_ACCESS_ADMIN_ONLY'], 'a plain agent: 403, not a parse error')
  const huge = JSON.stringify({ articles: [{ title: 'Huge', body: 'x'.repeat(ARTICLE_IMPORT_MAX_BODY_BYTES) }] })
  const anonymous = await app.inject({ method: 'POST', url: importUrl, headers: json, payload: huge })
  t.same([anonymous.statusCode, anonymous.json().error.code], [401, 'ERR_AUTH_REQUIRED'], 'no token: 401, not 413')
  t.same(await stored(), [])
})
