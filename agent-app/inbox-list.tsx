// One inbox list: filters (site, search) and the rows, windowed: however many conversations are
// loaded, the page holds only the rows in view and a few either side (each row is ROW_HEIGHT tall),
// and the next page is fetched as the agent nears the end.
import { Fragment, h, type JSX } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { SEARCH_MAX_CHARS } from '../protocol/limits.ts'
import type { ConversationRow } from '../protocol/rest/conversations.ts'
import { isClaimedName } from './customer.ts'
import type { Desk } from './desk.ts'
import { ago, waited } from './format.ts'
import { unreadCount, type InboxView } from './inbox.ts'
import { ROW_HEIGHT } from './layout.ts'
import { VIEW_LABELS } from './sidebar.tsx'

/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 8
/** Fetch the next page when this many rows or fewer are left below the window. */
const LOAD_AHEAD = 20

const EMPTY: Record<InboxView, string> = {
  queue: 'Nobody is waiting.',
  mine: 'No open conversation is yours. New ones come to you while you are online.',
  open: 'No open conversations.',
  resolved: 'No resolved conversations yet.',
}

function preview(row: ConversationRow): string {
  const last = row.lastPublic
  if (!last) return 'No messages yet'
  const who = last.kind === 'agent' ? 'Agent: ' : last.kind === 'ai' ? 'AI: ' : ''
  return who + last.text
}

interface RowProps {
  row: ConversationRow
  view: InboxView
  /** Its place in the list (and of how many), for screen readers: the page holds only a window. */
  index: number
  size: number
  /** Its place in the whole queue, whatever the filters. */
  queuePosition: number
  selected: boolean
  reopened: boolean
  site: string
  assignee: string | null
  onOpen: (id: string) => void
}

function Row(props: RowProps) {
  const { row } = props
  const unread = unreadCount(row)
  const time = row.lastPublic?.at ?? null
  return (
    <li class={`row${props.selected ? ' selected' : ''}${unread > 0 ? ' unread' : ''}`} style={{ top: `${props.index * ROW_HEIGHT}px` }} aria-setsize={props.size} aria-posinset={props.index + 1}>
      <a
        href={`/agent/conversations/${row.id}`}
        aria-current={props.selected ? 'true' : undefined}
        onClick={(event) => {
          event.preventDefault()
          props.onOpen(row.id)
        }}
      >
        <span class="row-top">
          <span class="customer">
            {row.customer.displayName}
            {isClaimedName(row.customer, row.visitorId) && <span class="unverified"> (unverified)</span>}
          </span>
          {time && <time dateTime={time}>{ago(time)}</time>}
        </span>
        <span class={`row-preview${row.lastPublic?.kind === 'system' ? ' event-preview' : ''}`}>{preview(row)}</span>
        <span class="row-meta">
          {props.view === 'queue' && row.queuedAt && (
            <span class="tag waiting">
              {props.queuePosition > 0 ? `#${props.queuePosition} · ` : ''}waiting {waited(row.queuedAt)}
            </span>
          )}
          {props.reopened && row.status === 'open' && <span class="tag reopened">Reopened</span>}
          {props.view !== 'queue' && props.view !== 'mine' && <span class="tag">{props.assignee ?? (row.queuedAt ? 'In queue' : 'AI')}</span>}
          {props.site && <span class="site">{props.site}</span>}
          {unread > 0 && (
            <span class="badge">
              {unread}
              <span class="visually-hidden"> unread</span>
            </span>
          )}
        </span>
      </a>
    </li>
  )
}

export function InboxList(props: { desk: Desk; view: InboxView; selectedId: string | null; onOpen: (id: string) => void }): JSX.Element {
  const { desk, view } = props
  const { lists, rows, filter, sites, reopened } = desk.state
  const list = lists[view]
  const scroller = useRef<HTMLDivElement>(null)
  const [scroll, setScroll] = useState({ top: 0, height: 800 })
  const [search, setSearch] = useState(filter.search)
  const [, tick] = useState(0)

  // Waiting times move on their own.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const measure = () => setScroll({ top: element.scrollTop, height: element.clientHeight })
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [])

  // A new list starts at its top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0
    setScroll((s) => ({ ...s, top: 0 }))
  }, [view, filter.siteId, filter.search])

  const first = Math.max(0, Math.floor(scroll.top / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(list.ids.length, Math.ceil((scroll.top + scroll.height) / ROW_HEIGHT) + OVERSCAN)

  useEffect(() => {
    if (!list.complete && !list.loading && list.ids.length - last <= LOAD_AHEAD) void desk.loadMore(view)
  }, [last, list.ids.length, list.complete, list.loading, view])

  const windowed: JSX.Element[] = []
  const queue = lists.queueTotal.ids
  for (let index = first; index < last; index++) {
    const row = rows.get(list.ids[index]!)
    if (!row) continue
    windowed.push(
      <Row
        key={row.id}
        row={row}
        view={view}
        index={index}
        size={list.complete ? list.ids.length : -1}
        queuePosition={queue.indexOf(row.id) + 1}
        selected={row.id === props.selectedId}
        reopened={reopened.has(row.id)}
        site={sites.length > 1 ? desk.siteName(row.siteId) : ''}
        assignee={desk.agentName(row.assignee)}
        onOpen={props.onOpen}
      />,
    )
  }

  return (
    <section class="inbox" aria-labelledby="list-title">
      <header class="inbox-header">
        <h1 id="list-title">{VIEW_LABELS[view]}</h1>
        <form
          class="filters"
          role="search"
          onSubmit={(event) => {
            event.preventDefault()
            desk.setFilter({ search })
          }}
        >
          <label class="visually-hidden" for="search">
            Search conversations
          </label>
          <input id="search" type="search" placeholder="Search messages, names, emails" value={search} maxLength={SEARCH_MAX_CHARS} onInput={(event) => setSearch(event.currentTarget.value)} />
          {sites.length > 1 && (
            <>
              <label class="visually-hidden" for="site-filter">
                Site
              </label>
              <select id="site-filter" value={filter.siteId ?? ''} onChange={(event) => desk.setFilter({ siteId: event.currentTarget.value || null })}>
                <option value="">All sites</option>
                {sites.map((site) => (
                  <option key={site.id} value={site.id}>
                    {site.name}
                  </option>
                ))}
              </select>
            </>
          )}
        </form>
        {filter.search && (
          <p class="hint">
            Showing matches for “{filter.search}”.{' '}
            <button
              type="button"
              class="link"
              onClick={() => {
                setSearch('')
                desk.setFilter({ search: '' })
              }}
            >
              Clear
            </button>
          </p>
        )}
      </header>
      <div class="rows" ref={scroller} onScroll={(event) => setScroll({ top: event.currentTarget.scrollTop, height: event.currentTarget.clientHeight })}>
        {list.ids.length === 0 && !list.loading && !list.error && <p class="empty">{filter.search ? 'No conversation matches.' : EMPTY[view]}</p>}
        {list.error && (
          <p class="problem" role="alert">
            {list.error}{' '}
            <button type="button" class="link" onClick={() => desk.retryList(view)}>
              Try again
            </button>
          </p>
        )}
        <ul aria-label={`${VIEW_LABELS[view]} conversations`} aria-busy={list.loading} style={{ height: `${list.ids.length * ROW_HEIGHT}px` }}>
          {windowed}
        </ul>
        {list.loading && <p class="hint loading">Loading…</p>}
      </div>
    </section>
  )
}
