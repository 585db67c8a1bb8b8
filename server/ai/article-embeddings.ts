// Keeps each site's help articles embedded (embedder.ts) and the vectors stored, so a question's
// vector can be compared with them (knowledge-base.ts, reciprocal rank fusion with BM25). An article
// is embedded when it is written, and a site whose articles have none or stale ones (a key set after
// they were written, another model) is brought up to date when its index is next built: that is the
// backfill. Everything here runs beside the requests, never in one: a failure leaves BM25 alone.
import { createHash } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { ArticleEmbedding, HelpArticle, Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import type { Embedder } from './embedder.ts'
import { passagesOf } from './knowledge-base.ts'

/**
 * Passages a site may have embedded in a day: a help center of 500 articles is ~2,500 passages,
 * so a day allows it whole twice over, and an admin (or a script with an admin's token) rewriting
 * articles in a loop cannot run up the bill past it. What is over waits for the next day's build.
 */
export const EMBEDDED_PASSAGES_PER_SITE_PER_DAY = 5_000
const DAY_MS = 24 * 3600_000

/** What the vectors were made from: a changed title or body makes them stale. */
export const contentHashOf = (article: Pick<HelpArticle, 'title' | 'body'>): string => createHash('sha256').update(`${article.title}\u0000${article.body}`).digest('base64url')

/** A passage as embedded: its article's title says what it is about when the paragraph does not. */
export const embeddedTextOf = (title: string, text: string): string => `${title}\n${text}`

/** An embedding that still describes the article, by the model in use. */
export const isCurrent = (embedding: ArticleEmbedding | undefined, article: HelpArticle, model: string): embedding is ArticleEmbedding =>
  !!embedding && embedding.model === model && embedding.contentHash === contentHashOf(article)

export interface ArticleEmbeddings {
  readonly model: string
  /**
   * Embeds the site's articles that have no current embedding, within the day's allowance, and
   * stores them; calls `onStored` when any was. One run per site at a time; a run asked for while
   * one is going runs after it. Never rejects: a failure is logged and the next run tries again.
   */
  refresh(site: Pick<Site, 'id' | 'workspaceId'>): Promise<void>
  /** Resolves when no run is going or waiting: the server stops after them, not in the middle. */
  settled(): Promise<void>
}

export interface ArticleEmbeddingsDeps {
  store: Store
  embedder: Embedder
  log: FastifyBaseLogger
  /** Told when a site's vectors were stored: its index is rebuilt with them. */
  onStored: (siteId: string) => void
  now?: () => number
  /** EMBEDDED_PASSAGES_PER_SITE_PER_DAY unless a test says otherwise. */
  passagesPerDay?: number
}

export function articleEmbeddings(deps: ArticleEmbeddingsDeps): ArticleEmbeddings {
  const { store, embedder, log, onStored, now = () => Date.now(), passagesPerDay = EMBEDDED_PASSAGES_PER_SITE_PER_DAY } = deps
  const lock = new KeyedLock()
  /** A run waiting behind the one going: a burst of article writes asks for one more run, not one each. */
  const waiting = new Map<string, Promise<void>>()
  const running = new Set<Promise<void>>()
  const spent = new Map<string, { since: number; passages: number; warned: boolean }>()

  /** Takes `passages` of the site's allowance, or none when they would go past it (said once a day). */
  function allow(siteId: string, passages: number): boolean {
    let day = spent.get(siteId)
    if (!day || now() - day.since >= DAY_MS) spent.set(siteId, (day = { since: now(), passages: 0, warned: false }))
    if (day.passages + passages <= passagesPerDay) {
      day.passages += passages
      return true
    }
    if (!day.warned) log.warn({ siteId, limit: passagesPerDay }, "the site's embeddings for today are used up: its other articles are searched by words alone until tomorrow")
    day.warned = true
    return false
  }

  async function run(site: Pick<Site, 'id' | 'workspaceId'>): Promise<void> {
    const [articles, embeddings] = await Promise.all([store.listHelpArticles(site.workspaceId, site.id), store.listArticleEmbeddings(site.workspaceId, site.id)])
    const byArticle = new Map(embeddings.map((embedding) => [embedding.articleId, embedding]))
    let stored = 0
    try {
      for (const article of articles) {
        if (isCurrent(byArticle.get(article.id), article, embedder.model)) continue
        const passages = passagesOf(article, 0)
        if (!allow(site.id, passages.length)) break
        const vectors = passages.length === 0 ? [] : await embedder.embed(passages.map((p) => embeddedTextOf(p.title, p.text)), 'document')
        if (await store.putArticleEmbedding(site.workspaceId, { articleId: article.id, model: embedder.model, contentHash: contentHashOf(article), vectors })) stored++
      }
    } finally {
      // What was stored before a failure is used too.
      if (stored > 0) onStored(site.id)
    }
  }

  return {
    model: embedder.model,
    refresh(site) {
      const queued = waiting.get(site.id)
      if (queued) return queued
      const next = lock.run(site.id, () => {
        waiting.delete(site.id)
        return run(site).catch((error: unknown) => {
          log.warn({ err: error, siteId: site.id }, 'help articles could not be embedded: they are searched by words alone until the next try')
        })
      })
      waiting.set(site.id, next)
      running.add(next)
      void next.then(() => running.delete(next))
      return next
    },
    async settled() {
      while (running.size > 0) await Promise.all(running)
    },
  }
}
