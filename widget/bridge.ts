// What the loader (on the host page, always there) hands the chat app (fetched later), and what the
// chat app gives back. The loader owns the launcher and whether the chat is open; the chat app owns
// the conversation. Only types here: importing this costs the loader no bytes.
import type { TandemAttributes, TandemEvents, TandemIdentity, TandemSettings } from './api.d.ts'
import type { LocaleCode } from './locale.ts'

export type WidgetEvents = TandemEvents

export interface HostBridge {
  siteKey: string
  /** Where the Tandem server is, e.g. `https://chat.example.com/` (from the script's own URL). */
  serverUrl: string
  /** The page's options, checked by the loader (an invalid one is left out). */
  settings: TandemSettings
  /** Inside the widget's shadow root: where the chat panel is drawn. */
  panel: HTMLElement
  /** The shadow root, to adopt the chat app's style sheet. */
  root: ShadowRoot
  isOpen(): boolean
  /** The customer asked to close the chat from inside it (the panel's close button, Escape). */
  close(): void
  /** Called whenever the chat opens or closes (here or in another tab). */
  onOpenChange(listener: (open: boolean) => void): void
  /** The count the launcher's badge shows while the chat is closed. */
  setUnread(count: number): void
  /**
   * The language to speak, given the site's setting (the page's option and the browser's languages
   * come first: see locale.ts); the launcher is relabelled in it.
   */
  useLocale(siteLocale: string | undefined): LocaleCode
  /** The site's colour, unless the page chose one: the launcher and the chat take it, with a readable text colour. */
  useColor(siteColor: string): void
  emit<K extends keyof WidgetEvents>(name: K, payload: WidgetEvents[K]): void
}

export interface ChatApp {
  identify(identity: TandemIdentity): void
  setAttributes(attributes: TandemAttributes): void
  /** Forget this device's visitor (a site's logout): the next chat starts as someone new. */
  shutdown(): void
}

/** The chat app module's one export. */
export type MountChat = (bridge: HostBridge) => ChatApp
