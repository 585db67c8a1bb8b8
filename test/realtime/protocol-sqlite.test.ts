import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { realtimeSuite } from './protocol-suite.ts'

realtimeSuite(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-realtime-'))
  const db = new Database(join(dir, 'tandem.db'))
  return {
    store: createSqliteStore(db),
    async close() {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
