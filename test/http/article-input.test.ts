// Bad input to the article routes: every malformed, mistyped, incomplete, padded or oversize request gets
// a 4xx with its code, never a 5xx, and changes nothing.
import t from 'tap'
import { ARTICLE_BODY_MAX_CHARS, ARTICLE_TITLE_MAX_CHARS, URL_MAX_CHARS } from '../../protocol/limits.ts'
import { signedInWorkspace } from '../helpers/factories.ts'
import { expectRefusals, over, requestsWith, type Refusal } from '../helpers/refusals.ts'

const INVALID = { status: 400, code: 'ERR_REQUEST_INVALID' }
const MALFORMED = { status: 400, code: 'ERR_REQUEST_MALFORMED_JSON' }
const ROW_INVALID = { status: 400, code: 'ERR_ARTICLE_IMPORT_INVALID' }

t.test('bad input to the article routes is refused with a 4xx and a code, and changes nothing', async (t) => {
  const { app, store, workspace, adminHeaders } = await signedInWorkspace(t)
  const created = await app.inject({ method: 'POST', url: '/v1/sites', headers: adminHeaders, payload: { name: 'Shop' } })
  const site: { id: string; key: string } = created.json().site
  const list = `/v1/sites/${site.key}/articles`
  const written = await app.inject({ method: 'POST', url: list, headers: adminHeaders, payload: { title: 'Returns', body: '30 days.' } })
  const one = `${list}/${written.json().id}`
  const before = await store.listHelpArticles(workspace.id, site.id)
  const as = requestsWith(adminHeaders)
  const good = { title: 'Shipping', body: 'Two days.' }
  const write = (body: unknown) => as('POST', list, body)
  const importing = (body: unknown) => as('POST', `${list}/import`, body)
  const change = (body: unknown) => as('PATCH', one, body)

  const refusals: Refusal[] = [
    // POST /v1/sites/:siteKey/articles
    { name: 'write: malformed JSON', request: write('{"title": "Shipping"'), ...MALFORMED },
    { name: 'write: empty body', request: write(''), ...MALFORMED },
    { name: 'write: not JSON', request: { ...write('title=x'), headers: { ...adminHeaders, 'content-type': 'text/plain' } }, status: 415, code: 'ERR_REQUEST_MEDIA_TYPE' },
    { name: 'write: an array', request: write([good]), ...INVALID },
    { name: 'write: title missing', request: write({ body: 'Two days.' }), ...INVALID },
    { name: 'write: body missing', request: write({ title: 'Shipping' }), ...INVALID },
    { name: 'write: title a number', request: write({ ...good, title: 7 }), ...INVALID },
    { name: 'write: body an object', request: write({ ...good, body: { html: '<p>' } }), ...INVALID },
    { name: 'write: title blank', request: write({ ...good, title: ' \n\t' }), ...INVALID },
    { name: 'write: body with NUL', request: write({ ...good, body: 'Two\u0000days' }), ...INVALID },
    { name: 'write: title over the limit', request: write({ ...good, title: over(ARTICLE_TITLE_MAX_CHARS) }), ...INVALID },
    { name: 'write: body over the limit', request: write({ ...good, body: over(ARTICLE_BODY_MAX_CHARS) }), ...INVALID },
    { name: 'write: javascript url', request: write({ ...good, url: 'javascript:alert(1)' }), ...INVALID },
    { name: 'write: relative url', request: write({ ...good, url: '/help/shipping' }), ...INVALID },
    { name: 'write: url over the limit', request: write({ ...good, url: `https://shop.example/${over(URL_MAX_CHARS)}` }), ...INVALID },
    { name: 'write: url a number', request: write({ ...good, url: 1 }), ...INVALID },
    { name: 'write: choosing the site', request: write({ ...good, siteId: 'f'.repeat(32) }), ...INVALID },
    { name: 'write: choosing the id', request: write({ ...good, id: 'f'.repeat(32) }), ...INVALID },
    { name: 'write: not a site key', request: as('POST', '/v1/sites/shop/articles', good), ...INVALID },
    // POST /v1/sites/:siteKey/articles/import
    { name: 'import: malformed JSON', request: importing('{"articles": [}'), ...MALFORMED },
    { name: 'import: articles missing', request: importing({}), ...INVALID },
    { name: 'import: articles an object', request: importing({ articles: good }), ...INVALID },
    // A bad row is reported with the others (article-import.test.ts), under a code of its own.
    { name: 'import: an article a string', request: importing({ articles: ['Shipping: two days.'] }), ...ROW_INVALID },
    { name: 'import: an article with an extra field', request: importing({ articles: [{ ...good, siteId: site.id }] }), ...ROW_INVALID },
    { name: 'import: an extra top-level field', request: importing({ articles: [good], replaceAll: true }), ...INVALID },
    { name: 'import: not a site key', request: as('POST', '/v1/sites/shop/articles/import', { articles: [good] }), ...INVALID },
    // PATCH /v1/sites/:siteKey/articles/:articleId
    { name: 'change: malformed JSON', request: change("{'title': 'x'}"), ...MALFORMED },
    { name: 'change: an array', request: change([]), ...INVALID },
    { name: 'change: title null', request: change({ title: null }), ...INVALID },
    { name: 'change: body a number', request: change({ body: 3 }), ...INVALID },
    { name: 'change: title over the limit', request: change({ title: over(ARTICLE_TITLE_MAX_CHARS) }), ...INVALID },
    { name: 'change: body over the limit', request: change({ body: over(ARTICLE_BODY_MAX_CHARS) }), ...INVALID },
    { name: 'change: ftp url', request: change({ url: 'ftp://shop.example/help' }), ...INVALID },
    { name: 'change: moving it to another site', request: change({ siteId: 'f'.repeat(32) }), ...INVALID },
    { name: 'change: not an article id', request: as('PATCH', `${list}/42`, { title: 'x' }), ...INVALID },
    // Path parameters of the remaining routes
    { name: 'list: not a site key', request: as('GET', '/v1/sites/shop/articles'), ...INVALID },
    { name: 'read: not an article id', request: as('GET', `${list}/returns`), ...INVALID },
    { name: 'read: upper-case id', request: as('GET', `${list}/${'F'.repeat(32)}`), ...INVALID },
    { name: 'read: id too long', request: as('GET', `${list}/${'f'.repeat(33)}`), ...INVALID },
    { name: 'read: not a site key', request: as('GET', `/v1/sites/shop/articles/${'f'.repeat(32)}`), ...INVALID },
    { name: 'delete: not an article id', request: as('DELETE', `${list}/${encodeURIComponent("1' OR '1'='1")}`), ...INVALID },
    { name: 'delete: not a site key', request: as('DELETE', `/v1/sites/${'x'.repeat(27)}/articles/${written.json().id}`), ...INVALID },
  ]
  await expectRefusals(t, app, refusals)
  t.comment(`${refusals.length} bad-input cases for the article routes`)
  t.same(await store.listHelpArticles(workspace.id, site.id), before, 'nothing changed: no article added, changed or deleted')
})
