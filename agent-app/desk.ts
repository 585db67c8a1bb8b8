// One agent's desk in this tab, as state the views draw: the inbox lists (loaded page by page over
// REST, then kept live by `summaries` frames), colleagues and their status, and the conversation open
// on screen (its history, the customer typing and reading, the agent's outbox). Nothing the agent
// writes is lost: a reply waits in the outbox (kept in this tab's sessionStorage) until the server acks
// it, and is resent with its clientId after any reconnect, which the server answers with the original
// ack when it had stored it already. Drafts are kept per conversation until sent.
import type { ServerFrame } from '../protocol/frames.ts'
import type { AgentView } from '../protocol/rest/agents.ts'
import type { ConversationPage, ConversationRow, ConversationSummary, ConversationView, MessageView, SuggestionReply, SummaryReply } from '../protocol/rest/conversations.ts'
import type { CannedReply } from '../protocol/rest/content.ts'
import type { SiteView } from '../protocol/rest/sites.ts'
import type { VisitorView } from '../protocol/rest/visitors.ts'
import { ApiError } from '../ui/api-error.ts'
import type { Auth } from './auth.ts'
import { belongs, emptyList, INBOX_VIEWS, listQuery, mergeMessages, mergeRow, patchList, unreadCount, type InboxFilter, type InboxView, type ListState } from './inbox.ts'
import { notify } from './notifier.ts'
import { AgentSocket, type SocketState } from './socket.ts'

type Frame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>

/** Rows fetched per request (the server's page maximum). */
const PAGE_SIZE = 100
/** The queue and "Mine" are loaded whole, up to this many pages, for their counts and positions. */
const WHOLE_LIST_PAGES = 10
/** A customer's `typing: true` lasts this long without a repeat (the protocol says 6 s). */
const PEER_TYPING_MS = 6000
/** A repeated `typing: true` goes at most this often; `false` follows this long after the last key. */
const TYPING_REPEAT_MS = 2000
const TYPING_IDLE_MS = 3000
/** A reply refused for its rate is tried again after this long. */
const RATE_LIMITED_RETRY_MS = 1500

export interface OutboxItem {
  clientId: string
  conversationId: string
  text: string
  /** A private note: agents only, never the customer. */
  note?: boolean
  createdAt: string
  state: 'sending' | 'failed'
  error?: string
}

export interface OpenConversation {
  id: string
  conversation: ConversationView | null
  visitor: VisitorView | null
  /** In seq order, each seq once. */
  messages: MessageView[]
  hasOlder: boolean
  loading: boolean
  /** The conversation does not exist in this workspace (or the agent may not see it). */
  missing: boolean
  error: string | null
  customerTypingUntil: number
  /** The customer has read up to here. */
  customerReadSeq: number
}

/**
 * The four lists the agent sees (filtered by site and search), and the queue and "Mine" unfiltered,
 * whose sizes are the agent's load, the counts beside the lists and the tab title's count.
 */
export type ListKey = InboxView | 'queueTotal' | 'mineTotal'
const TOTALS = { queueTotal: 'queue', mineTotal: 'mine' } as const
const LIST_KEYS: readonly ListKey[] = [...INBOX_VIEWS, 'queueTotal', 'mineTotal']
const UNFILTERED: InboxFilter = { siteId: null, search: '' }
const viewOf = (key: ListKey): InboxView => (key === 'queueTotal' || key === 'mineTotal' ? TOTALS[key] : key)

export interface DeskState {
  connection: SocketState
  rows: Map<string, ConversationRow>
  lists: Record<ListKey, ListState>
  filter: InboxFilter
  sites: SiteView[]
  agents: AgentView[]
  /** Colleagues with a socket open now (presence frames), besides their chosen status. */
  connected: Set<string>
  /** Conversations a customer reopened since this tab loaded. */
  reopened: Set<string>
  open: OpenConversation | null
  outbox: OutboxItem[]
}

let counter = 0
const newClientId = () => `a${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`

/** Per agent: a tab another agent signs into later never sends this one's replies. */
const outboxKey = (agentId: string) => `tandem.agent.outbox.${agentId}`

function readOutbox(agentId: string): OutboxItem[] {
  try {
    const items = JSON.parse(sessionStorage.getItem(outboxKey(agentId)) ?? '[]') as OutboxItem[]
    return Array.isArray(items) ? items.map((item) => ({ ...item, state: 'sending' as const })) : []
  } catch {
    return []
  }
}

/**
 * Where to resume a conversation from: after its last message, or before its first answer still
 * streaming (it may have completed while the socket was down, under the same seq).
 */
function resumeFrom(messages: MessageView[]): number {
  const streaming = messages.find((m) => m.status === 'streaming')
  return streaming ? streaming.seq - 1 : (messages.at(-1)?.seq ?? 0)
}

const sendFrame = (item: OutboxItem) => ({ type: 'send' as const, clientId: item.clientId, conversationId: item.conversationId, text: item.text, ...(item.note ? { note: true } : {}) })

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.code === 'ERR_NETWORK' ? 'The server could not be reached. Check your connection.' : error.message
  return 'Something went wrong.'
}

export class Desk {
  state: DeskState = {
    connection: 'connecting',
    rows: new Map(),
    lists: Object.fromEntries(LIST_KEYS.map((key) => [key, { ...emptyList(), loading: true }])) as Record<ListKey, ListState>,
    filter: { siteId: null, search: '' },
    sites: [],
    agents: [],
    connected: new Set(),
    reopened: new Set(),
    open: null,
    outbox: [],
  }
  readonly socket: AgentSocket
  readonly #listeners = new Set<() => void>()
  /** Per list, its latest reload: a page of an older one (a filter changed, a reconnect) is dropped. */
  #generations = Object.fromEntries(LIST_KEYS.map((key) => [key, 0])) as Record<ListKey, number>
  /** Summaries so far: a page applies those that came after its request went out. */
  #summariesSeen = 0
  #typingSentAt = 0
  #typingIdle: ReturnType<typeof setTimeout> | undefined
  #readSent = new Map<string, number>()
  /** The conversation the last hello resumed (and so watches); null: none. */
  #resumedInHello: string | null = null
  /** Summaries that came while lists were loading, numbered: a page fetched before them must not undo them. */
  #liveDuringLoad = new Map<string, { summary: ConversationSummary; number: number }>()
  #signedInAs: AgentView
  #canned: Promise<CannedReply[]> | null = null
  /** Stopped (signed out, or the view gone): late answers change nothing. */
  #stopped = false

  constructor(
    readonly auth: Auth,
    wsUrl: string,
  ) {
    this.#signedInAs = auth.agent!
    this.state.outbox = readOutbox(this.#signedInAs.id)
    this.socket = new AgentSocket(wsUrl, auth, {
      frame: (frame) => this.#onFrame(frame),
      resumePoints: () => {
        const open = this.state.open
        this.#resumedInHello = null
        if (!open || open.missing || open.loading) return []
        this.#resumedInHello = open.id
        return [{ conversationId: open.id, afterSeq: resumeFrom(open.messages) }]
      },
      welcomed: (first) => this.#welcomed(first),
      state: (connection) => this.#set({ connection }),
    })
  }

  /** The agent this desk is for; still them while answers to their last requests come in after sign-out. */
  get me(): AgentView {
    if (this.auth.agent) this.#signedInAs = this.auth.agent
    return this.#signedInAs
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #set(patch: Partial<DeskState>) {
    if (this.#stopped) return
    this.state = { ...this.state, ...patch }
    for (const listener of this.#listeners) listener()
  }

  start(): void {
    this.socket.start()
    void this.#loadDirectory()
  }

  stop(): void {
    this.#stopped = true
    this.socket.stop()
    this.#listeners.clear()
    clearTimeout(this.#typingIdle)
  }

  /** At sign-out: replies not yet sent are dropped with the session (the agent was asked first). */
  forgetOutbox(): void {
    try {
      sessionStorage.removeItem(outboxKey(this.me.id))
    } catch {
      // Nothing was kept where nothing could be.
    }
    this.#set({ outbox: [] })
  }

  // ---- the team and the sites ----

  async #loadDirectory() {
    try {
      const [sites, agents] = await Promise.all([
        this.auth.request<{ items: SiteView[] }>('GET', '/v1/sites'),
        this.auth.request<{ items: AgentView[] }>('GET', '/v1/agents'),
      ])
      this.#set({ sites: sites.items, agents: agents.items, connected: new Set(agents.items.filter((a) => a.status !== 'offline').map((a) => a.id)) })
    } catch {
      // The lists work without names; the next reconnect tries again.
    }
  }

  /** A site was created or changed on an admin page: the inbox's names and filter follow. */
  siteChanged(site: SiteView): void {
    const known = this.state.sites.some((s) => s.id === site.id)
    this.#set({ sites: known ? this.state.sites.map((s) => (s.id === site.id ? site : s)) : [...this.state.sites, site] })
  }

  /** An agent was added or changed on an admin page: the team and the transfer list follow. */
  agentChanged(agent: AgentView): void {
    const known = this.state.agents.some((a) => a.id === agent.id)
    this.#set({ agents: known ? this.state.agents.map((a) => (a.id === agent.id ? { ...a, ...agent } : a)) : [...this.state.agents, agent] })
  }

  siteName(siteId: string): string {
    return this.state.sites.find((site) => site.id === siteId)?.name ?? ''
  }

  agentName(agentId: string | null): string | null {
    if (agentId === null) return null
    return this.state.agents.find((agent) => agent.id === agentId)?.name ?? null
  }

  async setStatus(status: 'online' | 'away'): Promise<void> {
    const agent = await this.auth.request<AgentView>('POST', '/v1/me/status', { status })
    this.auth.update(agent)
    this.#patchAgent(agent.id, { status: agent.status })
  }

  #patchAgent(agentId: string, patch: Partial<AgentView>) {
    this.#set({ agents: this.state.agents.map((agent) => (agent.id === agentId ? { ...agent, ...patch } : agent)) })
  }

  // ---- the inbox ----

  setFilter(patch: Partial<InboxFilter>): void {
    this.#set({ filter: { ...this.state.filter, ...patch } })
    void this.reloadLists(INBOX_VIEWS)
  }

  #filterOf(key: ListKey): InboxFilter {
    return key === 'queueTotal' || key === 'mineTotal' ? UNFILTERED : this.state.filter
  }

  /**
   * Every list from its first page; the queue and "Mine" whole. The rows on screen stay until the
   * first page replaces them (a reconnect does not blank the inbox or lose the agent's place).
   */
  async reloadLists(keys: readonly ListKey[] = LIST_KEYS): Promise<void> {
    const lists = { ...this.state.lists }
    for (const key of keys) {
      this.#generations[key]++
      lists[key] = { ...lists[key], cursor: null, complete: false, loading: true, error: null }
    }
    this.#set({ lists })
    await Promise.all(keys.map((key) => this.#loadPages(key, this.#generations[key], viewOf(key) === 'queue' || viewOf(key) === 'mine' ? WHOLE_LIST_PAGES : 1, true)))
  }

  /** After a failed page: the agent asks again. */
  retryList(view: InboxView): void {
    const list = this.state.lists[view]
    if (list.cursor === null) {
      void this.reloadLists()
      return
    }
    this.#setList(view, { ...list, error: null })
    void this.loadMore(view)
  }

  /** The next page of a list, when the agent scrolls near its end. */
  async loadMore(view: InboxView): Promise<void> {
    const list = this.state.lists[view]
    // Without a cursor the list is not loaded yet: the reload at the socket's welcome loads it. After
    // an error it waits for the agent's "Try again" or the next reload, rather than retry in a loop.
    if (list.loading || list.complete || list.cursor === null || list.error !== null) return
    this.#setList(view, { ...list, loading: true })
    await this.#loadPages(view, this.#generations[view], 1)
  }

  async #loadPages(key: ListKey, generation: number, pages: number, fromTop = false) {
    const view = viewOf(key)
    for (let page = 0; page < pages; page++) {
      const list = this.state.lists[key]
      const filter = this.#filterOf(key)
      const query = listQuery(view, filter, (siteId) => this.state.sites.find((s) => s.id === siteId)?.key)
      query.set('limit', String(PAGE_SIZE))
      if (list.cursor) query.set('cursor', list.cursor)
      const askedAfter = this.#summariesSeen
      let reply: ConversationPage
      try {
        reply = await this.auth.request<ConversationPage>('GET', `/v1/conversations?${query}`)
      } catch (error) {
        if (generation === this.#generations[key]) this.#setList(key, { ...this.state.lists[key], loading: false, error: errorText(error) })
        this.#forgetLiveWhenLoaded()
        return
      }
      // A newer reload (a filter changed, a reconnect) started meanwhile: this page is stale.
      if (generation !== this.#generations[key]) return
      const rows = new Map(this.state.rows)
      const me = this.me.id
      const kept: string[] = []
      for (const row of reply.items) {
        // What a summary said after this page was asked for wins over the page.
        const heard = this.#liveDuringLoad.get(row.id)
        const live = heard && heard.number > askedAfter ? heard.summary : null
        const fresh = live ? mergeRow(row, live) : row
        rows.set(row.id, fresh)
        if (!live || belongs(view, live, me, filter)) kept.push(row.id)
      }
      const current = this.state.lists[key]
      const before = fromTop && page === 0 ? [] : current.ids
      const known = new Set(before)
      const ids = [...before, ...kept.filter((id) => !known.has(id))]
      const complete = reply.nextCursor === null
      this.state = { ...this.state, rows }
      this.#setList(key, { ids, cursor: reply.nextCursor, complete, loading: !complete && page < pages - 1, error: null })
      if (complete) break
    }
    this.#forgetLiveWhenLoaded()
  }

  #forgetLiveWhenLoaded() {
    if (!LIST_KEYS.some((key) => this.state.lists[key].loading)) this.#liveDuringLoad.clear()
  }

  #setList(key: ListKey, list: ListState) {
    this.#set({ lists: { ...this.state.lists, [key]: list } })
  }

  #onSummaries(summaries: ConversationSummary[]) {
    const rows = new Map(this.state.rows)
    const lists = { ...this.state.lists }
    const loading = LIST_KEYS.some((key) => lists[key].loading)
    for (const summary of summaries) {
      this.#summariesSeen++
      if (loading) this.#liveDuringLoad.set(summary.id, { summary, number: this.#summariesSeen })
      this.#noticeOf(summary, rows.get(summary.id))
      rows.set(summary.id, mergeRow(rows.get(summary.id), summary))
      for (const key of LIST_KEYS) lists[key] = patchList(lists[key], viewOf(key), summary, this.me.id, this.#filterOf(key), (id) => rows.get(id))
    }
    this.#set({ rows, lists })
  }

  /** Where a click on a desktop notification takes the agent (the app sets it). */
  onNotificationClick: (conversationId: string) => void = () => {}

  /**
   * A conversation newly waiting in the queue, one newly the agent's (routed or transferred to them),
   * or a customer's new message in one of theirs.
   */
  #noticeOf(summary: ConversationSummary, before: ConversationRow | undefined) {
    const me = this.me.id
    const last = summary.lastPublic
    const text = last?.text ?? ''
    const seenHere = this.state.open?.id === summary.id && document.visibilityState === 'visible'
    const tell = (key: string, title: string) => void notify({ key, title, body: text, conversationId: summary.id }, this.onNotificationClick, seenHere)
    if (belongs('queue', summary, me, UNFILTERED) && !this.state.lists.queueTotal.ids.includes(summary.id)) {
      return tell(`${summary.id}:queued:${summary.queuedAt}`, `${summary.customer.displayName} is waiting`)
    }
    if (!belongs('mine', summary, me, UNFILTERED)) return
    if (before !== undefined ? before.assignee !== me : !this.state.lists.mineTotal.ids.includes(summary.id)) {
      return tell(`${summary.id}:yours:${summary.lastSeq}`, `${summary.customer.displayName} is yours now`)
    }
    if (last !== null && last.kind === 'customer' && last.seq > (before?.lastPublic?.seq ?? 0)) {
      tell(`${summary.id}:${last.seq}`, summary.customer.displayName)
    }
  }

  /** Conversations that want this agent: the queue, and their own with something unread. */
  attentionCount(): number {
    const mine = this.state.lists.mineTotal.ids.filter((id) => {
      const row = this.state.rows.get(id)
      return row !== undefined && unreadCount(row) > 0 && id !== this.state.open?.id
    })
    return this.state.lists.queueTotal.ids.length + mine.length
  }

  // ---- the open conversation ----

  async openConversation(id: string): Promise<void> {
    if (this.state.open?.id === id) return
    this.closeConversation()
    const open: OpenConversation = { id, conversation: null, visitor: null, messages: [], hasOlder: false, loading: true, missing: false, error: null, customerTypingUntil: 0, customerReadSeq: 0 }
    this.#set({ open })
    try {
      const [conversation, history] = await Promise.all([
        this.auth.request<ConversationView>('GET', `/v1/conversations/${encodeURIComponent(id)}`),
        this.auth.request<{ items: MessageView[]; hasMore: boolean }>('GET', `/v1/conversations/${encodeURIComponent(id)}/messages?limit=50`),
      ])
      if (this.state.open?.id !== id) return
      const current = this.state.open
      this.#set({
        open: { ...current, conversation, messages: mergeMessages(current.messages, history.items), hasOlder: history.hasMore, loading: false },
      })
      // From the newest message loaded on: whatever came meanwhile is sent first, then everything live.
      this.socket.send({ type: 'watch', conversationId: id, afterSeq: resumeFrom(this.state.open.messages) })
      this.markRead()
      const visitor = await this.auth.request<VisitorView>('GET', `/v1/visitors/${encodeURIComponent(conversation.visitorId)}`).catch(() => null)
      if (this.state.open?.id === id) this.#patchOpen({ visitor })
    } catch (error) {
      if (this.state.open?.id !== id) return
      const missing = error instanceof ApiError && (error.status === 404 || error.code === 'ERR_REQUEST_INVALID')
      this.#patchOpen({ loading: false, missing, error: missing ? null : errorText(error) })
    }
  }

  closeConversation(): void {
    const open = this.state.open
    if (!open) return
    this.#stopTyping()
    if (!open.missing) this.socket.send({ type: 'unwatch', conversationId: open.id })
    this.#set({ open: null })
  }

  async loadOlder(): Promise<void> {
    const open = this.state.open
    const first = open?.messages[0]
    if (!open || !first || !open.hasOlder) return
    let history: { items: MessageView[]; hasMore: boolean }
    try {
      history = await this.auth.request('GET', `/v1/conversations/${encodeURIComponent(open.id)}/messages?limit=50&before=${first.seq}`)
    } catch (error) {
      if (this.state.open?.id === open.id) this.#patchOpen({ error: errorText(error) })
      return
    }
    if (this.state.open?.id !== open.id) return
    this.#patchOpen({ messages: mergeMessages(this.state.open.messages, history.items), hasOlder: history.hasMore })
  }

  /** Something the agent asked of the open conversation failed (a shortcut, say): shown in its banner. */
  reportProblem(error: unknown): void {
    this.#patchOpen({ error: errorText(error) })
  }

  #patchOpen(patch: Partial<OpenConversation>) {
    if (!this.state.open) return
    this.#set({ open: { ...this.state.open, ...patch } })
  }

  /** Everything on screen is read: said to the server once per new seq, while the tab is visible. */
  markRead(): void {
    const open = this.state.open
    const last = open?.messages.at(-1)
    if (!open || !last || document.visibilityState !== 'visible') return
    if ((this.#readSent.get(open.id) ?? 0) >= last.seq) return
    if (!this.socket.send({ type: 'read', conversationId: open.id, seq: last.seq })) return
    this.#readSent.set(open.id, last.seq)
    const row = this.state.rows.get(open.id)
    if (row && row.readSeq < last.seq) this.#set({ rows: new Map(this.state.rows).set(open.id, { ...row, readSeq: last.seq }) })
  }

  async take(conversationId: string): Promise<void> {
    const conversation = await this.auth.request<ConversationView>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/take`)
    if (this.state.open?.id === conversationId) this.#patchOpen({ conversation })
  }

  async resolve(conversationId: string): Promise<void> {
    const conversation = await this.auth.request<ConversationView>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/resolve`)
    if (this.state.open?.id === conversationId) this.#patchOpen({ conversation })
  }

  async transfer(conversationId: string, agentId: string, note: string): Promise<void> {
    const body = note.trim() ? { agentId, note: note.trim() } : { agentId }
    const conversation = await this.auth.request<ConversationView>('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/transfer`, body)
    if (this.state.open?.id === conversationId) this.#patchOpen({ conversation })
  }

  /** The AI's aid for the agent: never sent by itself, only shown or put in the composer. */
  summarise(conversationId: string): Promise<SummaryReply> {
    return this.auth.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/summary`)
  }

  suggestReply(conversationId: string): Promise<SuggestionReply> {
    return this.auth.request('POST', `/v1/conversations/${encodeURIComponent(conversationId)}/suggested-reply`)
  }

  /** The workspace's canned replies, read once per desk (again after a failure; new ones show after a reload). */
  async cannedReplies(): Promise<CannedReply[]> {
    this.#canned ??= this.auth.request<{ items: CannedReply[] }>('GET', '/v1/canned-replies').then((r) => r.items, (error) => {
      this.#canned = null
      throw error
    })
    return this.#canned
  }

  /** The canned replies changed (an admin in this tab edited them): the next "/" reads them again. */
  forgetCannedReplies(): void {
    this.#canned = null
  }

  /** The customer's conversations, this one and earlier ones, newest first. */
  async customerConversations(visitorId: string): Promise<ConversationRow[]> {
    const page = await this.auth.request<ConversationPage>('GET', `/v1/conversations?visitorId=${encodeURIComponent(visitorId)}&limit=20`)
    return page.items
  }

  /** Blocks the customer: their sockets close now and their token is refused from then on. */
  async block(visitorId: string, blocked: boolean): Promise<void> {
    const visitor = await this.auth.request<VisitorView>('POST', `/v1/visitors/${encodeURIComponent(visitorId)}/block`, { blocked })
    if (this.state.open?.visitor?.id === visitor.id) this.#patchOpen({ visitor })
  }

  /** The conversation after (1) or before (-1) the open one in a list, for the keyboard. */
  neighbour(view: InboxView, step: 1 | -1): string | null {
    const ids = this.state.lists[view].ids
    if (ids.length === 0) return null
    const at = this.state.open ? ids.indexOf(this.state.open.id) : -1
    if (at === -1) return ids[step === 1 ? 0 : ids.length - 1] ?? null
    return ids[at + step] ?? null
  }

  // ---- writing ----

  /** A reply to the customer, or with `note` a private note for the team. */
  send(conversationId: string, text: string, note = false): void {
    const item: OutboxItem = { clientId: newClientId(), conversationId, text, createdAt: new Date().toISOString(), state: 'sending', ...(note ? { note } : {}) }
    this.#setOutbox([...this.state.outbox, item])
    if (!note) this.#stopTyping()
    this.socket.send(sendFrame(item))
  }

  retry(clientId: string): void {
    const item = this.state.outbox.find((i) => i.clientId === clientId)
    if (!item) return
    this.#setOutbox(this.state.outbox.map((i) => (i.clientId === clientId ? { ...i, state: 'sending' as const, error: undefined } : i)))
    this.socket.send(sendFrame(item))
  }

  discard(clientId: string): void {
    this.#setOutbox(this.state.outbox.filter((i) => i.clientId !== clientId))
  }

  #setOutbox(outbox: OutboxItem[]) {
    try {
      if (outbox.length) sessionStorage.setItem(outboxKey(this.me.id), JSON.stringify(outbox))
      else sessionStorage.removeItem(outboxKey(this.me.id))
    } catch {
      // Storage full or refused: the outbox still lives in memory for this page.
    }
    this.#set({ outbox })
  }

  /** The agent is typing in the open conversation: said at most every 2 s, and stopped after 3 s idle. */
  typing(): void {
    const open = this.state.open
    if (!open) return
    const now = Date.now()
    if (now - this.#typingSentAt > TYPING_REPEAT_MS) {
      this.#typingSentAt = now
      this.socket.send({ type: 'typing', conversationId: open.id, typing: true })
    }
    clearTimeout(this.#typingIdle)
    this.#typingIdle = setTimeout(() => this.#stopTyping(), TYPING_IDLE_MS)
  }

  #stopTyping() {
    clearTimeout(this.#typingIdle)
    if (this.#typingSentAt === 0 || !this.state.open) return
    this.#typingSentAt = 0
    this.socket.send({ type: 'typing', conversationId: this.state.open.id, typing: false })
  }

  // ---- frames ----

  #welcomed(first: boolean) {
    for (const item of this.state.outbox) {
      if (item.state === 'sending') this.socket.send(sendFrame(item))
    }
    this.#readSent.clear()
    const open = this.state.open
    // Loaded after the hello went (so not resumed by it): watched now, from where the history ends.
    if (open && !open.loading && !open.missing && this.#resumedInHello !== open.id) {
      this.socket.send({ type: 'watch', conversationId: open.id, afterSeq: resumeFrom(open.messages) })
    }
    // Summaries missed while the socket was down are not replayed: the lists are read again, and
    // the open conversation too (a colleague may have taken or resolved it meanwhile).
    void this.reloadLists()
    if (!first) {
      void this.#loadDirectory()
      if (open && !open.loading && !open.missing) void this.#refreshOpen(open.id)
    }
  }

  async #refreshOpen(id: string) {
    const conversation = await this.auth.request<ConversationView>('GET', `/v1/conversations/${encodeURIComponent(id)}`).catch(() => null)
    if (conversation && this.state.open?.id === id) this.#patchOpen({ conversation })
  }

  #onFrame(frame: ServerFrame) {
    switch (frame.type) {
      case 'summaries':
        return this.#onSummaries(frame.conversations)
      case 'message':
        return this.#onMessage(frame.message)
      case 'stream':
        return this.#onStream(frame)
      case 'ack':
        return this.#onAck(frame)
      case 'conversation':
        if (this.state.open?.id === frame.conversation.id) this.#patchOpen({ conversation: frame.conversation })
        return
      case 'routing':
        if (frame.event === 'reopened') this.#set({ reopened: new Set(this.state.reopened).add(frame.conversationId) })
        if (frame.event === 'resolved' && this.state.reopened.has(frame.conversationId)) {
          const reopened = new Set(this.state.reopened)
          reopened.delete(frame.conversationId)
          this.#set({ reopened })
        }
        return
      case 'typing':
        if (frame.role === 'visitor' && this.state.open?.id === frame.conversationId) {
          this.#patchOpen({ customerTypingUntil: frame.typing ? Date.now() + PEER_TYPING_MS : 0 })
          if (frame.typing) setTimeout(() => this.#set({}), PEER_TYPING_MS + 50)
        }
        return
      case 'read':
        return this.#onRead(frame)
      case 'resumed':
        if (frame.more && this.state.open?.id === frame.conversationId) this.socket.send({ type: 'resume', conversations: [{ conversationId: frame.conversationId, afterSeq: frame.lastSeq }] })
        return
      case 'status':
        if (frame.agentId === this.me.id && this.me.status !== frame.status) this.auth.update({ ...this.me, status: frame.status })
        return this.#patchAgent(frame.agentId, { status: frame.status })
      case 'presence': {
        const connected = new Set(this.state.connected)
        if (frame.connected) connected.add(frame.agentId)
        else connected.delete(frame.agentId)
        return this.#set({ connected })
      }
      case 'visitor':
        if (this.state.open?.visitor?.id === frame.visitor.id) this.#patchOpen({ visitor: frame.visitor })
        return
      case 'error':
        return this.#onError(frame)
      default:
        return
    }
  }

  #onMessage(message: MessageView) {
    if (message.clientId) {
      const sent = this.state.outbox.some((item) => item.clientId === message.clientId)
      if (sent) this.#setOutbox(this.state.outbox.filter((item) => item.clientId !== message.clientId))
    }
    const open = this.state.open
    if (!open || open.id !== message.conversationId) return
    const customerWrote = message.kind === 'customer'
    this.#patchOpen({ messages: mergeMessages(open.messages, [message]), ...(customerWrote ? { customerTypingUntil: 0 } : {}) })
    this.markRead()
  }

  #onStream(frame: Frame<'stream'>) {
    const open = this.state.open
    if (!open || open.id !== frame.conversationId) return
    const messages = open.messages.map((m) => (m.seq === frame.seq ? { ...m, text: m.text + frame.delta } : m))
    this.#patchOpen({ messages })
  }

  #onAck(frame: Frame<'ack'>) {
    const item = this.state.outbox.find((i) => i.clientId === frame.clientId)
    if (!item) return
    this.#setOutbox(this.state.outbox.filter((i) => i.clientId !== frame.clientId))
    const open = this.state.open
    // The message frame usually comes first; where it has not (yet), the acked text stands in for it.
    if (open && open.id === frame.conversationId && !open.messages.some((m) => m.seq === frame.seq)) {
      const message: MessageView = {
        id: frame.clientId,
        conversationId: frame.conversationId,
        seq: frame.seq,
        kind: item.note ? 'note' : 'agent',
        visibility: item.note ? 'internal' : 'public',
        authorId: this.me.id,
        authorName: this.me.name,
        text: item.text,
        notice: null,
        citations: [],
        clientId: frame.clientId,
        status: 'complete',
        outcome: null,
        createdAt: frame.createdAt,
      }
      this.#patchOpen({ messages: mergeMessages(open.messages, [message]) })
      this.markRead()
    }
  }

  #onRead(frame: Frame<'read'>) {
    const open = this.state.open
    if (frame.role === 'visitor') {
      if (open?.id === frame.conversationId && frame.seq > open.customerReadSeq) this.#patchOpen({ customerReadSeq: frame.seq })
      return
    }
    // This agent read it in another tab.
    const row = this.state.rows.get(frame.conversationId)
    if (frame.actorId === this.me.id && row && row.readSeq < frame.seq) this.#set({ rows: new Map(this.state.rows).set(row.id, { ...row, readSeq: frame.seq }) })
  }

  #onError(frame: Frame<'error'>) {
    if (!frame.clientId) return
    const item = this.state.outbox.find((i) => i.clientId === frame.clientId)
    if (!item) return
    if (frame.code === 'ERR_FRAME_RATE_LIMITED') {
      setTimeout(() => this.retry(item.clientId), RATE_LIMITED_RETRY_MS)
      return
    }
    this.#setOutbox(this.state.outbox.map((i) => (i.clientId === frame.clientId ? { ...i, state: 'failed' as const, error: frame.message } : i)))
  }
}
