// The first `npm start` on an empty database sets up a demo workspace, so there is something to
// sign in to: an admin with a one-time password (printed once), and a site for the local demo page
// with the help center of a fictional shop (demo-help-center.json) for the AI to answer from.
import { readFileSync } from 'node:fs'
import type { Config } from '../config.ts'
import type { NewHelpArticle } from '../store/store.ts'
import type { SecretBox } from '../secrets.ts'
import type { Store } from '../store/store.ts'
import { createSiteWithSecret } from './site-keys.ts'
import { createWorkspaceWithAdmin } from './workspace-setup.ts'

/** example.com is reserved for documentation: this address can never reach a real person. */
export const DEMO_ADMIN_EMAIL = 'admin@example.com'

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
  siteKey: string
}

/** Sets up the demo when the database has no workspace yet; null when it already has one. */
export async function setUpDemoIfEmpty(store: Store, secretBox: SecretBox, config: Config): Promise<DemoSetup | null> {
  if ((await store.countWorkspaces()) > 0) return null
  const { workspace, oneTimePassword } = await createWorkspaceWithAdmin(store, {
    workspaceName: 'Demo Shop',
    adminEmail: DEMO_ADMIN_EMAIL,
    adminName: 'Demo Admin',
  })
  const helpCenter = demoHelpCenter()
  const { site } = await createSiteWithSecret(store, secretBox, workspace.id, {
    name: helpCenter.shop,
    allowedOrigins: [new URL(config.publicUrl).origin],
    // The demo shows both halves: the AI answers from the help center, a person joins on request.
    routingPolicy: 'ai-first',
  })
  await store.createHelpArticles(workspace.id, site.id, helpCenter.articles)
  return { adminEmail: DEMO_ADMIN_EMAIL, oneTimePassword, siteKey: site.key }
}
