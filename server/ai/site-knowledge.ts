// Each site's knowledge base, built from its help articles when first asked for and rebuilt after an
// article changes: at once in this process (the article routes say so), and within FRESH_MS in any
// other process, so no restart is ever needed to answer from a new article. With embeddings on
// (a Gemini key), the build reads the articles' stored vectors too, and asks for the missing ones.
import type { Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { isCurrent, type ArticleEmbeddings } from './article-embeddings.ts'
import { buildKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts'

/** How long a built index is used without looking at the articles again. */
export const FRESH_MS = 30_000

export interface SiteKnowledge {
  forSite(site: Site): Promise<KnowledgeBase>
  /** A site's articles (or their vectors) changed: the next question rebuilds its index. */
  invalidate(siteId: string): void
}

export function siteKnowledge(store: Store, options: { now?: () => number; embeddings?: () => ArticleEmbeddings | null } = {}): SiteKnowledge {
  const { now = () => Date.now(), embeddings = () => null } = options
  const built = new Map<string, { at: number; base: Promise<KnowledgeBase> }>()

  async function build(site: Site): Promise<KnowledgeBase> {
    const embedder = embeddings()
    const [articles, stored] = await Promise.all([store.listHelpArticles(site.workspaceId, site.id), embedder ? store.listArticleEmbeddings(site.workspaceId, site.id) : []])
    const vectors = new Map<string, readonly Float32Array[]>()
    if (embedder) {
      const byArticle = new Map(stored.map((embedding) => [embedding.articleId, embedding]))
      for (const article of articles) {
        const embedding = byArticle.get(article.id)
        if (isCurrent(embedding, article, embedder.model)) vectors.set(article.id, embedding.vectors)
      }
      // The backfill: articles written before the key was set (or changed in another process) are
      // embedded now, beside this build; the index is rebuilt with them once they are stored.
      if (vectors.size < articles.length) void embedder.refresh(site)
    }
    return buildKnowledgeBase(articles, site.locale, null, vectors)
  }

  return {
    forSite(site) {
      const cached = built.get(site.id)
      if (cached && now() - cached.at < FRESH_MS) return cached.base
      const base = build(site)
      built.set(site.id, { at: now(), base })
      // A failed read is not kept: the next question tries again.
      base.catch(() => built.delete(site.id))
      return base
    },
    invalidate(siteId) {
      built.delete(siteId)
    },
  }
}
