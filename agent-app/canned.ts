// Canned replies by typing `/shortcut` in the composer: while the text is a slash and the start of a
// shortcut (nothing else typed yet), the replies whose shortcut begins with it are offered.
import type { CannedReply } from '../protocol/rest/content.ts'

/** Offered at most at once: the list stays short enough to read. */
export const CANNED_SHOWN_MAX = 8

/** The replies `text` asks for, or null when the text is no `/shortcut` being typed. */
export function cannedMatches(text: string, replies: readonly CannedReply[]): CannedReply[] | null {
  if (!text.startsWith('/') || /\s/.test(text)) return null
  const typed = text.slice(1).toLowerCase()
  return replies.filter((reply) => reply.shortcut.startsWith(typed)).slice(0, CANNED_SHOWN_MAX)
}
