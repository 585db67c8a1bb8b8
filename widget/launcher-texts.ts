// The launcher's words, per locale: the loader labels the button before the chat app arrives, so its
// strings live here, small, and the chat app's tables (chat/locales/) include them.
import type { LocaleCode } from './locale.ts'

export interface LauncherTexts {
  open: string
  close: string
  unread: (count: number) => string
}

export const launcherTexts: Record<LocaleCode, LauncherTexts> = {
  en: { open: 'Open chat', close: 'Close chat', unread: (n) => `Open chat, ${n} unread` },
  de: { open: 'Chat öffnen', close: 'Chat schließen', unread: (n) => `Chat öffnen, ${n} ungelesen` },
  es: { open: 'Abrir chat', close: 'Cerrar chat', unread: (n) => `Abrir chat, ${n} sin leer` },
}
