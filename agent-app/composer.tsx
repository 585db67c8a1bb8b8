// Where the agent writes: a reply to the customer (only in a conversation they hold) or a private
// note for the team (always). `/shortcut` offers the canned replies (a listbox: arrows move, Enter or
// Tab inserts, Escape closes). The AI's suggested reply lands here marked as the AI's, with its
// sources, for the agent to edit: nothing is sent until the agent sends it.
import { h, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { MESSAGE_MAX_CHARS } from '../protocol/limits.ts'
import type { CannedReply } from '../protocol/rest/content.ts'
import type { CitationView } from '../protocol/rest/conversations.ts'
import type { Static } from 'typebox'
import { cannedMatches } from './canned.ts'
import { errorText, type Desk, type OpenConversation } from './desk.ts'
import { EMPTY_DRAFT, readDraft, saveDraft, type Draft } from './drafts.ts'
import { Sources } from './sources.tsx'

type Citation = Static<typeof CitationView>

export function Composer({ desk, open, canReply }: { desk: Desk; open: OpenConversation; canReply: boolean }): JSX.Element {
  const me = desk.me
  // Drawn once per conversation (the pane keys it by id): the draft as it was left, note or reply.
  const [draft, setDraft] = useState<Draft>(() => readDraft(me.id, open.id) ?? { ...EMPTY_DRAFT, note: !canReply })
  const [citations, setCitations] = useState<Citation[]>([])
  const [canned, setCanned] = useState<CannedReply[]>([])
  const [active, setActive] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The text at which Escape closed the canned list: it stays closed until the text changes.
  const [dismissed, setDismissed] = useState<string | null>(null)
  const area = useRef<HTMLTextAreaElement>(null)
  const { text } = draft
  const note = draft.note || !canReply
  // The AI's mark stays while the text still holds its suggestion, unedited.
  const fromAi = draft.suggestion !== null && text.includes(draft.suggestion)

  // No longer allowed to reply (taken by a colleague): what is typed becomes a note. Allowed again (the
  // agent took it): an empty box becomes a reply, but text typed as a note stays a note.
  useEffect(() => {
    if (!canReply && !draft.note) update({ ...draft, note: true })
    if (canReply && draft.note && !draft.text) update({ ...draft, note: false })
  }, [canReply])

  useEffect(() => {
    if (text.startsWith('/')) desk.cannedReplies().then(setCanned, () => setCanned([]))
  }, [text.startsWith('/')])

  const matches = cannedMatches(text, canned)
  const offering = matches !== null && matches.length > 0 && dismissed !== text

  function update(next: Draft) {
    setDraft(next)
    saveDraft(me.id, open.id, next)
  }

  function change(value: string) {
    update({ ...draft, text: value, suggestion: value ? draft.suggestion : null })
    setActive(0)
    if (value && !note) desk.typing()
  }

  function choose(asNote: boolean) {
    update({ ...draft, note: asNote })
  }

  function insert(reply: CannedReply) {
    change(reply.text)
    area.current?.focus()
  }

  function submit() {
    const message = text.trim()
    if (!message) return
    desk.send(open.id, message, note)
    update({ ...EMPTY_DRAFT, note: draft.note })
    area.current?.focus()
  }

  async function suggest() {
    setProblem(null)
    if (note && text.trim()) return setProblem('Send or clear the private note first: a suggestion is a reply to the customer.')
    setBusy(true)
    try {
      const suggestion = await desk.suggestReply(open.id)
      // The agent went to another conversation meanwhile: this one is not theirs to fill.
      if (desk.state.open?.id !== open.id) return
      if (suggestion.text === null) return setProblem('The AI has nothing to suggest here.')
      // What the agent typed while the AI thought stays, before the suggestion.
      const typed = (area.current?.value ?? text).trim()
      update({ text: typed ? `${typed}\n\n${suggestion.text}` : suggestion.text, note: false, suggestion: suggestion.text })
      setCitations(suggestion.citations)
      area.current?.focus()
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
          <button type="button" aria-pressed={!note} disabled={!canReply} onClick={() => choose(false)}>
            Reply
          </button>
          <button type="button" aria-pressed={note} onClick={() => choose(true)}>
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
        <p class="from-ai-mark" id="ai-mark">
          Suggested by the AI: check it, then send.
          {citations.length > 0 && ' Sources: '}
          <Sources citations={citations} />
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
          maxLength={MESSAGE_MAX_CHARS}
          // A textarea may not be a combobox: it stays a textbox that owns the list and its active option.
          aria-autocomplete="list"
          aria-describedby={fromAi ? 'ai-mark' : undefined}
          aria-controls={offering ? 'canned-list' : undefined}
          aria-activedescendant={offering && matches[active] ? `canned-${matches[active].id}` : undefined}
          placeholder={note ? 'A private note: only your team sees it' : 'Write a reply… (Enter sends, Shift+Enter adds a line, / for canned replies)'}
          value={text}
          onInput={(event) => change(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.isComposing) return
            if (offering && matches && !event.shiftKey) {
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
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault()
              // A shortcut still being typed (the list loading, or a typo) is never sent as text.
              if (/^\/\S*$/.test(text)) return
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
