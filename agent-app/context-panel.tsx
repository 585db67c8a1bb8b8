// Who the customer is, beside the conversation: whether their identity is verified (names they gave
// themselves are marked), what the site told about them, the page they are on now (live, from the
// widget), their browser and language, their conversations with ratings, and blocking them.
import { Fragment, h, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ConversationRow } from '../protocol/rest/conversations.ts'
import type { VisitorView } from '../protocol/rest/visitors.ts'
import { safeUrl } from '../ui/markdown.tsx'
import { errorText, type Desk } from './desk.ts'
import { Dialog } from './dialog.tsx'
import { browserOf } from './browser-name.ts'
import { ago } from './format.ts'

/** Host and path, as an address bar shows them. */
function shortAddress(href: string): string {
  const url = new URL(href)
  return url.host + (url.pathname === '/' ? '' : url.pathname)
}

function seenText(at: string): string {
  const when = ago(at)
  if (when === 'now') return 'just now'
  return /\d (min|h)$/.test(when) ? `${when} ago` : `on ${when}`
}

function Facts({ facts }: { facts: [string, JSX.Element | string | null][] }) {
  return (
    <dl class="facts">
      {facts
        .filter(([, value]) => value !== null && value !== '')
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
    </dl>
  )
}

export function ContextPanel({ desk, visitor, onOpen, onClose }: { desk: Desk; visitor: VisitorView; onOpen: (id: string) => void; onClose: () => void }): JSX.Element {
  const [history, setHistory] = useState<ConversationRow[] | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const open = desk.state.open

  useEffect(() => {
    setHistory(null)
    desk.customerConversations(visitor.id).then(setHistory, () => setHistory([]))
  }, [visitor.id, open?.conversation?.status])

  const verified = visitor.externalId !== null
  const page = visitor.pageContext
  const pageUrl = page ? safeUrl(page.url) : null
  // What the site said (verified) apart from what the customer set themselves (Tandem.setAttributes, the
  // pre-chat form): anyone can set the latter from their browser.
  const attributes = Object.entries(visitor.attributes)
  const claimed = Object.entries(visitor.claims.attributes).filter(([name]) => !(name in visitor.attributes))

  async function block(blocked: boolean) {
    setProblem(null)
    try {
      await desk.block(visitor.id, blocked)
      setConfirming(false)
    } catch (error) {
      setProblem(errorText(error))
    }
  }

  return (
    <aside class="context" aria-labelledby="context-title">
      <div class="context-head">
        <h2 id="context-title" tabIndex={-1}>
          Customer
        </h2>
        {/* Only where the panel is a drawer over the conversation (narrow windows). */}
        <button type="button" class="link drawer-close" onClick={onClose}>
          Close
        </button>
      </div>
      <p class={verified ? 'identity verified' : 'identity'}>{verified ? 'Verified by the site' : 'Not verified: what they said about themselves'}</p>
      <Facts
        facts={[
          ['Name', visitor.name ?? (visitor.claims.name ? `${visitor.claims.name} (unverified)` : null)],
          ['Email', visitor.email ?? (visitor.claims.email ? `${visitor.claims.email} (unverified)` : null)],
          ['User id', visitor.externalId],
          ...attributes.map(([name, value]): [string, string] => [name, String(value)]),
          ...claimed.map(([name, value]): [string, string] => [name, `${String(value)} (unverified)`]),
        ]}
      />
      <h3>Now on</h3>
      {page ? (
        <Facts
          facts={[
            // The address itself is the link's text: the title is the page's own word, and could say anything.
            ['Page', pageUrl ? <a href={pageUrl} target="_blank" rel="noopener noreferrer nofollow" class="page-url">{shortAddress(pageUrl)}</a> : page.url],
            ['Title', page.title],
            ['Seen', seenText(page.at)],
            ['Browser', page.userAgent ? browserOf(page.userAgent) : null],
            ['Language', page.locale],
          ]}
        />
      ) : (
        <p class="hint">The widget has not said which page yet.</p>
      )}
      <h3>Conversations</h3>
      {history === null ? (
        <p class="hint">Loading…</p>
      ) : (
        <ul class="past">
          {history.map((row) => (
            <li key={row.id}>
              {row.id === open?.id ? (
                <span>This conversation</span>
              ) : (
                <a
                  href={`/agent/conversations/${row.id}`}
                  onClick={(event) => {
                    event.preventDefault()
                    onOpen(row.id)
                  }}
                >
                  {row.lastPublic?.text || 'No messages'}
                </a>
              )}
              <span class="hint">
                {' '}
                · {row.status === 'resolved' ? 'resolved' : 'open'}
                {row.rating && ` · rated ${row.rating.score} of 5`}
                {row.rating?.comment && `: “${row.rating.comment}”`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {problem && !confirming && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {visitor.blocked ? (
        <p>
          <strong>Blocked.</strong>{' '}
          <button type="button" class="link" onClick={() => void block(false)}>
            Unblock
          </button>
        </p>
      ) : (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Block this customer
        </button>
      )}
      {confirming && (
        <Dialog title="Block this customer?" onClose={() => setConfirming(false)}>
          <p>Their chat closes now, and they cannot write again from this browser. You can unblock them later.</p>
          {problem && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" class="danger" onClick={() => void block(true)}>
              Block
            </button>
          </div>
        </Dialog>
      )}
    </aside>
  )
}
