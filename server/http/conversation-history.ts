// One page of a conversation's messages, the same way for visitors and agents: backwards from the
// newest (or from `before`) for scrolling up, forwards from `after` for catching up. Only the
// `publicOnly` switch differs, and it is the caller's to set, never the client's.
import type { HistoryQuery, MessageView } from '../../protocol/rest/conversations.ts'
import { PAGE_DEFAULT } from '../../protocol/limits.ts'
import type { Conversation } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { messageView } from './views.ts'

export interface HistoryPage {
  items: MessageView[]
  /** Whether messages the caller may see exist below the first item. */
  hasMore: boolean
}

export async function readHistory(
  store: Store,
  conversation: Conversation,
  query: HistoryQuery,
  publicOnly: boolean,
): Promise<HistoryPage> {
  const { workspaceId, id } = conversation
  const limit = query.limit ?? PAGE_DEFAULT
  if (query.after === undefined) {
    // One row more than asked says whether anything lies below the page, without a second query.
    // No `before` means the newest: unbounded rather than lastSeq + 1, which a message being stored
    // right now may already have passed.
    const beforeSeq = query.before ?? Number.MAX_SAFE_INTEGER
    const rows = await store.listMessages(workspaceId, id, { beforeSeq, limit: limit + 1, publicOnly })
    const hasMore = rows.length > limit
    return { items: (hasMore ? rows.slice(1) : rows).map(messageView), hasMore }
  }
  const rows = await store.listMessages(workspaceId, id, { afterSeq: query.after, beforeSeq: query.before, limit, publicOnly })
  const floor = rows[0]?.seq ?? query.after + 1
  const below = await store.listMessages(workspaceId, id, { beforeSeq: floor, limit: 1, publicOnly })
  return { items: rows.map(messageView), hasMore: below.length > 0 }
}
