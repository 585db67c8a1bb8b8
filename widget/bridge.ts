// What the loader (on the host page, always there) hands the chat app (fetched later), and what the
// chat app gives back. The loader owns the launcher and whether the chat is open; the chat app owns
// the conversation. Only types here: importing this costs the loader no bytes.

/** Events a site may listen to with `Tandem.on(name, fn)`; each callback gets one object. */
export interface WidgetEvents {
  open: Record<string, never>
  close: Record<string, never>
  /** A message from the support side (an agent, the AI or the system) arrived. */
  message: { conversationId: string; seq: number; kind: string; text: string }
  /** Unread messages from the support side, as shown on the launcher. */
  unread: { count: number }
}

export interface HostBridge {
  siteKey: string
  /** Where the Tandem server is, e.g. `https://chat.example.com/` (from the script's own URL). */
  serverUrl: string
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
  emit<K extends keyof WidgetEvents>(name: K, payload: WidgetEvents[K]): void
}

export interface ChatApp {
  /** Forget this device's visitor (a site's logout): the next chat starts as someone new. */
  shutdown(): void
}

/** The chat app module's one export. */
export type MountChat = (bridge: HostBridge) => ChatApp
