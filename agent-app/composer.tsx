// Where the agent writes: a reply to the customer (only in a conversation they hold) or a private
// note for the team (always). `/shortcut` offers the canned replies (a listbox: arrows move, Enter or
// Tab inserts, Escape closes). The AI's suggested reply lands here marked as the AI's, with its
// sources, for the agent to edit: nothing is sent until the agent sends it.
import { h, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import type { CannedReply } from '../protocol/rest/content.ts'
import type { CitationView } from '../protocol/rest/conversations.ts'
import type { Static } from 'typebox'
import { safeUrl } from '../ui/markdown.tsx'
import { cannedMatches } from './canned.ts'
import { errorText, type Desk, type OpenConversation } from './desk.ts'
import { readDraft, saveDraft } from './drafts.ts'

type Citation = Static<typeof CitationView>

export function Composer({ desk, open, canReply }: { desk: Desk; open: OpenConversation; canReply: boolean }): JSX.Element {
  const me = desk.me
  const [text, setText] = useState(() => readDraft(me.id, open.id))
  const [noteMode, setNoteMode] = useState(!canReply)
  const [canned, setCanned] = useState<CannedReply[]>([])
  const [active, setActive] = useState(0)
  const [fromAi, setFromAi] = useState<Citation[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The text at which Escape closed the canned list: it stays closed until the text changes.
  const [dismissed, setDismissed] = useState<string | null>(null)
  const area = useRef<HTMLTextAreaElement>(null)
  const note = noteMode || !canReply

  useEffect(() => {
    setText(readDraft(me.id, open.id))
    setFromAi(null)
    setProblem(null)
  }, [open.id])

  useEffect(() => setNoteMode(!canReply), [canReply])

  useEffect(() => {
    if (text.startsWith('/')) desk.cannedReplies().then(setCanned, () => setCanned([]))
  }, [text.startsWith('/')])

  const matches = cannedMatches(text, canned)
  const offering = matches !== null && matches.length > 0 && dismissed !== text

  function change(value: string) {
    setText(value)
    saveDraft(me.id, open.id, value)
    setActive(0)
    if (!value) setFromAi(null)
    if (value && !note) desk.typing()
  }

  function insert(reply: CannedReply) {
    change(reply.text)
    area.current?.focus()
  }

  function submit() {
    const message = text.trim()
    if (!message) return
    desk.send(open.id, message, note)
    change('')
    area.current?.focus()
  }

  async function suggest() {
    setProblem(null)
    setBusy(true)
    try {
      const suggestion = await desk.suggestReply(open.id)
      if (suggestion.text === null) setProblem('The AI has nothing to suggest here.')
      else {
        change(text.trim() ? `${text.trim()}\n\n${suggestion.text}` : suggestion.text)
        setNoteMode(false)
        setFromAi(suggestion.citations)
        area.current?.focus()
      }
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      class={`composer${note ? ' note-mode' : ''}`}
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <div class="composer-bar">
        <div class="modes" role="group" aria-label="Write">
          <button type="button" aria-pressed={!note} disabled={!canReply} onClick={() => setNoteMode(false)}>
            Reply
          </button>
          <button type="button" aria-pressed={note} onClick={() => setNoteMode(true)}>
            Private note
          </button>
        </div>
        {canReply && (
          <button type="button" class="link" disabled={busy} onClick={() => void suggest()}>
            {busy ? 'Asking the AI…' : 'Suggest a reply'}
          </button>
        )}
      </div>
      {fromAi && (
        <p class="from-ai-mark">
          Suggested by the AI: check it, then send.
          {fromAi.length > 0 && ' Sources: '}
          {fromAi.map((citation, i) => {
            const href = citation.url === null ? null : safeUrl(citation.url)
            return (
              <span key={i}>
                {i > 0 && ', '}
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                    {citation.title}
                  </a>
                ) : (
                  citation.title
                )}
              </span>
            )
          })}
        </p>
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {offering ? `${matches.length} canned ${matches.length === 1 ? 'reply' : 'replies'}: arrows to choose, Enter to insert.` : ''}
      </p>
      {offering && (
        <ul class="canned" id="canned-list" role="listbox" aria-label="Canned replies">
          {matches.map((reply, i) => (
            <li
              key={reply.id}
              id={`canned-${reply.id}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : ''}
              onMouseDown={(event) => {
                event.preventDefault()
                insert(reply)
              }}
            >
              <strong>/{reply.shortcut}</strong> <span>{reply.text}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="composer-row">
        <label class="visually-hidden" for="reply">
          {note ? 'Private note for your team' : 'Reply to the customer'}
        </label>
        <textarea
          id="reply"
          ref={area}
          rows={3}
          maxLength={4000}
          // A textarea may not be a combobox: it stays a textbox that owns the list and its active option.
          aria-autocomplete="list"
          aria-controls={offering ? 'canned-list' : undefined}
          aria-activedescendant={offering && matches[active] ? `canned-${matches[active].id}` : undefined}
          placeholder={note ? 'A private note: only your team sees it' : 'Write a reply… (Enter sends, Shift+Enter adds a line, / for canned replies)'}
          value={text}
          onInput={(event) => change(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (offering && matches) {
              if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault()
                setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length)
                return
              }
              if (event.key === 'Enter' || event.key === 'Tab') {
                event.preventDefault()
                insert(matches[active] ?? matches[0]!)
                return
              }
              if (event.key === 'Escape') {
                event.preventDefault()
                setDismissed(text)
                return
              }
            }
            if (event.key === 'Escape') {
              // Out of the composer, so the single-key shortcuts work again.
              event.currentTarget.blur()
              return
            }
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault()
              submit()
            }
          }}
        />
        <button class="primary" type="submit" disabled={!text.trim()}>
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  )
}
