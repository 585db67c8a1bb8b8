// The chat app: fetched by the loader when the customer shows interest (or may have unread
// messages), it draws the panel, runs the session and tells the loader what the launcher shows.
import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ChatApp, HostBridge } from '../bridge.ts'
import { api } from './api.ts'
import { chatCss } from './chat-css.ts'
import { ChatSession } from './session.ts'
import { siteStorage } from './storage.ts'
import { en } from './texts.ts'
import { ChatPanel, type ChatActions } from './view.tsx'

function App({ session, bridge }: { session: ChatSession; bridge: HostBridge }) {
  const [state, setState] = useState(session.state)
  useEffect(() => session.subscribe(() => setState(session.state)), [session])
  const actions: ChatActions = {
    send: (text) => void session.send(text),
    retry: (clientId) => session.retry(clientId),
    handoff: () => session.handoff(),
    typing: () => session.typing(),
    loadOlder: () => void session.loadOlder(),
    close: () => bridge.close(),
  }
  return <ChatPanel state={state} texts={en} actions={actions} locale={state.config?.locale ?? navigator.language} />
}

/** White or near-black, whichever reads better on the site's colour (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
  // Contrast with white is 1.05 / (L + 0.05), with #1f2328 (L ≈ 0.016) it is (L + 0.05) / 0.066.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.066 ? '#fff' : '#1f2328'
}

/** Single-page apps move without a page load: the agents still see where the customer is. */
function onNavigation(listener: () => void): void {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      setTimeout(listener)
      return result
    }
  }
  addEventListener('popstate', listener)
}

export function mount(bridge: HostBridge): ChatApp {
  const storage = siteStorage(bridge.siteKey)
  const session = new ChatSession(api(bridge.serverUrl, bridge.siteKey), storage, bridge.serverUrl, bridge.siteKey)
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(chatCss)
  bridge.root.adoptedStyleSheets = [...bridge.root.adoptedStyleSheets, sheet]
  const host = bridge.root.host as HTMLElement
  const title = document.title
  let rendered = false
  let unread = -1
  let lastAnnounced = Number.POSITIVE_INFINITY

  function update() {
    const { state } = session
    if (state.config) {
      host.style.setProperty('--tandem-color', state.config.color)
      host.style.setProperty('--tandem-on-color', readableOn(state.config.color))
    }
    const open = bridge.isOpen()
    if (open && document.visibilityState === 'visible') session.markRead()
    const count = open ? 0 : session.unread
    if (count !== unread) {
      unread = count
      bridge.setUnread(count)
      document.title = count > 0 ? `(${count}) ${title}` : title
      bridge.emit('unread', { count })
    }
    const last = state.messages.at(-1)
    if (last && lastAnnounced === Number.POSITIVE_INFINITY) lastAnnounced = last.seq
    for (const message of state.messages) {
      if (message.seq <= lastAnnounced || message.kind === 'customer' || message.status === 'streaming') continue
      lastAnnounced = message.seq
      bridge.emit('message', { conversationId: message.conversationId, seq: message.seq, kind: message.kind, text: message.text })
    }
  }

  function show(open: boolean) {
    if (open && !rendered) {
      rendered = true
      render(<App session={session} bridge={bridge} />, bridge.panel)
    }
    if (open) {
      void session.start()
      // Into the dialog, at the composer (after the panel is drawn).
      requestAnimationFrame(() => bridge.panel.querySelector('textarea')?.focus())
    }
    update()
  }

  session.subscribe(update)
  bridge.onOpenChange(show)
  document.addEventListener('visibilitychange', update)
  onNavigation(() => session.context())
  if (bridge.isOpen()) show(true)
  else if (session.returning) void session.start()
  return {
    shutdown() {
      session.shutdown()
      document.title = title
    },
  }
}
