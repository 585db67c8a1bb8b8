// Help articles (and their embeddings), canned replies and a site's refused origins on SQLite: plain
// per-workspace records.
import type { Database } from 'better-sqlite3'
import { newId } from '../../ids.ts'
import { REFUSED_ORIGINS_KEPT, type ContentMethods, type ImportedArticle, type NewHelpArticle } from '../store.ts'
import { assignments, toArticleEmbedding, toCannedReply, toHelpArticle, toRefusedOrigin, toVectorsBlob, type Row } from './sqlite-rows.ts'
import { insertRow, rethrowUnique } from './sqlite-writes.ts'

export function contentMethods(db: Database): ContentMethods {
  const byId = (table: string, workspaceId: string, id: string) =>
    db.prepare(`SELECT * FROM ${table} WHERE id = ? AND workspace_id = ?`).get(id, workspaceId) as Row | undefined

  function update(table: string, workspaceId: string, id: string, set: { sql: string[]; params: Row }) {
    db.prepare(`UPDATE ${table} SET ${[...set.sql, 'updated_at = @now'].join(', ')} WHERE id = @id AND workspace_id = @ws`).run(
      { ...set.params, now: Date.now(), id, ws: workspaceId },
    )
    return byId(table, workspaceId, id)
  }

  const remove = (table: string, workspaceId: string, id: string) =>
    db.prepare(`DELETE FROM ${table} WHERE id = ? AND workspace_id = ?`).run(id, workspaceId).changes > 0

  const insertArticles = db.transaction((rows: Row[]) => {
    for (const row of rows) insertRow(db, 'help_articles', row)
  })

  // URLs were never unique, so a site may hold one twice: the oldest article is the one an import updates.
  const articleByUrl = (workspaceId: string, siteId: string, url: string) =>
    db
      .prepare('SELECT * FROM help_articles WHERE workspace_id = ? AND site_id = ? AND url = ? ORDER BY id LIMIT 1')
      .get(workspaceId, siteId, url) as Row | undefined

  const importArticles = db.transaction((workspaceId: string, siteId: string, inputs: NewHelpArticle[]): ImportedArticle[] => {
    const now = Date.now()
    return inputs.map((input) => {
      const url = input.url ?? null
      const existing = url === null ? undefined : articleByUrl(workspaceId, siteId, url)
      if (existing) {
        const changed: Row = { ...existing, title: input.title, body: input.body, updated_at: now }
        db.prepare('UPDATE help_articles SET title = ?, body = ?, updated_at = ? WHERE id = ?').run(input.title, input.body, now, existing.id)
        return { article: toHelpArticle(changed), created: false }
      }
      const row: Row = {
        id: newId(now),
        workspace_id: workspaceId,
        site_id: siteId,
        title: input.title,
        body: input.body,
        url,
        created_at: now,
        updated_at: now,
      }
      insertRow(db, 'help_articles', row)
      return { article: toHelpArticle(row), created: true }
    })
  })

  // Selecting from sites makes a call naming another workspace's site write nothing, as reads find nothing.
  const recordRefused = db.transaction((workspaceId: string, siteId: string, origin: string, atMs: number) => {
    const scope = { ws: workspaceId, site: siteId }
    db.prepare(
      `INSERT INTO refused_origins (site_id, origin, workspace_id, count, first_seen_at, last_seen_at)
       SELECT id, @origin, workspace_id, 1, @at, @at FROM sites WHERE id = @site AND workspace_id = @ws
       ON CONFLICT (site_id, origin) DO UPDATE SET count = count + 1, last_seen_at = excluded.last_seen_at`,
    ).run({ ...scope, origin, at: atMs })
    db.prepare(
      `DELETE FROM refused_origins WHERE workspace_id = @ws AND site_id = @site AND origin IN (
         SELECT origin FROM refused_origins WHERE workspace_id = @ws AND site_id = @site
         ORDER BY last_seen_at DESC, origin LIMIT -1 OFFSET @kept)`,
    ).run({ ...scope, kept: REFUSED_ORIGINS_KEPT })
  })

  return {
    async createHelpArticles(workspaceId, siteId, inputs) {
      const now = Date.now()
      const rows = inputs.map(
        (input): Row => ({
          id: newId(now),
          workspace_id: workspaceId,
          site_id: siteId,
          title: input.title,
          body: input.body,
          url: input.url ?? null,
          created_at: now,
          updated_at: now,
        }),
      )
      insertArticles.immediate(rows)
      return rows.map(toHelpArticle)
    },

    async getHelpArticle(workspaceId, articleId) {
      const row = byId('help_articles', workspaceId, articleId)
      return row ? toHelpArticle(row) : null
    },

    async listHelpArticles(workspaceId, siteId) {
      const rows = db
        .prepare('SELECT * FROM help_articles WHERE workspace_id = ? AND site_id = ? ORDER BY id')
        .all(workspaceId, siteId) as Row[]
      return rows.map(toHelpArticle)
    },

    async updateHelpArticle(workspaceId, articleId, patch) {
      const set = assignments(patch, { title: ['title'], body: ['body'], url: ['url'] })
      const row = update('help_articles', workspaceId, articleId, set)
      return row ? toHelpArticle(row) : null
    },

    async deleteHelpArticle(workspaceId, articleId) {
      // Its embedding goes with it: article_embeddings cascades on the article's deletion.
      return remove('help_articles', workspaceId, articleId)
    },

    async putArticleEmbedding(workspaceId, embedding) {
      const { dimensions, blob } = toVectorsBlob(embedding.vectors)
      // Selecting from help_articles writes nothing for another workspace's article or a deleted one,
      // and takes the site from the article itself.
      const result = db
        .prepare(
          `INSERT INTO article_embeddings (article_id, workspace_id, site_id, model, content_hash, dimensions, vectors, updated_at)
           SELECT id, workspace_id, site_id, @model, @hash, @dimensions, @vectors, @now FROM help_articles WHERE id = @id AND workspace_id = @ws
           ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, content_hash = excluded.content_hash,
             dimensions = excluded.dimensions, vectors = excluded.vectors, updated_at = excluded.updated_at`,
        )
        .run({ id: embedding.articleId, ws: workspaceId, model: embedding.model, hash: embedding.contentHash, dimensions, vectors: blob, now: Date.now() })
      return result.changes > 0
    },

    async listArticleEmbeddings(workspaceId, siteId) {
      const rows = db
        .prepare('SELECT * FROM article_embeddings WHERE workspace_id = ? AND site_id = ? ORDER BY article_id')
        .all(workspaceId, siteId) as Row[]
      return rows.map(toArticleEmbedding)
    },

    async importHelpArticles(workspaceId, siteId, inputs) {
      return importArticles.immediate(workspaceId, siteId, inputs)
    },

    async recordRefusedOrigin(workspaceId, siteId, origin, at) {
      recordRefused.immediate(workspaceId, siteId, origin, at.getTime())
    },

    async listRefusedOrigins(workspaceId, siteId) {
      const rows = db
        .prepare('SELECT * FROM refused_origins WHERE workspace_id = ? AND site_id = ? ORDER BY last_seen_at DESC, origin')
        .all(workspaceId, siteId) as Row[]
      return rows.map(toRefusedOrigin)
    },

    async createCannedReply(workspaceId, input) {
      const now = Date.now()
      const row: Row = {
        id: newId(now),
        workspace_id: workspaceId,
        shortcut: input.shortcut,
        text: input.text,
        created_at: now,
        updated_at: now,
      }
      insertRow(db, 'canned_replies', row)
      return toCannedReply(row)
    },

    async listCannedReplies(workspaceId) {
      const rows = db
        .prepare('SELECT * FROM canned_replies WHERE workspace_id = ? ORDER BY shortcut')
        .all(workspaceId) as Row[]
      return rows.map(toCannedReply)
    },

    async updateCannedReply(workspaceId, replyId, patch) {
      const set = assignments(patch, { shortcut: ['shortcut'], text: ['text'] })
      const row = rethrowUnique(() => update('canned_replies', workspaceId, replyId, set))
      return row ? toCannedReply(row) : null
    },

    async deleteCannedReply(workspaceId, replyId) {
      return remove('canned_replies', workspaceId, replyId)
    },
  }
}
