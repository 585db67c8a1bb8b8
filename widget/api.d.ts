// The widget's JavaScript API, for site owners: `window.Tandem` once /widget.js has run, and
// `window.TandemSettings`, read once when it starts. Calls made before the script arrives can be
// queued: `window.Tandem = window.Tandem || []; Tandem.push(['open', []])`.

/** Options, from `window.TandemSettings` or the script tag's data- attributes (which win). */
export interface TandemSettings {
  /** The launcher's and the header's colour, `#rrggbb` (data-color). Overrides the site's setting. */
  color?: string
  /** Which corner the launcher sits in (data-position). Default `right`. */
  position?: 'left' | 'right'
  /** A text beside the launcher's icon, e.g. "Chat with us" (data-launcher-label). */
  launcherLabel?: string
  /** `en`, `de` or `es` (data-locale). Default: the browser's language, else the site's. */
  locale?: string
  /** The widget's stacking order (data-z-index). Default 2147483000. */
  zIndex?: number
  /** Draw no launcher: the site opens the chat from its own button with `Tandem.open()` (data-hide-launcher). */
  hideLauncher?: boolean
}

/** What the host site's backend signed for its signed-in user. */
export interface TandemIdentity {
  userId: string
  /** HMAC-SHA256 of userId with the site's secret, in hex. Computed on the site's server, never in the page. */
  hash: string
  name?: string
  email?: string
}

/** Values an attribute may take; names match /^[A-Za-z][A-Za-z0-9_-]{0,39}$/. */
export type TandemAttributes = Record<string, string | number | boolean>

export interface TandemEvents {
  open: Record<string, never>
  close: Record<string, never>
  /** A message from the support side (an agent, the AI or the system) arrived. */
  message: { conversationId: string; seq: number; kind: string; text: string }
  /** Unread messages from the support side, as the launcher shows them. */
  unread: { count: number }
  /** Something the site asked for was refused, e.g. `ERR_IDENTITY_HASH_INVALID` from identify. */
  error: { code: string; message: string }
}

export interface TandemApi {
  open(): void
  close(): void
  toggle(): void
  /** With `data-manual`: start the widget (e.g. once the visitor consents to cookies). */
  boot(): void
  /**
   * Tell Tandem who the signed-in customer is: their devices share their conversations and agents
   * see them as verified. A wrong hash leaves the customer anonymous and emits `error`.
   */
  identify(identity: TandemIdentity): void
  /** Facts about the customer for the agents (plan, order number…), shown to them as unverified. */
  setAttributes(attributes: TandemAttributes): void
  /** Forget the customer on this device (call it at the site's logout): the next chat starts anew. */
  shutdown(): void
  on<K extends keyof TandemEvents>(name: K, listener: (payload: TandemEvents[K]) => void): void
  off<K extends keyof TandemEvents>(name: K, listener: (payload: TandemEvents[K]) => void): void
}

declare global {
  interface Window {
    Tandem?: TandemApi | [name: string, args: unknown[]][]
    TandemSettings?: TandemSettings
  }
}
