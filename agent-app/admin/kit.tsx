// What every admin page is made of: data loaded from the API with its problem, a form's state while it
// saves (a button that cannot be pressed twice, then "Saved" or what went wrong), and a copy button.
import { h, type ComponentChildren, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { errorText } from '../desk.ts'
import { Dialog } from '../dialog.tsx'

export interface Loaded<T> {
  value: T | null
  problem: string | null
  reload: () => void
  /** A new value, or a change of the latest one (two saves finishing together both count). */
  set: (value: T | ((latest: T | null) => T)) => void
}

/** Loads `load()` when `key` changes; a late answer for an older key is dropped. */
export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, set] = useState<T | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [round, setRound] = useState(0)
  useEffect(() => {
    let current = true
    setProblem(null)
    load().then(
      (loaded) => current && set(loaded),
      (error) => current && setProblem(errorText(error)),
    )
    return () => {
      current = false
    }
  }, [key, round])
  return { value, problem, reload: () => setRound((n) => n + 1), set: set as Loaded<T>['set'] }
}

export type Saving = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; text: string } | { state: 'failed'; text: string }

/** Runs one save at a time and says how it went. */
export function useSaving(): [Saving, (run: () => Promise<string | void>) => Promise<boolean>, () => void] {
  const [saving, setSaving] = useState<Saving>({ state: 'idle' })
  const busy = useRef(false)
  async function run(work: () => Promise<string | void>): Promise<boolean> {
    if (busy.current) return false
    busy.current = true
    setSaving({ state: 'saving' })
    try {
      const text = await work()
      setSaving({ state: 'saved', text: text ?? 'Saved.' })
      return true
    } catch (error) {
      setSaving({ state: 'failed', text: errorText(error) })
      return false
    } finally {
      busy.current = false
    }
  }
  return [saving, run, () => setSaving({ state: 'idle' })]
}

/** Where a form says how its save went; always in the page, so screen readers announce the change. */
export function SaveStatus({ saving, busyText = 'Saving…' }: { saving: Saving; busyText?: string }): JSX.Element {
  return (
    <p role="status" class={`save-status ${saving.state}`}>
      {saving.state === 'saving' ? busyText : saving.state === 'saved' || saving.state === 'failed' ? saving.text : ''}
    </p>
  )
}

export function LoadProblem({ problem, onRetry }: { problem: string; onRetry: () => void }): JSX.Element {
  return (
    <div class="load-problem">
      <p class="problem" role="alert">
        {problem}
      </p>
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}

/**
 * After a change that removed the focused control (the Deactivate button turned Reactivate, a deleted
 * row), focus lands on `fallback` rather than the page's body, where keyboard users would be lost.
 */
export function useFocusRescue(fallback: () => HTMLElement | null | undefined, deps: unknown[]): void {
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) fallback()?.focus()
  }, deps)
}

/** Says "Loading…" until the first answer, then nothing (a list's own empty state takes over). */
export function Loading({ loaded }: { loaded: Pick<Loaded<unknown>, 'value' | 'problem'> }): JSX.Element | null {
  return loaded.value === null && loaded.problem === null ? (
    <p class="hint" role="status">
      Loading…
    </p>
  ) : null
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }): JSX.Element {
  return (
    <header class="admin-header">
      {/* Focusable from script: a new page puts focus here, and a dialog gives it back here when its button is gone. */}
      <h1 id="admin-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </header>
  )
}

/** Copies `text`; says so for a moment, or asks to copy by hand where the browser refuses. */
export function CopyButton({ text, label = 'Copy', name }: { text: string; label?: string; name?: string }): JSX.Element {
  const [said, setSaid] = useState<string | null>(null)
  useEffect(() => {
    if (!said) return
    const timer = setTimeout(() => setSaid(null), 2500)
    return () => clearTimeout(timer)
  }, [said])
  return (
    <span class="copy">
      <button
        type="button"
        aria-label={name}
        onClick={() => {
          const refused = () => setSaid('Copying is not allowed here: select the text and copy it.')
          // No clipboard outside a secure context (a plain-http server reached by its name).
          if (typeof navigator.clipboard?.writeText !== 'function') return refused()
          navigator.clipboard.writeText(text).then(() => setSaid('Copied.'), refused)
        }}
      >
        {label}
      </button>
      <span role="status" class="hint">
        {said ?? ''}
      </span>
    </span>
  )
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export interface Confirmation {
  title: string
  text: string
  confirmLabel: string
}

/**
 * Asks before something that cannot be undone (deactivating, rotating, deleting), in a dialog of the
 * app's own: the question and a button that says what it does, Cancel and Escape for no.
 */
export function useConfirm(): [JSX.Element | null, (question: Confirmation) => Promise<boolean>] {
  const [asking, setAsking] = useState<(Confirmation & { answer: (yes: boolean) => void }) | null>(null)
  const ask = (question: Confirmation) => new Promise<boolean>((resolve) => setAsking({ ...question, answer: resolve }))
  const close = (yes: boolean) => {
    asking?.answer(yes)
    setAsking(null)
  }
  const element = asking && (
    <Dialog title={asking.title} onClose={() => close(false)}>
      <p>{asking.text}</p>
      <div class="dialog-actions">
        <button type="button" onClick={() => close(false)}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={() => close(true)}>
          {asking.confirmLabel}
        </button>
      </div>
    </Dialog>
  )
  return [element, ask]
}
