// Keyboard-first: single keys while no text field has focus (Escape leaves the composer), and the
// overlay that lists them (`?`).
import { h, type JSX } from 'preact'
import { Dialog } from './dialog.tsx'

export type ShortcutAction = 'next' | 'previous' | 'take' | 'resolve' | 'compose' | 'canned' | 'help'

export const SHORTCUTS: { keys: string; action: ShortcutAction; does: string }[] = [
  { keys: 'j', action: 'next', does: 'Open the next conversation in the list' },
  { keys: 'k', action: 'previous', does: 'Open the previous conversation' },
  { keys: 't', action: 'take', does: 'Take the open conversation' },
  { keys: 'e', action: 'resolve', does: 'Resolve the open conversation' },
  { keys: 'r', action: 'compose', does: 'Write in the composer' },
  { keys: '/', action: 'canned', does: 'Insert a canned reply' },
  { keys: '?', action: 'help', does: 'Show these shortcuts' },
]

/** The action a key press asks for, or null (typing in a field, a modifier held, an open dialog). */
export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return null
  const target = event.target as HTMLElement | null
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return null
  if (document.querySelector('dialog[open]')) return null
  return SHORTCUTS.find((shortcut) => shortcut.keys === event.key)?.action ?? null
}

export function ShortcutHelp({ onClose }: { onClose: () => void }): JSX.Element {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table class="shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>Leave the composer (then the keys above work); close a dialog</td>
          </tr>
        </tbody>
      </table>
      <div class="dialog-actions">
        <button type="button" class="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  )
}
