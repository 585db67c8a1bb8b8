// The Store on MongoDB (production), also run in tests against FerretDB. Built on what both offer:
// single-document writes and unique indexes, no transactions. Whatever must be won exactly once (a seq,
// a transition, a resend, an email, a refresh token's spending) is an insert under a unique index;
// counts are counted, not kept.
import type { MongoClient } from 'mongodb'
import { TandemError } from '../../errors.ts'
import type { Store } from '../store.ts'
import { openContext } from './mongo-collections.ts'
import { contentMethods } from './mongo-content.ts'
import { conversationMethods } from './mongo-conversations.ts'
import { toStoreError } from './mongo-errors.ts'
import { ensureIndexes } from './mongo-indexes.ts'
import { messageMethods } from './mongo-messages.ts'
import { migrateData } from './mongo-migrations.ts'
import { peopleMethods } from './mongo-people.ts'
import { readPositionMethods } from './mongo-read-positions.ts'
import { sessionMethods } from './mongo-sessions.ts'
import { transitionMethod } from './mongo-transitions.ts'
import { workspaceMethods } from './mongo-workspaces.ts'

export interface MongoStoreOptions {
  /** The database to use; defaults to the one named in the client's connection string. */
  dbName?: string
}

/**
 * Opens the Store on a MongoClient the caller owns, creating its indexes first (a no-op when they
 * exist). The store's close() leaves the client open: closing it is the caller's job, as several
 * stores may share one client.
 */
export async function createMongoStore(client: MongoClient, options: MongoStoreOptions = {}): Promise<Store> {
  const db = client.db(options.dbName)
  try {
    await ensureIndexes(db)
    await migrateData(db)
  } catch (error) {
    throw toStoreError(error)
  }
  const ctx = openContext(db)

  const store: Store = {
    kind: 'mongodb',

    async ping() {
      try {
        await db.command({ ping: 1 })
      } catch (error) {
        throw new TandemError('ERR_STORE_UNAVAILABLE', undefined, { cause: error })
      }
    },

    async close() {
      // Nothing of its own to release: the client, and its connections, belong to the caller.
    },

    ...workspaceMethods(ctx),
    ...peopleMethods(ctx),
    ...conversationMethods(ctx),
    ...transitionMethod(ctx),
    ...messageMethods(ctx),
    ...contentMethods(ctx),
    ...sessionMethods(ctx),
    ...readPositionMethods(ctx),
  }
  return withStoreErrors(store)
}

/** Wraps every method so a lost connection surfaces as ERR_STORE_UNAVAILABLE, as the port promises. */
function withStoreErrors(store: Store): Store {
  const wrapped: Record<string, unknown> = { kind: store.kind }
  for (const [name, method] of Object.entries(store)) {
    if (typeof method !== 'function') continue
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args)
      } catch (error) {
        throw toStoreError(error)
      }
    }
  }
  return wrapped as unknown as Store
}
