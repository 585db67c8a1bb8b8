// The conversations and visitors every message reads (who may write, and where), kept between reads
// on this connection instead of read again per message. Correct because every way a row can change
// empties what it could have made stale:
// - a write through this Store forgets the row it names (an update, a transition) or everything (any
//   other write), and an append stores the conversation's row as its own UPDATE returned it;
// - a commit by any other connection (another process, a peer handle) moves SQLite's data_version,
//   looked at before the first cached read of each turn of the event loop, and empties the cache.
import type { Database } from 'better-sqlite3'
import { BoundedMap } from '../../bounded-map.ts'
import type { Conversation, Visitor } from '../records.ts'
import type { Store } from '../store.ts'

/** Rows kept per kind; past this many the oldest are read again when next asked for. */
export const CACHED_ROWS_MAX = 10_000

export interface ReadCache {
  conversation(workspaceId: string, id: string, read: () => Conversation | null): Conversation | null
  visitor(workspaceId: string, id: string, read: () => Visitor | null): Visitor | null
  /** The conversation as a committed write left it. */
  conversationWritten(conversation: Conversation): void
}

type Cached<T> = T & { readonly workspaceId: string }

/** Store writes that change no existing conversation or visitor row (read from their SQL: no trigger or cascade reaches those tables). */
const OTHER_TABLES_ONLY = [
  'createWorkspace',
  'createSite',
  'updateSite',
  'createAgent',
  'updateAgent',
  'createVisitor',
  'createConversation',
  'markRead',
  'createAgentSession',
  'revokeAgentSession',
  'revokeAgentSessions',
  'addRefreshToken',
  'spendRefreshToken',
  'createHelpArticles',
  'updateHelpArticle',
  'deleteHelpArticle',
  'importHelpArticles',
  'putArticleEmbedding',
  'recordRefusedOrigin',
  'createCannedReply',
  'updateCannedReply',
  'deleteCannedReply',
] as const satisfies readonly (keyof Store)[]

function frozen<T extends object>(record: T): T {
  // Shared between callers: one changing its copy would change everyone's.
  for (const value of Object.values(record)) if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) frozen(value)
  return Object.freeze(record)
}

export function readCache(db: Database) {
  const version = db.prepare('PRAGMA data_version')
  const currentVersion = () => (version.get() as { data_version: number }).data_version
  let seenVersion = currentVersion()
  const conversations = new BoundedMap<string, Cached<Conversation>>(CACHED_ROWS_MAX)
  const visitors = new BoundedMap<string, Cached<Visitor>>(CACHED_ROWS_MAX)

  function clear() {
    conversations.clear()
    visitors.clear()
  }

  let checkedThisTurn = false
  const nextTurn = () => {
    checkedThisTurn = false
  }

  /**
   * Empties the cache when another connection has committed since the last look. Looked at once per
   * turn of the event loop: the look itself opens a read (~1/3 of a row's read), and a commit made
   * elsewhere during this turn is, to this process, no earlier than the next.
   */
  function checkVersion() {
    if (checkedThisTurn) return
    checkedThisTurn = true
    setImmediate(nextTurn)
    const now = currentVersion()
    if (now !== seenVersion) {
      seenVersion = now
      clear()
    }
  }

  function through<T extends { workspaceId: string }>(rows: BoundedMap<string, Cached<T>>, workspaceId: string, id: string, read: () => T | null): T | null {
    checkVersion()
    const cached = rows.get(id)
    // Scoped like the query it stands for: a row of another workspace is not found.
    if (cached) return cached.workspaceId === workspaceId ? cached : null
    const row = read()
    if (row) rows.set(id, frozen(row))
    return row
  }

  const cache: ReadCache = {
    conversation: (workspaceId, id, read) => through(conversations, workspaceId, id, read),
    visitor: (workspaceId, id, read) => through(visitors, workspaceId, id, read),
    conversationWritten(conversation) {
      checkVersion()
      conversations.set(conversation.id, frozen(conversation))
    },
  }

  /** What each write of the Store makes stale: the row it names, else (by default) everything. */
  const forgets: Partial<Record<keyof Store, (args: unknown[]) => void>> = {
    updateVisitor: (args) => visitors.delete(args[1] as string),
    transitionConversation: (args) => conversations.delete(args[1] as string),
    updateConversation: (args) => conversations.delete(args[1] as string),
    updateMessage: (args) => conversations.delete(args[1] as string),
    // An append refreshes its conversation itself (conversationWritten), once committed.
    appendMessage: () => {},
    // New rows (nothing cached can be stale) and writes to other tables only: routing stamps an
    // agent at every assignment, and a new visitor or conversation comes with every new chat.
    ...Object.fromEntries(OTHER_TABLES_ONLY.map((name) => [name, () => {}])),
  }

  /**
   * The Store with every write wrapped to forget what it changes, before it runs and once it has
   * settled, so no read in between is served an old row. Reads by name: get…, list…, count…, find….
   */
  function wrap(store: Store): Store {
    const wrapped: Record<string, unknown> = { ...store }
    for (const [name, method] of Object.entries(store)) {
      if (typeof method !== 'function' || /^(get|list|count|find)[A-Z]/.test(name) || name === 'queuePosition' || name === 'ping') continue
      const forget = forgets[name as keyof Store] ?? clear
      wrapped[name] = (...args: unknown[]) => {
        forget(args)
        const result = (method as (...a: unknown[]) => unknown).apply(store, args)
        if (!(result instanceof Promise)) return result
        return result.finally(() => forget(args))
      }
    }
    return wrapped as unknown as Store
  }

  return { cache, wrap }
}
