// Shared builders for tests: a config that never touches the real data folder, and an app on a
// throwaway SQLite database.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { buildApp } from '../../server/app.ts'
import argon2 from 'argon2'
import { loadConfig, type Config } from '../../server/config.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import type { Site } from '../../server/store/records.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'

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
export async function testApp(t: Test, deps: { store?: Store; config?: Config } = {}) {
  const store = deps.store ?? testStore(t)
  const config = deps.config ?? testConfig(t)
  const app = await buildApp(config, { store })
  t.teardown(() => app.close())
  return { app, store, config }
}

export const TEST_PASSWORD = 'correct horse battery staple'

let passwordHash: Promise<string> | undefined
/**
 * One argon2id hash of TEST_PASSWORD serves every test agent of a process, made with the lightest
 * parameters argon2 allows. Verifying reads the parameters from the hash itself, so every test sign-in
 * still runs the real argon2 check, without the 64 MiB and three passes production hashes cost
 * (auth/passwords.ts, checked in test/server/passwords.test.ts): a suite signs in hundreds of times.
 */
export const testPasswordHash = () =>
  (passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 }))

/** Signs in through the API; returns the access token and the refresh cookie. */
export async function login(app: Awaited<ReturnType<typeof buildApp>>, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  const cookie = res.cookies.find((c) => c.name === 'tandem_refresh')
  return { token: res.json().accessToken as string, refreshCookie: cookie?.value ?? '', body: res.json() }
}

/**
 * A workspace with a signed-in admin, on a fresh app: the usual start of an API test. More agents
 * come from `addAgent`, already past their one-time password.
 */
export async function signedInWorkspace(t: Test, deps: { store?: Store; config?: Config; app?: Awaited<ReturnType<typeof buildApp>> } = {}) {
  const { app, store } = deps.app && deps.store ? { app: deps.app, store: deps.store } : await testApp(t, deps)
  const passwordHash = await testPasswordHash()
  const unique = Math.random().toString(36).slice(2, 10)
  // Straight in the Store with the shared hash: createWorkspaceWithAdmin (tested in setup.test.ts) would
  // spend an argon2 hash on a one-time password every test replaces at once.
  const workspace = await store.createWorkspace({ name: 'Acme ' + unique })
  const admin = await store.createAgent(workspace.id, { name: 'Admin', email: `admin.${unique}@acme.example`, passwordHash, role: 'admin' })
  const adminLogin = await login(app, admin.email)

  async function addAgent(name = 'Agent', role: 'admin' | 'agent' = 'agent') {
    const email = `${name.toLowerCase().replace(/\W/g, '')}.${Math.random().toString(36).slice(2, 10)}@acme.example`
    const agent = await store.createAgent(workspace.id, { name, email, passwordHash, role })
    return { agent, ...(await login(app, email)) }
  }

  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  return { app, store, workspace, admin, adminToken: adminLogin.token, adminHeaders: auth(adminLogin.token), addAgent, auth }
}

/** The origin of the page the test sites allow, as a browser would send it. */
export const SHOP_ORIGIN = 'https://shop.example'

/**
 * A signed-in workspace with a site that pages on SHOP_ORIGIN may use, and the site's secret for
 * signing identities. `addSite` and `addVisitor` make more; visitors come straight from the Store, so
 * tests about something else do not spend the visitor-creation rate limit.
 */
export async function workspaceWithSite(t: Test, deps: { store?: Store; env?: Record<string, string> } = {}) {
  const config = testConfig(t, deps.env)
  const ws = await signedInWorkspace(t, { ...(deps.store ? { store: deps.store } : {}), config })
  const secretBox = createSecretBox(config.serverKey)
  const addSite = (workspaceId = ws.workspace.id, allowedOrigins = [SHOP_ORIGIN]) =>
    createSiteWithSecret(ws.store, secretBox, workspaceId, { name: 'Shop', allowedOrigins })
  const { site, secret } = await addSite()

  async function addVisitor(on: Site = site) {
    const token = newToken()
    const visitor = await ws.store.createVisitor(on.workspaceId, { siteId: on.id, tokenHash: hashToken(token) })
    return { visitor, token, headers: { authorization: `Bearer ${token}`, origin: on.allowedOrigins[0] ?? SHOP_ORIGIN } }
  }

  return { ...ws, config, secretBox, site, secret, addSite, addVisitor }
}
