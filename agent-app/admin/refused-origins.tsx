// Beside a site's allowed addresses: the origins its pages were refused from lately, so an owner sees
// why the bubble does not show. Anyone can send any Origin, so allowing one asks first.
import { Fragment, h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { RefusedOriginView } from '../../protocol/rest/sites.ts'
import type { Auth } from '../auth.ts'
import { formatDateTime, useConfirm, useLoaded } from './kit.tsx'

export function RefusedOrigins({ auth, siteKey, allowed, onAllow }: { auth: Auth; siteKey: string; allowed: readonly string[]; onAllow: (origin: string) => void }): JSX.Element {
  const refused = useLoaded(() => auth.request<{ items: RefusedOriginView[] }>('GET', `/v1/sites/${encodeURIComponent(siteKey)}/refused-origins`).then((r) => r.items), siteKey)
  const [checked, setChecked] = useState<string | null>(null)
  const [confirming, confirm] = useConfirm()
  return (
    <section class="refused" aria-labelledby="refused-title">
      <h2 id="refused-title" class="subhead">
        Refused lately
      </h2>
      {refused.problem && <p class="problem">{refused.problem}</p>}
      {refused.value && refused.value.length === 0 && <p class="hint">No page has been refused. If the bubble does not show on a page, open the chat there once and check again.</p>}
      {refused.value && refused.value.length > 0 && (
        <>
          <p class="hint">Pages from these addresses tried to show the chat and were refused. Allow the ones that are yours.</p>
          <ul class="refused-list">
            {refused.value.map((r) => (
              <li key={r.origin}>
                <code class="origin">{r.origin}</code>
                <span class="hint">
                  {r.count === 1 ? 'once' : `in ${r.count} different minutes`}, last {formatDateTime(r.lastSeenAt)}
                </span>
                {allowed.includes(r.origin) ? (
                  <span class="tag good">Allowed now</span>
                ) : r.origin === 'null' ? (
                  <span class="hint">(a sandboxed frame or a local file: it cannot be allowed)</span>
                ) : (
                  (
                    <button
                      type="button"
                      aria-label={`Allow ${r.origin}`}
                      onClick={async () => {
                        const sure = await confirm({
                          title: `Allow ${r.origin}?`,
                          text: 'Any page can claim an address, so allow it only if it is one of your sites. Pages there can then show the chat and start conversations.',
                          confirmLabel: 'Allow',
                        })
                        if (sure) onAllow(r.origin)
                      }}
                    >
                      Allow
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <button
        type="button"
        class="link"
        onClick={() => {
          refused.reload()
          setChecked(new Date().toLocaleTimeString(undefined, { timeStyle: 'short' }))
        }}
      >
        Check again
      </button>
      <span class="hint" role="status">
        {checked ? `Checked at ${checked}.` : ''}
      </span>
      {confirming}
    </section>
  )
}
