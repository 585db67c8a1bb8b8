// A site's help articles: what the AI answers from. Any agent may read them; admins write them, one at
// a time or imported in bulk. The site is found by key within the caller's workspace, and an article
// is found only on that site, so neither another workspace's nor a sibling site's article is reachable.
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { ArticleParams, HelpArticleBody, HelpArticleList, HelpArticleView, ImportArticlesBody, ImportArticlesReply, UpdateHelpArticleBody } from '../../protocol/rest/content.ts'
import { ImportErrorBodySchema } from '../../protocol/errors.ts'
import { checkImportRows } from './article-import.ts'
import { SiteParams } from '../../protocol/rest/sites.ts'
import { TandemError } from '../errors.ts'
import type { HelpArticle, Site } from '../store/records.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { siteOfWorkspace } from './site-routes.ts'
import { helpArticleView } from './views.ts'

/**
 * The bulk import's body limit. The largest import the schema allows (ARTICLE_IMPORT_MAX articles at
 * their longest) is about 10.5 MB of plain-text JSON, ten times the app's 1 MiB default; the rest is room
 * for escapes and non-ASCII text. Only admins get this far: the route checks the caller before reading.
 */
export const ARTICLE_IMPORT_MAX_BODY_BYTES = 16 * 1024 * 1024

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

export function articleRoutes(ctx: ApiContext) {
  const { store } = ctx

  /** The index is rebuilt on the next question; the new text is embedded beside the response, not in it. */
  function articlesChanged(site: Site) {
    ctx.knowledge.invalidate(site.id)
    void ctx.embeddings?.refresh(site)
  }

  async function articleOfSite(site: Site, articleId: string): Promise<HelpArticle> {
    const article = await store.getHelpArticle(site.workspaceId, articleId)
    if (!article || article.siteId !== site.id) throw new TandemError('ERR_ARTICLE_NOT_FOUND')
    return article
  }

  return async function register(app: Api) {
    app.get(
      '/v1/sites/:siteKey/articles',
      { schema: { tags: ['articles'], summary: "A site's help articles", params: SiteParams, response: { 200: HelpArticleList, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        return { items: (await store.listHelpArticles(site.workspaceId, site.id)).map(helpArticleView) }
      },
    )

    app.post(
      '/v1/sites/:siteKey/articles',
      {
        schema: { tags: ['articles'], summary: 'Write a help article (admin)', params: SiteParams, body: HelpArticleBody, response: { 201: HelpArticleView, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        const [article] = await store.createHelpArticles(site.workspaceId, site.id, [request.body])
        articlesChanged(site)
        return reply.status(201).send(helpArticleView(article!))
      },
    )

    app.post(
      '/v1/sites/:siteKey/articles/import',
      {
        schema: {
          tags: ['articles'],
          summary:
            'Import many help articles at once (admin): an article whose URL the site has already is updated, the others are created. Every row is checked first; any invalid one refuses the whole import, and the error lists each with its field and reason.',
          params: SiteParams,
          body: ImportArticlesBody,
          response: { 200: ImportArticlesReply, ...errors, 400: ImportErrorBodySchema, 413: ErrorBodySchema },
        },
        bodyLimit: ARTICLE_IMPORT_MAX_BODY_BYTES,
        // On request rather than before the handler: a caller who may not import is refused before
        // the server reads and parses a body this large.
        onRequest: ctx.requireAdmin,
      },
      async (request, reply) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        const checked = checkImportRows(request.body.articles)
        if (!checked.ok) {
          const count = new Set(checked.problems.map((p) => p.index)).size
          return reply.status(400).send({
            error: {
              code: 'ERR_ARTICLE_IMPORT_INVALID',
              message: `${count} of ${request.body.articles.length} articles are not valid; nothing was imported.`,
              rows: checked.problems,
            },
          })
        }
        const written = await store.importHelpArticles(site.workspaceId, site.id, checked.articles)
        articlesChanged(site)
        const created = written.filter((w) => w.created).length
        return reply.status(200).send({ items: written.map((w) => helpArticleView(w.article)), created, updated: written.length - created })
      },
    )

    app.get(
      '/v1/sites/:siteKey/articles/:articleId',
      { schema: { tags: ['articles'], summary: 'One help article', params: ArticleParams, response: { 200: HelpArticleView, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        return helpArticleView(await articleOfSite(site, request.params.articleId))
      },
    )

    app.patch(
      '/v1/sites/:siteKey/articles/:articleId',
      {
        schema: { tags: ['articles'], summary: 'Change a help article (admin)', params: ArticleParams, body: UpdateHelpArticleBody, response: { 200: HelpArticleView, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        const article = await articleOfSite(site, request.params.articleId)
        const updated = await store.updateHelpArticle(site.workspaceId, article.id, request.body)
        articlesChanged(site)
        if (!updated) throw new TandemError('ERR_ARTICLE_NOT_FOUND')
        return helpArticleView(updated)
      },
    )

    app.delete(
      '/v1/sites/:siteKey/articles/:articleId',
      {
        schema: { tags: ['articles'], summary: 'Delete a help article (admin)', params: ArticleParams, response: { 204: Type.Null(), ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        const article = await articleOfSite(site, request.params.articleId)
        if (!(await store.deleteHelpArticle(site.workspaceId, article.id))) throw new TandemError('ERR_ARTICLE_NOT_FOUND')
        articlesChanged(site)
        return reply.status(204).send(null)
      },
    )
  }
}
