// Each site's knowledge base, built from its help articles when first asked for and rebuilt after an
// article changes: at once in this process (the article routes say so), and within FRESH_MS in any
// other process, so no restart is ever needed to answer from a new article.
import type { Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { buildKnowledgeBase, type KnowledgeBase } from './knowledge-base.ts'

/** How long a built index is used without looking at the articles again. */
export const FRESH_MS = 30_000

export interface SiteKnowledge {
  forSite(site: Site): Promise<KnowledgeBase>
  /** A site's articles changed: the next question rebuilds its index. */
  invalidate(siteId: string): void
}

export function siteKnowledge(store: Store, now = () => Date.now()): SiteKnowledge {
  const built = new Map<string, { at: number; base: Promise<KnowledgeBase> }>()
  return {
    forSite(site) {
      const cached = built.get(site.id)
      if (cached && now() - cached.at < FRESH_MS) return cached.base
      const base = store.listHelpArticles(site.workspaceId, site.id).then((articles) => buildKnowledgeBase(articles, site.locale))
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
