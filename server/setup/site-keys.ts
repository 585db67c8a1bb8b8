// A site's public key and private secret. The key is in every script tag, so it is only an address;
// the secret signs identities on the site's backend and never leaves the admin pages.
import { randomBytes } from 'node:crypto'
import { newToken, type SecretBox } from '../secrets.ts'
import type { NewSite, Store } from '../store/store.ts'
import type { Site } from '../store/records.ts'

/** 128 random bits: unguessable, so a key cannot be enumerated, yet short enough for a script tag. */
export function newSiteKey(): string {
  return 'site_' + randomBytes(16).toString('base64url')
}

/** Creates a site with a fresh key and secret; returns the secret once, in clear, for the caller to show. */
export async function createSiteWithSecret(
  store: Store,
  secretBox: SecretBox,
  workspaceId: string,
  input: Omit<NewSite, 'key' | 'secretEncrypted'>,
): Promise<{ site: Site; secret: string }> {
  const secret = newToken()
  const site = await store.createSite(workspaceId, { ...input, key: newSiteKey(), secretEncrypted: secretBox.seal(secret) })
  return { site, secret }
}
