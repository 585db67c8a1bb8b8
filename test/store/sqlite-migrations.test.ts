// A SQLite database written by an older Tandem is brought up to date when the Store opens it, and what
// it held reads as the records of today: a conversation stored before facts were is not recorded.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import t from 'tap'
import { newConversationFacts } from '../../server/store/defaults.ts'
import { migrate, SCHEMA_VERSION } from '../../server/store/sqlite/sqlite-migrations.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { tempDir } from '../helpers/factories.ts'

/** The schema before conversations had facts. */
const BEFORE_FACTS = 9

t.test('a conversation stored before facts were reads as not recorded, with every fact null', async (t) => {
  const db = new Database(join(tempDir(t), 'tandem.db'))
  t.teardown(() => db.close())
  migrate(db, BEFORE_FACTS)
  const now = Date.UTC(2024, 0, 1)
  // As that Tandem wrote them.
  db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run('ws1', 'Acme', now)
  db.prepare(
    `INSERT INTO sites (id, workspace_id, name, key, secret_encrypted, allowed_origins, routing_policy, greeting, away_message,
       pre_chat_fields, locale, color, created_at, updated_at) VALUES ('site1', 'ws1', 'Shop', 'key1', 'enc', '[]', 'ai-first', 'Hi', '', '[]', 'en', '#000', ?, ?)`,
  ).run(now, now)
  db.prepare(
    `INSERT INTO visitors (id, workspace_id, site_id, token_hash, attributes, blocked, created_at, last_seen_at)
     VALUES ('visitor1', 'ws1', 'site1', 'hash1', '{}', 0, ?, ?)`,
  ).run(now, now)
  db.prepare(
    `INSERT INTO conversations (id, workspace_id, site_id, visitor_id, status, revision, last_seq, created_at, updated_at, last_activity_at)
     VALUES ('conversation1', 'ws1', 'site1', 'visitor1', 'open', 0, 0, ?, ?, ?)`,
  ).run(now, now, now)

  const store = createSqliteStore(db)
  t.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION, 'migrated to the current schema')
  const old = await store.getConversation('ws1', 'conversation1')
  t.same(old?.facts, { ...newConversationFacts(), recorded: false })
  t.match(old, { status: 'open', revision: 0, lastSeq: 0 }, 'and the rest as it was')

  await store.appendMessage('ws1', { conversationId: 'conversation1', kind: 'customer', authorId: 'visitor1', text: 'Hi', createdAt: new Date(now + 1000) })
  t.match((await store.getConversation('ws1', 'conversation1'))?.facts, { recorded: false, firstCustomerMessageAt: new Date(now + 1000) }, 'facts from then on are kept, still not recorded')
})

t.test("a site's conversations created in a date range are read by an index", async (t) => {
  const db = new Database(join(tempDir(t), 'tandem.db'))
  t.teardown(() => db.close())
  createSqliteStore(db)
  const plan = db
    .prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM conversations WHERE workspace_id = ? AND site_id = ? AND created_at >= ? AND created_at < ?')
    .all('ws1', 'site1', 0, 1) as { detail: string }[]
  t.match(plan.map((step) => step.detail).join('\n'), /USING (COVERING )?INDEX conversations_by_site_created \(workspace_id=\? AND site_id=\? AND created_at>\? AND created_at<\?\)/)
})
