// Picks and opens the Store the configuration asks for: MongoDB when MONGO_URI is set, otherwise the
// embedded SQLite database under DATA_DIR.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import type { Config } from '../config.ts'
import { TandemError } from '../errors.ts'
import { createMongoStore } from './mongo/mongo-store.ts'
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

export async function openStore(config: Pick<Config, 'mongoUri' | 'dataDir'>): Promise<OpenedStore> {
  if (config.mongoUri) {
    const client = new MongoClient(config.mongoUri, { serverSelectionTimeoutMS: MONGO_CONNECT_TIMEOUT_MS })
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
  const db = new Database(join(config.dataDir, 'tandem.db'))
  return {
    store: createSqliteStore(db),
    async close() {
      db.close()
    },
  }
}
