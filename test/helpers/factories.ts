// Shared builders for tests: a config that never touches the real data folder, and an app on a
// throwaway SQLite database.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { buildApp } from '../../server/app.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'

/** A fresh folder removed when the test ends. */
export function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export function testConfig(t: Test, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: tempDir(t), LOG_LEVEL: 'silent', ...env })
}

/** A SQLite Store in a temp folder, closed when the test ends. */
export function testStore(t: Test): Store {
  const db = new Database(join(tempDir(t), 'tandem.db'))
  t.teardown(() => db.close())
  return createSqliteStore(db)
}

/** The whole app on a fresh SQLite Store, not listening: use app.inject(). */
export async function testApp(t: Test, deps: { store?: Store } = {}) {
  const store = deps.store ?? testStore(t)
  const app = await buildApp(testConfig(t), { store })
  t.teardown(() => app.close())
  return { app, store }
}
