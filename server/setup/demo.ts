// The first `npm start` on an empty database sets up a demo workspace, so there is something to
// sign in to: an admin with a one-time password (printed once) and a site for the local demo page.
import type { Config } from '../config.ts'
import type { SecretBox } from '../secrets.ts'
import type { Store } from '../store/store.ts'
import { createSiteWithSecret } from './site-keys.ts'
import { createWorkspaceWithAdmin } from './workspace-setup.ts'

/** example.com is reserved for documentation: this address can never reach a real person. */
export const DEMO_ADMIN_EMAIL = 'admin@example.com'

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
  const { site } = await createSiteWithSecret(store, secretBox, workspace.id, {
    name: 'Demo Shop',
    allowedOrigins: [new URL(config.publicUrl).origin],
    routingPolicy: 'human-first',
  })
  return { adminEmail: DEMO_ADMIN_EMAIL, oneTimePassword, siteKey: site.key }
}
