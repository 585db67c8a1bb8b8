// How the Stores are opened: SQLite's commit durability and compiled statements, MongoDB's write concern.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import t from 'tap'
import { mongoWriteConcern } from '../../server/store/open-store.ts'
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
