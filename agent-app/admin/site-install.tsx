// Putting the chat on the site: the one script tag to paste, the CSP entries a strict page needs, and
// identity verification (the site's secret, revealed only on request and rotatable, with the lines a
// backend needs to sign a signed-in user's id).
import { h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { SiteView } from '../../protocol/rest/sites.ts'
import type { Auth } from '../auth.ts'
import { CopyButton, SaveStatus, useConfirm, useSaving } from './kit.tsx'
import { nodeIdentityRoute, pageIdentityCall, phpIdentityLine, pythonIdentityLine, scriptTag, SECRET_VARIABLE } from './snippets.ts'

function Snippet({ id, title, text }: { id: string; title: string; text: string }): JSX.Element {
  return (
    <div class="snippet">
      <div class="snippet-head">
        <h3 id={id}>{title}</h3>
        <CopyButton text={text} name={`Copy the ${title} snippet`} />
      </div>
      <pre aria-labelledby={id} tabIndex={0}>
        <code>{text}</code>
      </pre>
    </div>
  )
}

function Secret({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const [secret, setSecret] = useState<string | null>(null)
  const [saving, run] = useSaving()
  const [confirming, confirm] = useConfirm()
  const path = `/v1/sites/${encodeURIComponent(site.key)}/secret`
  return (
    <div class="secret-box">
      <p>
        Keep it on your server only, as the environment variable <code>{SECRET_VARIABLE}</code>: anyone who has it can sign in as any of your users in the chat.
      </p>
      {secret === null ? (
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              setSecret((await auth.request<{ secret: string }>('GET', path)).secret)
              return 'Here is the secret.'
            })
          }
        >
          Reveal the secret
        </button>
      ) : (
        <p class="secret-line">
          <code class="secret">{secret}</code> <CopyButton text={secret} label="Copy secret" />{' '}
          <button type="button" class="link" onClick={() => setSecret(null)}>
            Hide
          </button>
        </p>
      )}
      <button
        type="button"
        class="danger"
        onClick={async () => {
          const sure = await confirm({
            title: 'Rotate the secret?',
            text: 'Identities signed with the current secret stop verifying at once, until your server signs with the new one.',
            confirmLabel: 'Rotate the secret',
          })
          if (!sure) return
          void run(async () => {
            setSecret((await auth.request<{ secret: string }>('POST', `${path}/rotate`)).secret)
            return 'A new secret is in place: put it on your server now.'
          })
        }}
      >
        Rotate the secret
      </button>
      <SaveStatus saving={saving} />
      {confirming}
    </div>
  )
}

export function SiteInstall({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const server = location.origin
  const tag = scriptTag(server, site.key)
  const socket = server.replace(/^http/, 'ws')
  return (
    <div class="install">
      <section aria-labelledby="install-tag-title">
        <h2 id="install-tag-title">1. Paste this tag into every page</h2>
        <p class="hint">Just before &lt;/body&gt;. A chat bubble appears at the bottom right of pages on {site.allowedOrigins.length ? site.allowedOrigins.join(', ') : 'the addresses you allow in Settings'}.</p>
        <Snippet id="install-tag" title="Script tag" text={tag} />
        {site.allowedOrigins.length === 0 && (
          <p class="problem">No address is allowed yet, so the chat shows nowhere: add your site's address under Settings.</p>
        )}
        <p class="hint">
          With a Content-Security-Policy, allow <code>script-src {server}</code> and <code>connect-src {server} {socket}</code>.
        </p>
      </section>
      <section aria-labelledby="install-identity">
        <h2 id="install-identity">2. Verify your signed-in users (optional)</h2>
        <p class="hint">
          Your server signs the user's id with the site's secret; the page passes it to <code>Tandem.identify()</code>. Agents then see a verified name and email, and the customer's conversations follow them across devices.
        </p>
        <Secret auth={auth} site={site} />
        <Snippet id="snippet-node" title="Your server (Node)" text={nodeIdentityRoute()} />
        <p class="hint">The same hash in Python or PHP:</p>
        <Snippet id="snippet-python" title="Python" text={pythonIdentityLine} />
        <Snippet id="snippet-php" title="PHP" text={phpIdentityLine} />
        <Snippet id="snippet-page" title="Your page" text={pageIdentityCall()} />
      </section>
    </div>
  )
}
