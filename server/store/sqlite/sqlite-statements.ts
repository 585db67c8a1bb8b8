// Prepared statements, compiled once per SQL text. better-sqlite3 compiles SQL on every `prepare`;
// doing that per call was a fifth of the server's CPU under load, while a compiled statement is
// reused for as long as the handle is open.
import type { Database, Statement } from 'better-sqlite3'
import { BoundedMap } from '../../bounded-map.ts'

/**
 * Distinct SQL texts kept compiled. The Store's statements are a few dozen; texts built from a
 * filter (a list's WHERE, a patch's SET, an IN of n ids) add some more, and past this many the
 * oldest compiled ones are dropped, so no pattern of requests grows the cache without end.
 */
export const STATEMENT_CACHE_MAX = 500

/** The handle, with `prepare` answered from the cache; every other method is the handle's own. */
export function withStatementCache(db: Database): Database {
  const statements = new BoundedMap<string, Statement>(STATEMENT_CACHE_MAX)
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql)
    if (statement) return statement
    statement = db.prepare(sql)
    statements.set(sql, statement)
    return statement
  }
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare
      const value: unknown = Reflect.get(target, property, target)
      // Native methods check their receiver: they are called on the handle itself.
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
