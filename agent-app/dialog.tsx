// A modal dialog on the platform's <dialog>: focus moves in and is kept there, Escape closes it,
// and focus goes back where it was when it closes.
import { h, type ComponentChildren, type JSX } from 'preact'
import { useId, useLayoutEffect, useRef } from 'preact/hooks'

export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }): JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  // Before paint, so it never shows for a frame as a plain box in the page.
  useLayoutEffect(() => {
    const before = document.activeElement as HTMLElement | null
    dialog.current?.showModal()
    // Back where focus was; if that is gone (the button that opened it), to the main content.
    return () => (before?.isConnected ? before : document.querySelector<HTMLElement>('#conversation-title, #admin-title'))?.focus()
  }, [])
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  )
}
