// Inserting rows, and turning SQLite's unique-constraint failures into Tandem's listed errors.
import type { Database } from 'better-sqlite3'
import type { ErrorCode } from '../../../protocol/errors.ts'
import { TandemError } from '../../errors.ts'
import type { Row } from './sqlite-rows.ts'

/** Which error a unique constraint raises, by the first column SQLite names in its message. */
const UNIQUE_ERRORS: Record<string, ErrorCode> = {
  'agents.email': 'ERR_AGENT_EMAIL_TAKEN',
  'canned_replies.workspace_id': 'ERR_CANNED_SHORTCUT_TAKEN',
}

export function rethrowUnique<T>(write: () => T): T {
  try {
    return write()
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      const column = /failed: ([\w.]+)/.exec(message ?? '')?.[1] ?? ''
      throw new TandemError(UNIQUE_ERRORS[column] ?? 'ERR_STORE_DUPLICATE', undefined, { cause: error })
    }
    throw error
  }
}

/** Inserts one row whose keys are the column names. */
export function insertRow(db: Database, table: string, row: Row): void {
  const columns = Object.keys(row)
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`
  rethrowUnique(() => db.prepare(sql).run(row))
}
