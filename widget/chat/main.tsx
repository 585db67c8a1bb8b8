// The chat app: fetched by the loader when the customer shows interest (or may have unread
// messages), it draws the panel, runs the session and tells the loader what the launcher shows.
import { Component, h, render } from 'preact'
import type { ChatApp, HostBridge } from '../bridge.ts'
import type { LocaleCode } from '../locale.ts'
import { api } from './api.ts'
import { chatCss } from './chat-css.ts'
import { ChatSession } from './session.ts'
import { siteStorage } from './storage.ts'
import { loadTexts, type Texts } from './texts.ts'
import { ChatPanel, type ChatActions } from './view.tsx'

/** Dates and times as the browser's own variant of the language (en-GB keeps its 24-hour clock). */
const formatLocale = (code: LocaleCode) => (navigator.language.toLowerCase().split('-')[0] === code ? navigator.language : code)

/**
 * Focus into the open chat, at the composer or the pre-chat form's first field, unless it is inside
 * already. After the panel is drawn, and after an action that removed the focused control (a quick
 * reply, a rating sent), so the keyboard is never left on the page behind the dialog.
 */
function focusIntoChat(bridge: HostBridge): void {
  requestAnimationFrame(() => {
    if (bridge.isOpen() && !bridge.panel.contains(bridge.root.activeElement)) bridge.panel.querySelector<HTMLElement>('textarea,input')?.focus()
  })
}

type AppProps = { session: ChatSession; bridge: HostBridge; texts: Texts; locale: LocaleCode }

/** Drawn again (batched, like any setState) whenever the session's state changes. */
class App extends Component<AppProps> {
  componentDidMount() {
    this.props.session.subscribe(() => this.setState({}))
  }
  render({ session, bridge, texts, locale }: AppProps) {
    const state = session.state
    const actions: ChatActions = {
      send: (text) => void session.send(text),
      retry: (clientId) => session.retry(clientId),
      handoff: () => session.handoff(),
      typing: () => session.typing(),
      loadOlder: () => void session.loadOlder(),
      preChat: (answers) => void session.preChat(answers).then(() => focusIntoChat(bridge)),
      feedback: (seq, outcome) => {
        session.feedback(seq, outcome)
        focusIntoChat(bridge)
      },
      rate: (score, comment) => void session.rate(score, comment).then(() => focusIntoChat(bridge)),
      newConversation: () => {
        session.newConversation()
        focusIntoChat(bridge)
      },
      showList: (show) => void session.showList(show),
      openConversation: (conversationId) => {
        session.openConversation(conversationId)
        focusIntoChat(bridge)
      },
      close: () => bridge.close(),
    }
    return <ChatPanel state={state} texts={texts} actions={actions} locale={formatLocale(locale)} />
  }
}

/**
 * On a phone the chat fills the screen; the on-screen keyboard shrinks only the visual viewport, so
 * the panel follows that one and the composer stays above the keyboard.
 */
function followVisualViewport(host: HTMLElement): void {
  const viewport = window.visualViewport
  if (!viewport) return
  const fit = () => {
    host.style.setProperty('--tandem-vh', `${viewport.height}px`)
    host.style.setProperty('--tandem-top', `${viewport.offsetTop}px`)
  }
  viewport.addEventListener('resize', fit)
  viewport.addEventListener('scroll', fit)
  fit()
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
  let locale: LocaleCode | null = null
  /** The site's language setting the loader was last asked about: it decides again only when that changes. */
  let askedFor: string | undefined | null = null
  let color = ''
  /** The customer's language's table, fetched at mount (the site's setting may change the choice). */
  let texts: Texts | null = null
  session.onRefused((error) => bridge.emit('error', { code: error.code, message: error.message }))

  function chooseTexts() {
    const siteLocale = session.state.config?.locale
    if (locale !== null && siteLocale === askedFor) return
    askedFor = siteLocale
    const wanted = bridge.useLocale(siteLocale)
    if (wanted === locale) return
    locale = wanted
    loadTexts(wanted).then(
      (table) => {
        // A later choice (the site's setting arriving) may have overtaken this one.
        if (locale !== wanted) return
        texts = table
        bridge.panel.lang = wanted
        draw()
        focusIntoChat(bridge)
      },
      () => {
        // Not fetched (the server unreachable): the next change tries again.
        if (locale === wanted) locale = null
      },
    )
  }

  function update() {
    const { state } = session
    if (state.config && state.config.color !== color) {
      color = state.config.color
      bridge.useColor(color)
    }
    chooseTexts()
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

  function draw() {
    if (rendered && texts && locale) render(<App session={session} bridge={bridge} texts={texts} locale={locale} />, bridge.panel)
  }

  function show(open: boolean) {
    if (open && !rendered) {
      rendered = true
      draw()
    }
    if (open) {
      // Again once the settings say whether the composer or the pre-chat form is there.
      focusIntoChat(bridge)
      void session
        .start()
        .then(() => focusIntoChat(bridge))
        .then(() => session.refreshConfig())
        .catch(() => undefined)
    }
    update()
  }

  chooseTexts()
  session.subscribe(update)
  bridge.onOpenChange(show)
  followVisualViewport(host)
  document.addEventListener('visibilitychange', update)
  onNavigation(() => session.context())
  if (bridge.isOpen()) show(true)
  else if (session.returning) void session.start()
  return {
    identify: (identity) => void session.identify(identity),
    setAttributes: (attributes) => void session.setAttributes(attributes),
    shutdown() {
      session.shutdown()
      document.title = title
    },
  }
}
