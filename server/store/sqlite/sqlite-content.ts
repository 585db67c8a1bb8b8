// Help articles and canned replies on SQLite: plain per-workspace records.
import type { Database } from 'better-sqlite3'
import { newId } from '../../ids.ts'
import type { ContentMethods } from '../store.ts'
import { assignments, toCannedReply, toHelpArticle, type Row } from './sqlite-rows.ts'
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
      return remove('help_articles', workspaceId, articleId)
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
