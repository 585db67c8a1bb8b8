// The first `npm start` on an empty database sets up a demo workspace, so there is something to
// sign in to: an admin and an agent with one-time passwords (printed once), and a site for the demo
// shop page Tandem serves (demo-shop.ts) with the help center of a fictional shop
// (demo-help-center.json) for the AI to answer from. The site's key is kept in DATA_DIR, so every
// later start serves the same shop.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashPassword, newOneTimePassword } from '../auth/passwords.ts'
import type { Config } from '../config.ts'
import type { NewHelpArticle } from '../store/store.ts'
import type { SecretBox } from '../secrets.ts'
import type { Store } from '../store/store.ts'
import { createSiteWithSecret } from './site-keys.ts'
import { createWorkspaceWithAdmin } from './workspace-setup.ts'

/** example.com is reserved for documentation: these addresses can never reach a real person. */
export const DEMO_ADMIN_EMAIL = 'admin@example.com'
export const DEMO_AGENT_EMAIL = 'agent@example.com'

/** examples/site at its default port (`npm run example`): the demo site is where a newcomer tries it. */
export const EXAMPLE_SITE_ORIGINS = ['http://localhost:8080', 'http://127.0.0.1:8080']

/** Where the demo site's key is kept, under DATA_DIR. */
const DEMO_SITE_FILE = 'demo-site'

interface DemoHelpCenter {
  shop: string
  articles: { title: string; url: string; paragraphs: string[] }[]
}

/** The demo shop's help articles, as a site would import them. */
export function demoHelpCenter(): { shop: string; articles: NewHelpArticle[] } {
  const data = JSON.parse(readFileSync(new URL('./demo-help-center.json', import.meta.url), 'utf8')) as DemoHelpCenter
  return { shop: data.shop, articles: data.articles.map((a) => ({ title: a.title, url: a.url, body: a.paragraphs.join('\n\n') })) }
}

export interface DemoSetup {
  adminEmail: string
  oneTimePassword: string
  agentEmail: string
  agentOneTimePassword: string
  siteKey: string
}

/**
 * The origins the demo shop is opened from: the public URL's, and its twin on the same machine
 * (localhost and 127.0.0.1 are two origins to a browser, and people type either).
 */
export function demoOrigins(publicUrl: string): string[] {
  const origin = new URL(publicUrl).origin
  const url = new URL(origin)
  const twin = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null
  if (twin === null) return [origin]
  url.hostname = twin
  return [origin, url.origin]
}

/** The demo site's key, once the demo was set up in this DATA_DIR; null before, or without a demo. */
export function demoSiteKey(config: Config): string | null {
  const file = join(config.dataDir, DEMO_SITE_FILE)
  if (!config.demo || !existsSync(file)) return null
  return readFileSync(file, 'utf8').trim() || null
}

/** Sets up the demo (when DEMO is on) when the database has no workspace yet; null otherwise. */
export async function setUpDemoIfEmpty(store: Store, secretBox: SecretBox, config: Config): Promise<DemoSetup | null> {
  if (!config.demo || (await store.countWorkspaces()) > 0) return null
  const { workspace, oneTimePassword } = await createWorkspaceWithAdmin(store, {
    workspaceName: 'Demo Shop',
    adminEmail: DEMO_ADMIN_EMAIL,
    adminName: 'Demo Admin',
  })
  const helpCenter = demoHelpCenter()
  const { site } = await createSiteWithSecret(store, secretBox, workspace.id, {
    name: helpCenter.shop,
    allowedOrigins: [...demoOrigins(config.publicUrl), ...EXAMPLE_SITE_ORIGINS],
    // The demo shows both halves: the AI answers from the help center, a person joins on request.
    routingPolicy: 'ai-first',
  })
  await store.createHelpArticles(workspace.id, site.id, helpCenter.articles)
  // An agent too, so the demo can be tried as both sides of a handoff in two browser windows.
  const agentOneTimePassword = newOneTimePassword()
  await store.createAgent(workspace.id, { name: 'Demo Agent', email: DEMO_AGENT_EMAIL, passwordHash: await hashPassword(agentOneTimePassword), role: 'agent', mustChangePassword: true })
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(join(config.dataDir, DEMO_SITE_FILE), `${site.key}\n`, { mode: 0o600 })
  return { adminEmail: DEMO_ADMIN_EMAIL, oneTimePassword, agentEmail: DEMO_AGENT_EMAIL, agentOneTimePassword, siteKey: site.key }
}
