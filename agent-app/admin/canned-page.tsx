// Canned replies: the workspace's shared answers, typed after "/" in the reply box. A shortcut is one
// lower-case word (the server keeps it unique); the text is what gets inserted, editable before sending.
import { h, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { CANNED_SHORTCUT_MAX_CHARS, CANNED_TEXT_MAX_CHARS } from '../../protocol/limits.ts'
import type { CannedReply } from '../../protocol/rest/content.ts'
import type { Auth } from '../auth.ts'
import { Loading, LoadProblem, PageHeader, SaveStatus, useConfirm, useFocusRescue, useLoaded, useSaving } from './kit.tsx'

const SHORTCUT_PATTERN = '[a-z0-9][a-z0-9_\\-]*'
const SHORTCUT_HELP = 'Lower-case letters, digits, - and _, starting with a letter or digit.'

function CannedForm({ auth, reply, onSaved, onDone }: { auth: Auth; reply: CannedReply | null; onSaved: (reply: CannedReply) => void; onDone?: () => void }): JSX.Element {
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '')
  const [body, setBody] = useState(reply?.text ?? '')
  const [saving, save] = useSaving()
  const id = reply ? `canned-${reply.id}` : 'canned-new'
  const text = useRef<HTMLTextAreaElement>(null)
  // Editing one starts in its text, where the change usually is.
  useEffect(() => {
    if (reply) text.current?.focus()
  }, [])
  return (
    <form
      class="admin-form canned-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault()
        void save(async () => {
          const payload = { shortcut: shortcut.trim(), text: body }
          const saved = reply ? await auth.request<CannedReply>('PATCH', `/v1/canned-replies/${encodeURIComponent(reply.id)}`, payload) : await auth.request<CannedReply>('POST', '/v1/canned-replies', payload)
          onSaved(saved)
          if (!reply) {
            setShortcut('')
            setBody('')
          }
          onDone?.()
          return reply ? 'Saved.' : `/${saved.shortcut} was added.`
        })
      }}
    >
      <h2 id={`${id}-title`} class={reply ? 'visually-hidden' : ''}>
        {reply ? `Edit /${reply.shortcut}` : 'Add a canned reply'}
      </h2>
      <div class="form-row">
        <label class="field narrow-wide">
          <span>Shortcut</span>
          <span class="shortcut-input">
            <span aria-hidden="true">/</span>
            <input required pattern={SHORTCUT_PATTERN} title={SHORTCUT_HELP} maxLength={CANNED_SHORTCUT_MAX_CHARS} value={shortcut} placeholder="refund" onInput={(e) => setShortcut(e.currentTarget.value.toLowerCase())} />
          </span>
        </label>
        <label class="field wide">
          <span>Text</span>
          <textarea ref={text} required rows={3} maxLength={CANNED_TEXT_MAX_CHARS} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </label>
      </div>
      <div class="save-bar">
        <button type="submit" class="primary" disabled={saving.state === 'saving'}>
          {reply ? 'Save' : 'Add reply'}
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <SaveStatus saving={saving} />
      </div>
    </form>
  )
}

export function CannedPage({ auth, onChanged }: { auth: Auth; onChanged: () => void }): JSX.Element {
  const replies = useLoaded(() => auth.request<{ items: CannedReply[] }>('GET', '/v1/canned-replies').then((r) => r.items), 'canned')
  const [editing, setEditing] = useState<string | null>(null)
  const [removing, remove] = useSaving()
  const [confirming, confirm] = useConfirm()
  const list = useRef<HTMLUListElement>(null)
  const lastEdited = useRef<string | null>(null)
  // Back on the reply's Edit button when its form closes; on the page's heading when it was deleted.
  useFocusRescue(() => (editing === null ? (list.current?.querySelector<HTMLElement>(`[data-edit="${lastEdited.current}"]`) ?? document.getElementById('admin-title')) : null), [editing, replies.value?.length])
  const sorted = [...(replies.value ?? [])].sort((a, b) => a.shortcut.localeCompare(b.shortcut))
  const put = (saved: CannedReply) => {
    onChanged()
    replies.set((latest) => ((latest ?? []).some((r) => r.id === saved.id) ? (latest ?? []).map((r) => (r.id === saved.id ? saved : r)) : [...(latest ?? []), saved]))
  }
  return (
    <section class="admin-page" aria-labelledby="admin-title">
      <PageHeader title="Canned replies">
        <p class="hint">Shared by everyone in the workspace: type / and the shortcut in a reply to insert the text. Other agents' open tabs see changes after a reload.</p>
        <SaveStatus saving={removing} />
      </PageHeader>
      <CannedForm auth={auth} reply={null} onSaved={put} />
      <Loading loaded={replies} />
      {replies.problem && <LoadProblem problem={replies.problem} onRetry={replies.reload} />}
      {replies.value && sorted.length === 0 && <p class="empty">No canned reply yet.</p>}
      {confirming}
      <ul class="canned-list" ref={list}>
        {sorted.map((reply) =>
          editing === reply.id ? (
            <li key={reply.id}>
              <CannedForm auth={auth} reply={reply} onSaved={put} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={reply.id} class="canned-item">
              <code class="shortcut">/{reply.shortcut}</code>
              <p class="canned-text">{reply.text}</p>
              <span class="button-row">
                <button
                  type="button"
                  data-edit={reply.id}
                  aria-label={`Edit /${reply.shortcut}`}
                  onClick={() => {
                    lastEdited.current = reply.id
                    setEditing(reply.id)
                  }}
                >
                  Edit
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete /${reply.shortcut}`}
                  onClick={async () => {
                    if (!(await confirm({ title: `Delete /${reply.shortcut}?`, text: 'Nobody can insert it any more; replies already sent keep their text.', confirmLabel: 'Delete' }))) return
                    void remove(async () => {
                      await auth.request('DELETE', `/v1/canned-replies/${encodeURIComponent(reply.id)}`)
                      replies.set((latest) => (latest ?? []).filter((r) => r.id !== reply.id))
                      onChanged()
                      return `/${reply.shortcut} was deleted.`
                    })
                  }}
                >
                  Delete
                </button>
              </span>
            </li>
          ),
        )}
      </ul>
    </section>
  )
}
