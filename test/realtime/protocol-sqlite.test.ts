import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { realtimeSuite } from './protocol-suite.ts'

realtimeSuite(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-realtime-'))
  const db = new Database(join(dir, 'tandem.db'))
  const peers: Database.Database[] = []
  return {
    store: createSqliteStore(db),
    // Another handle on the same file, as a second server process would hold.
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
})
