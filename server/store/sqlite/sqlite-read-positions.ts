// Read positions on SQLite: one row per (conversation, reader), moved forward by an upsert that keeps
// the higher seq, so a late or repeated read frame never moves it back.
import type { Database } from 'better-sqlite3'
import type { ReadPositionMethods } from '../store.ts'

export function readPositionMethods(db: Database): ReadPositionMethods {
  return {
    async markRead(workspaceId, conversationId, readerId, seq) {
      const stored = db
        .prepare(
          `INSERT INTO read_positions (conversation_id, reader_id, workspace_id, seq, updated_at) VALUES (@conversation, @reader, @ws, @seq, @at)
           ON CONFLICT (conversation_id, reader_id) DO UPDATE SET seq = max(seq, excluded.seq), updated_at = excluded.updated_at
           RETURNING seq`,
        )
        .get({ conversation: conversationId, reader: readerId, ws: workspaceId, seq, at: Date.now() }) as { seq: number }
      return stored.seq
    },

    async listReadPositions(workspaceId, readerId, conversationIds) {
      const positions = new Map<string, number>()
      if (conversationIds.length === 0) return positions
      // The ids as one JSON parameter: one statement whatever the page size.
      const rows = db
        .prepare(
          `SELECT conversation_id, seq FROM read_positions
           WHERE reader_id = ? AND workspace_id = ? AND conversation_id IN (SELECT value FROM json_each(?))`,
        )
        .all(readerId, workspaceId, JSON.stringify(conversationIds)) as { conversation_id: string; seq: number }[]
      for (const row of rows) positions.set(row.conversation_id, row.seq)
      return positions
    },
  }
}
