// Store handles for suites that run once per adapter: a fresh database for the whole test file, a
// second handle on it (what another server process would hold), and the clean-up.
import Database from 'better-sqlite3'
import { MongoClient } from 'mongodb'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { startMongo } from './ferretdb.ts'
import type { StoreHandle } from './realtime.ts'

/** SQLite in a temporary folder; the peer is another connection to the same file. */
export async function openSqliteHandle(): Promise<StoreHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-realtime-'))
  const db = new Database(join(dir, 'tandem.db'))
  const peers: Database.Database[] = []
  return {
    store: createSqliteStore(db),
    async openPeer() {
      const peer = new Database(join(dir, 'tandem.db'))
      peers.push(peer)
      return createSqliteStore(peer)
    },
    async close() {
      for (const peer of peers) peer.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** FerretDB over the real wire protocol, or the server MONGO_URI names (test/helpers/ferretdb.ts). */
export async function openMongoHandle(): Promise<StoreHandle> {
  const mongo = await startMongo()
  const client = new MongoClient(mongo.uri)
  await client.connect()
  const peers: MongoClient[] = []
  return {
    store: await createMongoStore(client, { dbName: mongo.dbName }),
    // Its own client on the same database, sharing nothing with the first store but the data.
    async openPeer() {
      const peer = new MongoClient(mongo.uri)
      await peer.connect()
      peers.push(peer)
      return createMongoStore(peer, { dbName: mongo.dbName })
    },
    async close() {
      for (const peer of peers) await peer.close()
      await client.close()
      await mongo.stop()
    },
  }
}
