// Every index the MongoDB adapter relies on, created at start. The unique ones carry correctness (they
// are how a key, an email, a seq or a resend is won exactly once); the rest serve the queries the
// adapter runs, each led by workspaceId because every query is scoped by it.
import type { CreateIndexesOptions, Db, IndexSpecification } from 'mongodb'
import { COLLECTION_NAMES } from './mongo-collections.ts'

interface IndexPlan {
  collection: string
  key: IndexSpecification
  options?: CreateIndexesOptions
}

const unique = { unique: true }

const INDEXES: IndexPlan[] = [
  { collection: COLLECTION_NAMES.sites, key: { key: 1 }, options: unique },
  { collection: COLLECTION_NAMES.sites, key: { workspaceId: 1, _id: 1 } },

  // Emails are stored lower-cased, so this also makes them unique regardless of case.
  { collection: COLLECTION_NAMES.agents, key: { email: 1 }, options: unique },
  { collection: COLLECTION_NAMES.agents, key: { workspaceId: 1, _id: 1 } },
  // Start-up finds the agents whose sockets died with the previous process.
  { collection: COLLECTION_NAMES.agents, key: { status: 1 } },

  { collection: COLLECTION_NAMES.visitors, key: { tokenHash: 1 }, options: unique },
  { collection: COLLECTION_NAMES.visitors, key: { workspaceId: 1, siteId: 1, externalId: 1, _id: 1 } },

  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, _id: -1 } },
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, siteId: 1, _id: -1 } },
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, visitorId: 1, _id: -1 } },
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, assigneeId: 1, status: 1, _id: -1 } },
  // The queue, queue positions and per-agent load all read open conversations by assignee.
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, status: 1, assigneeId: 1, queuedAt: 1, _id: 1 } },

  // Reports read a site's conversations by when they were created.
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, siteId: 1, createdAt: 1, _id: 1 } },
  { collection: COLLECTION_NAMES.conversations, key: { workspaceId: 1, createdAt: 1, _id: 1 } },

  // The abandonment sweep reads open conversations by last activity, across workspaces.
  { collection: COLLECTION_NAMES.conversations, key: { status: 1, lastActivityAt: 1 } },

  // Claims a seq: two writers reaching for the same one cannot both store it.
  { collection: COLLECTION_NAMES.messages, key: { conversationId: 1, seq: 1 }, options: unique },
  // Makes a resend of (author, client id) harmless, even when two copies race.
  { collection: COLLECTION_NAMES.messages, key: { dedupeKey: 1 }, options: unique },

  { collection: COLLECTION_NAMES.helpArticles, key: { workspaceId: 1, siteId: 1, _id: 1 } },
  // An import finds the articles it updates by URL.
  { collection: COLLECTION_NAMES.helpArticles, key: { workspaceId: 1, siteId: 1, url: 1 } },
  // A site's embeddings are listed together, by article id (which is their _id).
  { collection: COLLECTION_NAMES.articleEmbeddings, key: { workspaceId: 1, siteId: 1, _id: 1 } },

  // A site's refused origins, newest first: listed, and trimmed to the latest few. (One per site and
  // origin is kept by their _id, `siteId:origin`.)
  { collection: COLLECTION_NAMES.refusedOrigins, key: { workspaceId: 1, siteId: 1, lastSeenAt: -1, origin: 1 } },

  // Also the order canned replies are listed in.
  { collection: COLLECTION_NAMES.cannedReplies, key: { workspaceId: 1, shortcut: 1 }, options: unique },

  // Signing an agent out everywhere finds the agent's sessions. Refresh tokens and their spends are
  // read by hash alone, which is their _id, so they need nothing more.
  { collection: COLLECTION_NAMES.agentSessions, key: { workspaceId: 1, agentId: 1, _id: 1 } },
]

/** Creates the indexes; creating one that exists with the same spec is a no-op, so every start does it. */
export async function ensureIndexes(db: Db): Promise<void> {
  // One index per call: FerretDB 1.24 drops the connection when a createIndexes command names only
  // indexes that already exist, which is exactly what every start after the first would send.
  for (const { collection, key, options } of INDEXES) {
    await db.collection(collection).createIndex(key, options ?? {})
  }
}
