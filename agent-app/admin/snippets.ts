// What a site owner copies: the script tag for every page, and the few lines their backend needs to
// verify a signed-in user (an HMAC-SHA256 of the user's id with the site's secret, in hex, handed to
// Tandem.identify). The secret is never put in a snippet: it is read from the backend's environment.

export function scriptTag(serverOrigin: string, siteKey: string): string {
  return `<script src="${serverOrigin}/widget.js" data-site="${siteKey}" async></script>`
}

export const SECRET_VARIABLE = 'TANDEM_SITE_SECRET'

/** A Node (Express-style) route that signs the signed-in user's id. */
export function nodeIdentityRoute(): string {
  return `// On your server (Node): sign the id of the user who is signed in.
import { createHmac } from 'node:crypto'

app.get('/tandem-identity', (req, res) => {
  if (!req.user) return res.status(401).json({ error: 'not signed in' })
  const userId = String(req.user.id)
  const hash = createHmac('sha256', process.env.${SECRET_VARIABLE}).update(userId).digest('hex')
  res.json({ userId, hash, name: req.user.name, email: req.user.email })
})`
}

/**
 * The page's side, once the user is signed in. The tag loads async, so this may run before Tandem
 * exists: calls pushed onto a \`Tandem\` array are run when it loads.
 */
export function pageIdentityCall(): string {
  return `// On your page, once the user is signed in:
const res = await fetch('/tandem-identity')
if (res.ok) {
  const identity = await res.json()
  if (window.Tandem && !Array.isArray(window.Tandem)) window.Tandem.identify(identity)
  else (window.Tandem = window.Tandem || []).push(['identify', [identity]])
}`
}

export const pythonIdentityLine = `hash = hmac.new(os.environ["${SECRET_VARIABLE}"].encode(), str(user.id).encode(), hashlib.sha256).hexdigest()`

export const phpIdentityLine = `$hash = hash_hmac('sha256', (string) $user->id, getenv('${SECRET_VARIABLE}'));`
