// The inbox's lists as pure functions: which list a conversation belongs in, in what order, and how a
// live summary patches a loaded list without fetching it again.
import type { ConversationRow, ConversationSummary, MessageView } from '../protocol/rest/conversations.ts'

export type InboxView = 'queue' | 'mine' | 'open' | 'resolved'
export const INBOX_VIEWS: readonly InboxView[] = ['queue', 'mine', 'open', 'resolved']

export interface InboxFilter {
  /** Only this site's conversations; null: every site. */
  siteId: string | null
  /** Text searched by the server; while set, live summaries update rows but add none. */
  search: string
}

export interface ListState {
  /** In the list's order. */
  ids: string[]
  cursor: string | null
  /** Every page is loaded: a summary that belongs here is added wherever it sorts. */
  complete: boolean
  loading: boolean
  error: string | null
}

export const emptyList = (): ListState => ({ ids: [], cursor: null, complete: false, loading: false, error: null })

/** The REST query for a list (besides the page's cursor and size). */
export function listQuery(view: InboxView, filter: InboxFilter, siteKeyOf: (siteId: string) => string | undefined): URLSearchParams {
  const query = new URLSearchParams()
  if (view === 'queue') query.set('queued', 'true')
  if (view === 'mine') query.set('assignee', 'me')
  query.set('status', view === 'resolved' ? 'resolved' : 'open')
  const siteKey = filter.siteId === null ? undefined : siteKeyOf(filter.siteId)
  if (siteKey) query.set('siteKey', siteKey)
  if (filter.search.trim()) query.set('q', filter.search.trim())
  return query
}

export function belongs(view: InboxView, summary: ConversationSummary, me: string, filter: InboxFilter): boolean {
  if (filter.siteId !== null && summary.siteId !== filter.siteId) return false
  switch (view) {
    case 'queue':
      return summary.status === 'open' && summary.assignee === null && summary.queuedAt !== null
    case 'mine':
      return summary.status === 'open' && summary.assignee === me
    case 'open':
      return summary.status === 'open'
    case 'resolved':
      return summary.status === 'resolved'
  }
}

/** Negative when `a` comes first: the queue oldest first (as the server pages it), the rest newest first (ids are time-ordered). */
export function compare(view: InboxView, a: ConversationSummary, b: ConversationSummary): number {
  if (view === 'queue') {
    const byTime = (a.queuedAt ?? '').localeCompare(b.queuedAt ?? '')
    if (byTime !== 0) return byTime
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0
}

/**
 * The list after `summary` changed: moved, removed or added. A list not wholly loaded takes a new
 * row only where it sorts among the rows it holds; one past them comes with a later page.
 */
export function patchList(list: ListState, view: InboxView, summary: ConversationSummary, me: string, filter: InboxFilter, rowOf: (id: string) => ConversationSummary | undefined): ListState {
  const at = list.ids.indexOf(summary.id)
  const wanted = belongs(view, summary, me, filter)
  if (!wanted) return at === -1 ? list : { ...list, ids: list.ids.filter((id) => id !== summary.id) }
  // The server's search decides what matches; a live change cannot tell, so it only adds to unsearched lists.
  if (at === -1 && filter.search.trim()) return list
  const ids = at === -1 ? list.ids.slice() : list.ids.filter((id) => id !== summary.id)
  let index = ids.findIndex((id) => {
    const other = rowOf(id)
    return other !== undefined && compare(view, summary, other) < 0
  })
  if (index === -1) {
    if (!list.complete && at === -1) return list
    index = ids.length
  }
  ids.splice(index, 0, summary.id)
  return { ...list, ids }
}

/** A summary as a row: it keeps the read position the row had (summaries are the same for every agent). */
export function mergeRow(previous: ConversationRow | undefined, summary: ConversationSummary): ConversationRow {
  return { ...summary, readSeq: previous?.readSeq ?? 0 }
}

/** What this agent has not read: every seq after their read position (their own messages move it). */
export function unreadCount(row: ConversationRow): number {
  return Math.max(0, row.lastSeq - row.readSeq)
}

/** Messages in seq order, one per seq: a later copy (complete after streaming) replaces an earlier one. */
export function mergeMessages(messages: MessageView[], incoming: MessageView[]): MessageView[] {
  const bySeq = new Map(messages.map((m) => [m.seq, m]))
  for (const message of incoming) bySeq.set(message.seq, message)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}
