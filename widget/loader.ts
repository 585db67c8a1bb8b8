// The script tag's target, /widget.js: the only code a site owner's page runs before the customer
// shows interest. It draws the launcher in a shadow root, holds `window.Tandem` (queuing calls made
// before the chat app arrives) and fetches the chat app when the customer opens the chat, points at
// the launcher, or the browser is idle. A first-time visitor costs the server nothing until they
// write; a returning one reconnects, so answers that came meanwhile show as unread.
import chatFile from 'tandem:chat-file'
import type { TandemApi, TandemAttributes, TandemIdentity, TandemSettings } from './api.d.ts'
import type { ChatApp, HostBridge, MountChat } from './bridge.ts'
import { readableOn } from './contrast.ts'
import { launcherCss } from './launcher-css.ts'
import { launcherTexts } from './launcher-texts.ts'
import { pickLocale, type LocaleCode } from './locale.ts'
import { VISITOR_KEYS } from './visitor-keys.ts'

type Listener = (payload: never) => void
type Call = [name: string, args: unknown[]]

const LAUNCHER_LABEL_MAX_CHARS = 40

/** Per-site keys, shared with the chat app (storage.ts) and the site's other tabs. */
const storageKey = (siteKey: string, name: string) => `tandem:${siteKey}:${name}`

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function removeStorage(key: string): void {
  try {
    localStorage.removeItem(key)
  } catch {
    // Storage blocked: nothing was kept.
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage blocked: the state lives as long as the page.
  }
}

/** The page's options: data- attributes over `window.TandemSettings`; anything invalid is left out. */
function readSettings(script: HTMLScriptElement): TandemSettings {
  const given: Record<string, unknown> = { ...window.TandemSettings }
  const data = script.dataset
  for (const name of ['color', 'position', 'launcherLabel', 'locale'] as const) if (data[name]) given[name] = data[name]
  if (data.zIndex) given.zIndex = Number(data.zIndex)
  if (data.hideLauncher !== undefined) given.hideLauncher = data.hideLauncher !== 'false'
  const settings: TandemSettings = {}
  if (typeof given.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(given.color)) settings.color = given.color
  if (given.position === 'left' || given.position === 'right') settings.position = given.position
  if (typeof given.launcherLabel === 'string' && given.launcherLabel.trim()) settings.launcherLabel = given.launcherLabel.trim().slice(0, LAUNCHER_LABEL_MAX_CHARS)
  if (typeof given.locale === 'string') settings.locale = given.locale
  if (Number.isInteger(given.zIndex)) settings.zIndex = given.zIndex as number
  if (given.hideLauncher === true) settings.hideLauncher = true
  return settings
}

function start(script: HTMLScriptElement): void {
  const siteKey = script.dataset.site ?? ''
  const settings = readSettings(script)
  let locale: LocaleCode = pickLocale([settings.locale, ...navigator.languages])
  let unread = 0
  const serverUrl = new URL('./', script.src).href
  const manual = script.hasAttribute('data-manual')
  const earlyCalls = Array.isArray(window.Tandem) ? window.Tandem : []
  const listeners = new Map<string, Set<Listener>>()
  const openListeners: ((open: boolean) => void)[] = []
  const openKey = storageKey(siteKey, 'open')
  let open = false
  let booted = false
  let host: HTMLElement | null = null
  let launcher: HTMLButtonElement | null = null
  let badge: HTMLSpanElement | null = null
  let chat: ChatApp | null = null
  let loading: Promise<ChatApp | null> | null = null
  let pendingCalls: Call[] = []

  const emit: HostBridge['emit'] = (name, payload) => {
    for (const fn of listeners.get(name) ?? []) {
      try {
        ;(fn as (p: typeof payload) => void)(payload)
      } catch (error) {
        // A site's listener failing must not stop the widget.
        setTimeout(() => {
          throw error
        })
      }
    }
  }

  function setOpen(next: boolean, share = true): void {
    if (!booted || next === open) return
    open = next
    if (share) writeStorage(openKey, next ? '1' : '0')
    host?.classList.toggle('open', open)
    launcher?.setAttribute('aria-expanded', String(open))
    relabel()
    if (open) void load()
    openListeners.forEach((fn) => fn(open))
    emit(open ? 'open' : 'close', {})
    // Focus follows the customer's own close, not another tab's.
    if (!open && share) launcher?.focus()
  }

  function paint(color: string): void {
    const onColor = readableOn(color)
    host!.style.setProperty('--tandem-color', color)
    host!.style.setProperty('--tandem-on-color', onColor)
    // A focus ring in a light colour would vanish on white: dark text on it means a light colour.
    host!.style.setProperty('--tandem-focus', onColor === '#fff' ? color : '#1f2328')
  }

  function relabel(): void {
    const texts = launcherTexts[locale]
    launcher?.setAttribute('aria-label', open ? texts.close : unread > 0 ? texts.unread(unread) : settings.launcherLabel ?? texts.open)
  }

  function load(): Promise<ChatApp | null> {
    if (!loading) {
      loading = import(/* webpackIgnore: true */ serverUrl + 'widget/' + chatFile).then(
        (module: { mount: MountChat }) => {
          const root = host!.shadowRoot!
          chat = module.mount({
            siteKey,
            serverUrl,
            settings,
            root,
            panel: root.querySelector('.panel') as HTMLElement,
            isOpen: () => open,
            close: () => setOpen(false),
            onOpenChange: (fn) => openListeners.push(fn),
            setUnread(count) {
              unread = count
              badge!.textContent = count > 0 ? String(Math.min(count, 99)) : ''
              badge!.hidden = count === 0
              relabel()
            },
            useLocale(siteLocale) {
              locale = pickLocale([settings.locale, ...navigator.languages, siteLocale])
              relabel()
              return locale
            },
            useColor(siteColor) {
              if (!settings.color) paint(siteColor)
            },
            emit,
          })
          for (const [name, args] of pendingCalls) callChat(chat, name, args)
          pendingCalls = []
          return chat
        },
        () => {
          // Unreachable server: a later open tries again.
          loading = null
          return null
        },
      )
    }
    return loading
  }

  function boot(): void {
    if (booted || !document.body) return
    booted = true
    host = document.createElement('tandem-chat')
    if (settings.position === 'left') host.classList.add('left')
    if (settings.hideLauncher) host.classList.add('no-launcher')
    if (settings.zIndex !== undefined) host.style.setProperty('--tandem-z', String(settings.zIndex))
    if (settings.color) paint(settings.color)
    const root = host.attachShadow({ mode: 'open' })
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(launcherCss)
    root.adoptedStyleSheets = [sheet]
    const panel = document.createElement('div')
    panel.className = 'panel'
    launcher = document.createElement('button')
    launcher.className = 'launcher'
    launcher.type = 'button'
    launcher.setAttribute('aria-expanded', 'false')
    launcher.setAttribute('aria-haspopup', 'dialog')
    launcher.append(icon('M4 5h16v11H8l-4 4z', 'icon-chat'), icon('M6 6l12 12M18 6L6 18', 'icon-close'))
    if (settings.launcherLabel) {
      const label = document.createElement('span')
      label.className = 'label'
      label.textContent = settings.launcherLabel
      launcher.classList.add('labelled')
      launcher.append(label)
    }
    relabel()
    badge = document.createElement('span')
    badge.className = 'badge'
    badge.hidden = true
    badge.setAttribute('aria-hidden', 'true')
    launcher.append(badge)
    launcher.addEventListener('click', () => setOpen(!open))
    // Interest: the chat app is on its way before the click lands.
    launcher.addEventListener('pointerenter', () => void load(), { once: true })
    launcher.addEventListener('focus', () => void load(), { once: true })
    root.append(panel, launcher)
    document.body.append(host)
    // Other tabs of this site open and close the chat together.
    addEventListener('storage', (event) => {
      if (event.key === openKey && event.newValue !== null) setOpen(event.newValue === '1', false)
    })
    // Open in another tab: open here too. Otherwise the chat app comes when the browser is idle (a
    // static file: no visitor, no socket); a returning customer's then reconnects for unread answers.
    if (readStorage(openKey) === '1') setOpen(true, false)
    else idle(() => void load())
  }

  function run(name: string, args: unknown[]): void {
    if (name === 'on' || name === 'off') {
      const [event, fn] = args as [string, Listener]
      if (typeof fn !== 'function') return
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      if (name === 'on') set.add(fn)
      else set.delete(fn)
    } else if (name === 'boot') boot()
    else if (name === 'open') setOpen(true)
    else if (name === 'close') setOpen(false)
    else if (name === 'toggle') setOpen(!open)
    else if (name === 'shutdown') {
      if (chat) chat.shutdown()
      else if (loading) pendingCalls.push([name, args])
      // Not loaded yet: forget what a later load would find.
      else for (const key of VISITOR_KEYS) removeStorage(storageKey(siteKey, key))
      setOpen(false)
    } else if (name === 'identify' || name === 'setAttributes') {
      // Both need the chat app (and a visitor): fetch it now, and hand the call over once it is here.
      if (chat) callChat(chat, name, args)
      else {
        pendingCalls.push([name, args])
        if (booted) void load()
      }
    }
  }

  function callChat(app: ChatApp, name: string, args: unknown[]): void {
    if (name === 'identify') app.identify(args[0] as TandemIdentity)
    else if (name === 'setAttributes') app.setAttributes(args[0] as TandemAttributes)
    else run(name, args)
  }

  const api: TandemApi = {
    open: () => run('open', []),
    close: () => run('close', []),
    toggle: () => run('toggle', []),
    boot: () => run('boot', []),
    identify: (identity) => run('identify', [identity]),
    setAttributes: (attributes) => run('setAttributes', [attributes]),
    shutdown: () => run('shutdown', []),
    on: (name, fn) => run('on', [name, fn]),
    off: (name, fn) => run('off', [name, fn]),
  }
  window.Tandem = api
  for (const [name, args] of earlyCalls) if (Array.isArray(args)) run(name, args)
  if (!manual) {
    if (document.body) boot()
    else addEventListener('DOMContentLoaded', boot, { once: true })
  }
}

function idle(fn: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(fn, { timeout: 5000 })
  else setTimeout(fn, 2000)
}

function icon(path: string, name: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('class', `icon ${name}`)
  svg.setAttribute('aria-hidden', 'true')
  const shape = document.createElementNS(ns, 'path')
  shape.setAttribute('d', path)
  svg.append(shape)
  return svg
}

const script = document.currentScript
if (script instanceof HTMLScriptElement && !(window.Tandem && !Array.isArray(window.Tandem))) start(script)
