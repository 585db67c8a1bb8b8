// Every customer-facing string of the chat app, one table per locale (locales/; the launcher's few
// are in ../launcher-texts.ts, as the loader draws it). System messages are
// worded here from their notice code, so a transcript reads in the customer's language whatever the
// server stored; only a site's own away message is shown as the site wrote it.
import type { NoticeCode } from '../../protocol/enums.ts'
import type { NoticeView } from '../../protocol/rest/conversations.ts'
import type { LocaleCode } from '../locale.ts'

type Params = Record<string, string>
/** Every other language words every notice (its table says `satisfies Notices`). */
export type Notices = Record<Exclude<NoticeCode, 'away_message'>, (params: Params) => string>

export interface Texts {
  title: string
  close: string
  you: string
  assistant: string
  support: string
  system: string
  placeholder: string
  send: string
  sending: string
  sent: string
  read: string
  failed: string
  retry: string
  talkToPerson: string
  typing: (who: string) => string
  reconnecting: string
  offline: string
  blocked: string
  older: string
  interrupted: string
  sources: string
  queue: (position: number, minutes: number | null) => string
  away: string
  rateTitle: string
  rateScore: (score: number) => string
  rateComment: string
  rateSend: string
  rateThanks: string
  newConversation: string
  messages: string
  awayNow: string
  backAt: (when: string) => string
  aiMeanwhile: string
  preChatTitle: string
  preChatStart: string
  helped: string
  conversations: string
  noMessages: string
  moreHelp: string
  /**
   * Every notice but away_message, which is the site's own text. English has none: the server stores
   * each system message in Tandem's English (server/routing/routing-texts.ts), word for word these.
   */
  notices: Partial<Notices>
}

/** Each table is a chunk of its own: a customer fetches the one they read, never the others. */
const tables: Record<LocaleCode, () => Promise<Texts>> = {
  en: () => import('./locales/en.ts').then((m) => m.en),
  de: () => import('./locales/de.ts').then((m) => m.de),
  es: () => import('./locales/es.ts').then((m) => m.es),
}

export const loadTexts = (locale: LocaleCode): Promise<Texts> => tables[locale]()

/** A system message in the customer's language; the stored English for codes this build does not know. */
export function noticeText(texts: Texts, notice: NoticeView, stored: string): string {
  const word = notice.code === 'away_message' ? undefined : texts.notices[notice.code]
  return word ? word(notice.params) : stored
}

