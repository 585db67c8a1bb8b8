// Picks and opens the Store the configuration asks for: MongoDB when MONGO_URI is set, otherwise the
// embedded SQLite database under DATA_DIR.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import type { Config } from '../config.ts'
import { TandemError } from '../errors.ts'
import { createMongoStore } from './mongo/mongo-store.ts'
import { startCheckpointer } from './sqlite/sqlite-checkpointer.ts'
import { createSqliteStore } from './sqlite/sqlite-store.ts'
import type { Store } from './store.ts'

/** How long start-up waits for MongoDB before giving up with a clear error. */
const MONGO_CONNECT_TIMEOUT_MS = 10_000

export interface OpenedStore {
  store: Store
  /** Closes the store and the connection it was opened on. */
  close(): Promise<void>
}

/** The database named in the URI's path; "tandem" when the URI names none (the driver would say "test"). */
export function mongoDbName(uri: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri)?.[1]
  return path ? decodeURIComponent(path) : 'tandem'
}

/**
 * An ack waits for the write concern: by default a majority of the replica set has the write in its
 * journal (`w: majority`, `j: true`), so an acknowledged message survives a primary failing over.
 * A URI that names its own (`w=`, `journal=`) keeps it.
 */
export function mongoWriteConcern(uri: string): { writeConcern?: { w: 'majority'; journal: true } } {
  const query = uri.split('?')[1] ?? ''
  const named = new URLSearchParams(query)
  return named.has('w') || named.has('journal') ? {} : { writeConcern: { w: 'majority', journal: true } }
}

export async function openStore(config: Pick<Config, 'mongoUri' | 'dataDir'> & Partial<Pick<Config, 'sqliteSynchronous'>>): Promise<OpenedStore> {
  if (config.mongoUri) {
    const client = new MongoClient(config.mongoUri, { serverSelectionTimeoutMS: MONGO_CONNECT_TIMEOUT_MS, ...mongoWriteConcern(config.mongoUri) })
    try {
      await client.connect()
    } catch (error) {
      throw new TandemError('ERR_STORE_UNAVAILABLE', `Cannot reach MongoDB at MONGO_URI: ${(error as Error).message}`, {
        cause: error,
      })
    }
    const store = await createMongoStore(client, { dbName: mongoDbName(config.mongoUri) })
    return { store, close: () => client.close() }
  }
  mkdirSync(config.dataDir, { recursive: true })
  const path = join(config.dataDir, 'tandem.db')
  const db = new Database(path)
  const store = createSqliteStore(db, { synchronous: config.sqliteSynchronous ?? 'NORMAL' })
  const checkpointer = startCheckpointer(db, path)
  return {
    store,
    async close() {
      await checkpointer.stop()
      db.close()
    },
  }
}
