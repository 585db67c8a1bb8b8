// The SQLite schema, as numbered migrations applied in order inside one transaction each.
// SQLite's own `user_version` records how far a database has come. Never edit a shipped migration:
// add the next one.
import type { Database } from 'better-sqlite3'
import { TandemError } from '../../errors.ts'

const MIGRATIONS: readonly string[] = [
  // 1: the first schema. Times are milliseconds since the epoch; lists and maps are JSON text.
  `
  CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    secret_encrypted TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    routing_policy TEXT NOT NULL,
    greeting TEXT NOT NULL,
    away_message TEXT NOT NULL,
    business_hours TEXT,
    pre_chat_fields TEXT NOT NULL,
    locale TEXT NOT NULL,
    color TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX sites_by_workspace ON sites(workspace_id, id);
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    status TEXT NOT NULL,
    active INTEGER NOT NULL,
    must_change_password INTEGER NOT NULL,
    last_assigned_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX agents_by_workspace ON agents(workspace_id, id);
  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    token_hash TEXT NOT NULL UNIQUE,
    external_id TEXT,
    name TEXT,
    email TEXT,
    attributes TEXT NOT NULL,
    blocked INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
  );
  CREATE INDEX visitors_by_external_id ON visitors(site_id, external_id) WHERE external_id IS NOT NULL;
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    visitor_id TEXT NOT NULL REFERENCES visitors(id),
    status TEXT NOT NULL,
    assignee_id TEXT REFERENCES agents(id),
    queued_at INTEGER,
    revision INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    rating_score INTEGER,
    rating_comment TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    resolved_at INTEGER
  );
  CREATE INDEX conversations_by_workspace ON conversations(workspace_id, id);
  CREATE INDEX conversations_by_assignee ON conversations(workspace_id, status, assignee_id);
  CREATE INDEX conversations_queue ON conversations(workspace_id, queued_at, id) WHERE queued_at IS NOT NULL;
  CREATE INDEX conversations_by_visitor ON conversations(visitor_id, id);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id TEXT,
    text TEXT NOT NULL,
    citations TEXT NOT NULL,
    client_id TEXT,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
  );
  CREATE UNIQUE INDEX messages_by_client_id ON messages(author_id, client_id)
    WHERE author_id IS NOT NULL AND client_id IS NOT NULL;
  CREATE TABLE help_articles (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    url TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX help_articles_by_site ON help_articles(workspace_id, site_id, id);
  CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    shortcut TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (workspace_id, shortcut)
  );
  `,
  // 2: agent sessions and their rotating refresh tokens.
  `
  CREATE TABLE agent_sessions (
    id TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    agent_id TEXT NOT NULL REFERENCES agents(id),
    user_agent TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX agent_sessions_by_agent ON agent_sessions(workspace_id, agent_id);
  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    session_id TEXT NOT NULL REFERENCES agent_sessions(id),
    agent_id TEXT NOT NULL REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    spent_at INTEGER
  );
  `,
  // 3: the page a visitor has open, reported by the widget.
  `
  ALTER TABLE visitors ADD COLUMN page_context TEXT;
  `,
  // 4: routing's sweeps: open conversations gone quiet, and agents not offline.
  `
  CREATE INDEX conversations_idle ON conversations(status, last_activity_at) WHERE queued_at IS NULL;
  CREATE INDEX agents_by_status ON agents(status);
  `,
  // 5: how far each reader (an agent, or the customer's side) has read each conversation.
  `
  CREATE TABLE read_positions (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    reader_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, reader_id)
  ) WITHOUT ROWID;
  `,
  // 6: who wrote a message by name (agents), and what a system message means (a code and its parameters, JSON).
  `
  ALTER TABLE messages ADD COLUMN author_name TEXT;
  ALTER TABLE messages ADD COLUMN notice TEXT;
  `,
  // 7: what a visitor said about themselves (JSON: name, email, attributes); null until they say something.
  `
  ALTER TABLE visitors ADD COLUMN claims TEXT;
  `,
  // 8: what the customer made of an AI answer (confirmed, more_help); null until they say.
  `
  ALTER TABLE messages ADD COLUMN outcome TEXT;
  `,
  // 9: the origins a site's pages were refused from (a site keeps its latest few, listed newest first),
  // and articles found by URL, which is how an import knows the ones it updates.
  `
  CREATE TABLE refused_origins (
    site_id TEXT NOT NULL REFERENCES sites(id),
    origin TEXT NOT NULL,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    count INTEGER NOT NULL,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, origin)
  ) WITHOUT ROWID;
  CREATE INDEX refused_origins_recent ON refused_origins(workspace_id, site_id, last_seen_at DESC, origin);
  CREATE INDEX help_articles_by_url ON help_articles(workspace_id, site_id, url) WHERE url IS NOT NULL;
  `,
  // 10: what reports are built from (ConversationFacts), one column each, stored as it happens. A
  // conversation stored before reads as not recorded (facts_recorded 0) with no facts. Reports read a
  // site's conversations by when they were created.
  `
  ALTER TABLE conversations ADD COLUMN facts_recorded INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN first_customer_message_at INTEGER;
  ALTER TABLE conversations ADD COLUMN last_customer_message_at INTEGER;
  ALTER TABLE conversations ADD COLUMN first_ai_reply_at INTEGER;
  ALTER TABLE conversations ADD COLUMN last_ai_answer_at INTEGER;
  ALTER TABLE conversations ADD COLUMN last_ai_answer_seq INTEGER;
  ALTER TABLE conversations ADD COLUMN last_ai_answer_outcome TEXT;
  ALTER TABLE conversations ADD COLUMN human_needed_at INTEGER;
  ALTER TABLE conversations ADD COLUMN first_human_reply_at INTEGER;
  ALTER TABLE conversations ADD COLUMN handoff_reason TEXT;
  ALTER TABLE conversations ADD COLUMN handoff_at INTEGER;
  ALTER TABLE conversations ADD COLUMN resolved_by TEXT;
  ALTER TABLE conversations ADD COLUMN resolver_id TEXT;
  CREATE INDEX conversations_by_site_created ON conversations(workspace_id, site_id, created_at, id);
  CREATE INDEX conversations_by_created ON conversations(workspace_id, created_at, id);
  `,
  // 11: what an embedding model made of each help article, one row per article: its passages' vectors
  // as one BLOB of float32s, `dimensions` to each. The row goes with its article (foreign keys are on).
  `
  CREATE TABLE article_embeddings (
    article_id TEXT PRIMARY KEY REFERENCES help_articles(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    site_id TEXT NOT NULL REFERENCES sites(id),
    model TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    dimensions INTEGER NOT NULL,
    vectors BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX article_embeddings_by_site ON article_embeddings(workspace_id, site_id, article_id);
  `,
]

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the database up to SCHEMA_VERSION (or an older `target`, which tests use to write data as an
 * older Tandem did); refuses a database written by a newer Tandem.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new TandemError(
      'ERR_STORE_SCHEMA_TOO_NEW',
      `The database is at schema version ${current}, newer than this Tandem's ${SCHEMA_VERSION}.`,
    )
  }
  for (let version = current + 1; version <= target; version++) {
    const sql = MIGRATIONS[version - 1] as string
    db.transaction(() => {
      db.exec(sql)
      db.pragma(`user_version = ${version}`)
    }).immediate()
  }
}
