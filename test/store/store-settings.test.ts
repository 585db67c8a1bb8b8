// How the Stores are opened: SQLite's commit durability and compiled statements, MongoDB's write concern.
import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { mongoWriteConcern, openStore } from '../../server/store/open-store.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { STATEMENT_CACHE_MAX, withStatementCache } from '../../server/store/sqlite/sqlite-statements.ts'
import { tempDir } from '../helpers/factories.ts'

t.test('SQLite runs in WAL mode with synchronous as configured, NORMAL by default', async (t) => {
  // SQLite's numbers for the levels: NORMAL is 1, FULL is 2.
  for (const [setting, level] of [[undefined, 1], ['NORMAL', 1], ['FULL', 2]] as const) {
    const db = new Database(join(tempDir(t), 'tandem.db'))
    t.teardown(() => db.close())
    createSqliteStore(db, setting ? { synchronous: setting } : {})
    t.equal(db.pragma('journal_mode', { simple: true }), 'wal', `${setting ?? 'default'}: WAL`)
    t.equal(db.pragma('synchronous', { simple: true }), level, `${setting ?? 'default'}: synchronous ${level}`)
  }
})

t.test('a statement is compiled once per SQL text, and the cache keeps a bounded number', async (t) => {
  const db = new Database(':memory:')
  t.teardown(() => db.close())
  const cached = withStatementCache(db)
  const first = cached.prepare('SELECT 1 AS one')
  t.equal(cached.prepare('SELECT 1 AS one'), first, 'the same text: the same compiled statement')
  t.same(first.get(), { one: 1 })
  for (let i = 0; i < STATEMENT_CACHE_MAX; i++) cached.prepare(`SELECT ${i + 2} AS n`)
  t.not(cached.prepare('SELECT 1 AS one'), first, 'past the bound the oldest was dropped, and is compiled again')
  t.same(cached.pragma('journal_mode', { simple: true }), 'memory', 'every other method is the handle’s own')
})

t.test('MongoDB acks wait for a journaled majority unless the URI names its own write concern', async (t) => {
  t.same(mongoWriteConcern('mongodb://db.example/tandem'), { writeConcern: { w: 'majority', journal: true } })
  t.same(mongoWriteConcern('mongodb://db.example/tandem?retryWrites=true'), { writeConcern: { w: 'majority', journal: true } })
  t.same(mongoWriteConcern('mongodb://db.example/tandem?w=1'), {})
  t.same(mongoWriteConcern('mongodb://db.example/?journal=false&w=majority'), {})
})

t.test('the server’s SQLite database is checkpointed by a worker thread, not by the commits that serve messages', async (t) => {
  const dataDir = tempDir(t)
  const opened = await openStore({ mongoUri: null, dataDir })
  let closed = false
  t.teardown(() => (closed ? undefined : opened.close()))
  const file = join(dataDir, 'tandem.db')
  const workspace = await opened.store.createWorkspace({ name: 'Checkpointed' })
  const pagesBefore = statSync(file).size / 4096
  // ~150 pages in ~400 WAL frames: below SQLite's own threshold of 1,000 frames, so only the worker
  // copies them into the file.
  for (let i = 0; i < 100; i++) await opened.store.createWorkspace({ name: `${workspace.name} ${i} ${'x'.repeat(3000)}` })
  await until(() => statSync(file).size / 4096 > pagesBefore + 100, 'the WAL’s pages reach the database file')
  t.pass('the pages were checkpointed while the writer went on')
  await opened.close()
  closed = true
})

/** Waits for a condition the server meets by itself, checking every 50 ms, for up to 30 s. */
async function until(condition: () => boolean, what: string) {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 30_000) throw new Error(`never happened: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
