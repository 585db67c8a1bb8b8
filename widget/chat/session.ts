// One customer's chat on this page: the visitor, the conversation, the socket and the outbox, as
// state the view draws. Nothing a customer typed is lost: it waits in the outbox (kept in storage)
// until the server acks it, and is resent with its clientId after any reconnect, which the server
// answers with the original ack when it had already stored it. Every message is shown once: the
// highest seq seen per conversation wins, and a resume fills exactly the gap.
import type { CLOSE_CODES } from '../../protocol/close-codes.ts'
import type * as Frames from '../../protocol/frames.ts'
import type { ClientFrame, ServerFrame } from '../../protocol/frames.ts'
import type { ConversationRow, MessageView } from '../../protocol/rest/conversations.ts'
import type { WidgetConfigView } from '../../protocol/rest/sites.ts'
import type { TandemAttributes, TandemIdentity } from '../api.d.ts'
import { VISITOR_KEYS } from '../visitor-keys.ts'
import { ApiError, type Api } from './api.ts'
import type { SiteStorage } from './storage.ts'

const PROTOCOL: (typeof Frames)['PROTOCOL_VERSION'] = 2
// The two close codes the widget acts on, checked against protocol/ by type (the table itself costs bytes).
const AUTH_FAILED: (typeof CLOSE_CODES)['AUTH_FAILED'] = 4002
const VISITOR_BLOCKED: (typeof CLOSE_CODES)['VISITOR_BLOCKED'] = 4007
/** Reconnect backoff: doubles from the first to the cap, each wait jittered down to half. */
const RECONNECT_FIRST_MS = 500
const RECONNECT_MAX_MS = 30_000
/** A frame refused for its rate is tried again after this long. */
const RATE_LIMITED_RETRY_MS = 1500
/** A repeated `typing: true` is sent at most this often; `false` after this long without a key. */
const TYPING_REPEAT_MS = 2000
const TYPING_IDLE_MS = 3000
/** Settings older than this are read again when the chat opens (availability moves with the hours). */
const CONFIG_FRESH_MS = 60_000
/** Someone else's `typing: true` is over after this long without a repeat (the protocol says 6 s). */
const PEER_TYPING_MS = 6000

type Frame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>

export interface OutboxItem {
  clientId: string
  text: string
  createdAt: string
  /** sending: waiting for its ack (or for the socket); failed: refused, see `error`. */
  state: 'sending' | 'failed'
  error?: string
}

export type Connection = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'blocked'

export interface ChatState {
  config: WidgetConfigView | null
  connection: Connection
  conversationId: string | null
  status: 'open' | 'resolved' | null
  /** In seq order, each seq once. */
  messages: MessageView[]
  hasOlder: boolean
  outbox: OutboxItem[]
  /** Acked clientIds whose message frame has not arrived yet: shown as delivered. */
  delivered: Set<string>
  /** The support side has read up to here. */
  supportReadSeq: number
  /** The customer (on any of their tabs and devices) has read up to here. */
  customerReadSeq: number
  typing: { role: 'agent' | 'ai'; until: number } | null
  queue: Frame<'queue'> | null
  assignee: { id: string; name: string } | null
  /** This device has a visitor (so it may have conversations to list). */
  known: boolean
  /** The customer's conversations, newest first, while the list is shown; null otherwise. */
  list: ConversationRow[] | null
  /** The site's pre-chat form was answered on this device (or there is none to answer). */
  preChatDone: boolean
  /** The customer's rating of this (resolved) conversation, once given. */
  rating: { score: number; comment: string | null } | null
  problem: string | null
}

let counter = 0
const newClientId = () => `w${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`

export class ChatSession {
  state: ChatState = {
    config: null,
    connection: 'idle',
    conversationId: null,
    status: null,
    messages: [],
    hasOlder: false,
    outbox: [],
    delivered: new Set(),
    supportReadSeq: 0,
    customerReadSeq: 0,
    typing: null,
    queue: null,
    assignee: null,
    rating: null,
    known: false,
    list: null,
    preChatDone: false,
    problem: null,
  }
  readonly #api: Api
  readonly #storage: SiteStorage
  readonly #wsUrl: string
  readonly #siteKey: string
  readonly #listeners = new Set<() => void>()
  readonly #refusals = new Set<(error: ApiError) => void>()
  #socket: WebSocket | null = null
  #attempt = 0
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined
  #heartbeat: ReturnType<typeof setInterval> | undefined
  #heardAt = 0
  #heartbeatMs = 25_000
  #token: string | null
  #starting: Promise<void> | null = null
  #typingSentAt = 0
  #typingIdle: ReturnType<typeof setTimeout> | undefined
  #firstInFlight: string | null = null
  #configAt = 0

  constructor(api: Api, storage: SiteStorage, serverUrl: string, siteKey: string) {
    this.#api = api
    this.#siteKey = siteKey
    this.#storage = storage
    this.#wsUrl = serverUrl.replace(/^http/, 'ws') + 'v1/ws'
    this.#token = storage.get<string>('token')
    this.state.conversationId = storage.get<string>('conversation')
    this.state.preChatDone = storage.get('prechat') === 1
    this.state.known = this.#token !== null
    this.state.outbox = (storage.get<OutboxItem[]>('outbox') ?? []).map((item) => ({ ...item, state: 'sending' as const }))
    storage.onChange((name, value) => {
      // Another tab made the visitor, started the conversation, or shut the widget down.
      if (name === 'token') {
        if (value === null) return this.#forget()
        if (typeof value !== 'string' || value === this.#token) return
        // Another tab made a visitor, or left a verified one behind for a new one: follow it.
        if (this.#token === null) {
          this.#token = value
          this.#set({ known: true })
          if (this.#starting) this.#connect()
          return
        }
        const started = this.#starting !== null
        this.#forget()
        this.#token = value
        this.#set({ known: true })
        if (started) void this.start()
      }
      if (name === 'conversation' && typeof value === 'string' && value !== this.state.conversationId) void this.#follow(value)
      // Another tab started a new conversation after a resolved one.
      if (name === 'conversation' && value === null && this.state.conversationId !== null) this.#leave()
    })
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Something the page asked for (identify, setAttributes) was refused by the server. */
  onRefused(listener: (error: ApiError) => void): void {
    this.#refusals.add(listener)
  }

  /**
   * The site's signed-in user. A visitor is made for them now (their other devices' conversations
   * are theirs here too); a visitor verified as someone else is left behind for a new one.
   */
  async identify(identity: TandemIdentity): Promise<void> {
    const { userId, hash, name, email } = (identity ?? {}) as Partial<TandemIdentity>
    if (typeof userId !== 'string' || typeof hash !== 'string') {
      return this.#refuse(new ApiError('ERR_REQUEST_INVALID', 'identify: { userId, hash } expected', 0))
    }
    const body = { userId, userHash: hash, ...(typeof name === 'string' && name ? { name } : {}), ...(typeof email === 'string' && email ? { email } : {}) }
    try {
      try {
        await this.#api.identify(await this.#visitorToken(), body)
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'ERR_IDENTITY_ALREADY_VERIFIED')) throw error
        this.shutdown()
        await this.#api.identify(await this.#visitorToken(), body)
      }
    } catch (error) {
      this.#refuse(error)
    }
  }

  /**
   * Facts for the agents. An anonymous customer who has not written yet has no visitor: they wait in
   * storage until one is made, so a page view costs the server nothing.
   */
  async setAttributes(attributes: TandemAttributes): Promise<void> {
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return this.#refuse(new ApiError('ERR_REQUEST_INVALID', 'setAttributes: an object expected', 0))
    }
    const pending = { ...this.#storage.get<TandemAttributes>('attributes'), ...attributes }
    // Kept until the server has them: a refusal or a lost request leaves them for the next try.
    this.#storage.set('attributes', pending)
    if (!this.#token) return
    try {
      await this.#api.setAttributes(this.#token, pending)
      this.#storage.remove('attributes')
    } catch (error) {
      // Refused (not lost): sending them again would be refused again.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) this.#storage.remove('attributes')
      this.#refuse(error)
    }
  }

  #refuse(error: unknown): void {
    const refusal = error instanceof ApiError ? error : new ApiError('ERR_NETWORK', String(error), 0)
    for (const listener of this.#refusals) listener(refusal)
  }

  /** Whether this device has chatted here before (and may have something unread). */
  get returning(): boolean {
    return this.#token !== null
  }

  /** Config, history and the socket, for a returning customer; config alone for a new one. */
  start(): Promise<void> {
    this.#starting ??= this.#start()
    return this.#starting
  }

  async #start(): Promise<void> {
    try {
      if (!this.state.config) await this.refreshConfig()
      if (this.#token) {
        if (this.state.conversationId) await this.#loadHistory()
        this.#connect()
      }
    } catch (error) {
      this.#starting = null
      this.#problem(error)
    }
  }

  /** The site's settings, read again once they are a minute old. */
  async refreshConfig(): Promise<void> {
    if (this.state.config && Date.now() - this.#configAt < CONFIG_FRESH_MS) return
    const config = await this.#api.widgetConfig()
    this.#configAt = Date.now()
    this.#set({ config })
  }

  async #loadHistory(): Promise<void> {
    const conversationId = this.state.conversationId!
    try {
      const [page, list] = await Promise.all([this.#api.history(this.#token!, conversationId), this.#api.conversations(this.#token!)])
      const row = list.items.find((c) => c.id === conversationId)
      // Resolved: whether the customer rated it already decides what the chat offers.
      const rating = row?.status === 'resolved' ? (await this.#api.conversation(this.#token!, conversationId)).rating : null
      this.#merge(page.items)
      this.#set({
        hasOlder: page.hasMore,
        customerReadSeq: Math.max(this.state.customerReadSeq, row?.readSeq ?? 0),
        status: row?.status ?? this.state.status,
        rating,
        assignee: row?.assignee ? (this.state.assignee?.id === row.assignee ? this.state.assignee : { id: row.assignee, name: '' }) : null,
      })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ERR_CONVERSATION_NOT_FOUND') this.#set({ conversationId: null })
      else throw error
    }
  }

  /** A conversation this tab learnt of from another: its history, then live (a resume frame follows it). */
  async #follow(conversationId: string): Promise<void> {
    this.#leave({ conversationId, status: 'open' })
    if (!this.#token || !this.#starting) return
    try {
      await this.#loadHistory()
    } catch (error) {
      this.#problem(error)
    }
    this.#sendFrame({ type: 'resume', conversations: [{ conversationId, afterSeq: this.state.messages.at(-1)?.seq ?? 0 }] })
  }

  async loadOlder(): Promise<void> {
    const first = this.state.messages[0]
    if (!first || !this.#token || !this.state.conversationId) return
    try {
      const page = await this.#api.history(this.#token, this.state.conversationId, first.seq)
      this.#merge(page.items)
      this.#set({ hasOlder: page.hasMore })
    } catch (error) {
      this.#problem(error)
    }
  }

  /** The customer's message: shown at once as sending, sent when there is a socket, kept until acked. */
  async send(text: string): Promise<void> {
    const item: OutboxItem = { clientId: newClientId(), text, createdAt: new Date().toISOString(), state: 'sending' }
    this.#setOutbox([...this.state.outbox, item])
    this.#stopTyping()
    try {
      await this.#ensureVisitor()
    } catch (error) {
      this.#problem(error)
      return
    }
    this.#flushOutbox()
  }

  retry(clientId: string): void {
    this.#setOutbox(this.state.outbox.map((item) => (item.clientId === clientId ? { ...item, state: 'sending', error: undefined } : item)))
    if (!this.#token) void this.#ensureVisitor().then(() => this.#flushOutbox(), (error: unknown) => this.#problem(error))
    else this.#flushOutbox()
  }

  /** The pre-chat form's answers: a visitor is made for them, and they are kept as what the customer said. */
  async preChat(answers: Record<string, string>): Promise<void> {
    try {
      await this.#api.preChat(await this.#visitorToken(), answers)
      this.#storage.set('prechat', 1)
      this.#set({ preChatDone: true, problem: null })
    } catch (error) {
      this.#problem(error)
    }
  }

  /** The customer's rating of the resolved conversation (a second one replaces the first). */
  async rate(score: number, comment: string): Promise<void> {
    const conversationId = this.state.conversationId
    if (!this.#token || !conversationId) return
    try {
      const rated = await this.#api.rate(this.#token, conversationId, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) })
      this.#set({ rating: rated.rating })
    } catch (error) {
      this.#problem(error)
    }
  }

  /** The list of the customer's conversations (all their devices', once verified), or back from it. */
  async showList(show: boolean): Promise<void> {
    if (!show || !this.#token) return this.#set({ list: null })
    try {
      this.#set({ list: (await this.#api.conversations(this.#token)).items })
    } catch (error) {
      this.#problem(error)
    }
  }

  /** An older conversation from the list: its history, then live. */
  openConversation(conversationId: string): void {
    this.#storage.set('conversation', conversationId)
    this.#set({ list: null })
    if (conversationId !== this.state.conversationId) void this.#follow(conversationId)
  }

  /** Leaves the resolved conversation behind: the next message opens a new one. */
  newConversation(): void {
    this.#storage.remove('conversation')
    this.#leave({ list: null })
  }

  #leave(patch: Partial<ChatState> = {}): void {
    this.#set({ conversationId: null, status: null, messages: [], hasOlder: false, queue: null, assignee: null, rating: null, typing: null, customerReadSeq: 0, supportReadSeq: 0, ...patch })
  }

  /** The quick replies after an AI answer: shown as chosen at once, recorded by the server. */
  feedback(seq: number, outcome: 'confirmed' | 'more_help'): void {
    const conversationId = this.state.conversationId
    if (!conversationId || !this.#sendFrame({ type: 'feedback', conversationId, seq, outcome })) return
    this.#set({ messages: this.state.messages.map((m) => (m.seq === seq ? { ...m, outcome } : m)) })
  }

  /** "Talk to a person". */
  handoff(): void {
    if (this.state.conversationId) this.#sendFrame({ type: 'handoff', conversationId: this.state.conversationId })
  }

  /** The customer is typing in the composer. */
  typing(): void {
    const conversationId = this.state.conversationId
    if (!conversationId || this.state.connection !== 'online') return
    const now = Date.now()
    if (now - this.#typingSentAt > TYPING_REPEAT_MS) {
      this.#typingSentAt = now
      this.#sendFrame({ type: 'typing', conversationId, typing: true })
    }
    clearTimeout(this.#typingIdle)
    this.#typingIdle = setTimeout(() => this.#stopTyping(), TYPING_IDLE_MS)
  }

  #stopTyping(): void {
    clearTimeout(this.#typingIdle)
    if (this.#typingSentAt === 0 || !this.state.conversationId) return
    this.#typingSentAt = 0
    this.#sendFrame({ type: 'typing', conversationId: this.state.conversationId, typing: false })
  }

  /** The chat is open and visible: everything shown is read. */
  markRead(): void {
    const last = this.state.messages.at(-1)
    if (!last || !this.state.conversationId || last.seq <= this.state.customerReadSeq) return
    this.#set({ customerReadSeq: last.seq })
    this.#sendFrame({ type: 'read', conversationId: this.state.conversationId, seq: last.seq })
  }

  /** Messages from the support side the customer has not read. */
  get unread(): number {
    const from = this.state.customerReadSeq
    return this.state.messages.filter((m) => m.seq > from && (m.kind === 'agent' || m.kind === 'ai')).length
  }

  /** The page the customer is on, for the agents. */
  context(): void {
    if (this.state.connection !== 'online') return
    this.#sendFrame({
      type: 'context',
      url: location.href.slice(0, 2000),
      title: document.title.slice(0, 300),
      ...(document.referrer ? { referrer: document.referrer.slice(0, 2000) } : {}),
      locale: navigator.language,
      userAgent: navigator.userAgent.slice(0, 500),
    })
  }

  /** Forget this device's visitor: sockets closed, storage cleared; the next chat is someone new. */
  shutdown(): void {
    for (const name of VISITOR_KEYS) this.#storage.remove(name)
    this.#forget()
  }

  #forget(): void {
    this.#token = null
    this.#starting = null
    clearTimeout(this.#reconnectTimer)
    clearInterval(this.#heartbeat)
    // Let go first: its close event then finds it is no longer this session's, and reconnects nothing.
    const socket = this.#socket
    this.#socket = null
    socket?.close()
    this.#leave({ outbox: [], connection: 'idle', preChatDone: false, known: false, list: null })
  }

  async #ensureVisitor(): Promise<void> {
    await this.#visitorToken()
    if (!this.#socket) this.#connect()
  }

  /** This device's visitor, made on first need; attributes the page set meanwhile go with it. */
  async #visitorToken(): Promise<string> {
    if (this.#token) return this.#token
    const created = await this.#api.createVisitor()
    this.#token = created.visitorToken
    this.#storage.set('token', created.visitorToken)
    this.#set({ known: true })
    if (this.#storage.get('attributes')) void this.setAttributes({})
    return created.visitorToken
  }

  // ---- the socket ----

  #connect(): void {
    if (this.#socket || !this.#token) return
    this.#set({ connection: this.#attempt === 0 ? 'connecting' : 'reconnecting' })
    const socket = new WebSocket(this.#wsUrl)
    this.#socket = socket
    socket.onopen = () => {
      const last = this.state.messages.at(-1)?.seq ?? 0
      const resume = this.state.conversationId ? [{ conversationId: this.state.conversationId, afterSeq: last }] : undefined
      socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL, auth: { kind: 'visitor', siteKey: this.#siteKey, visitorToken: this.#token! }, ...(resume ? { resume } : {}) } satisfies ClientFrame))
    }
    socket.onmessage = (event) => {
      this.#heardAt = Date.now()
      let frame: ServerFrame
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame
      } catch {
        return
      }
      this.#handle(frame)
    }
    socket.onclose = (event) => {
      if (this.#socket !== socket) return
      this.#socket = null
      this.#firstInFlight = null
      clearInterval(this.#heartbeat)
      if (event.code === VISITOR_BLOCKED) return this.#set({ connection: 'blocked' })
      if (event.code === AUTH_FAILED) {
        // The token is no longer valid (removed on the server): start again as a new visitor.
        this.#storage.remove('token')
        this.#storage.remove('conversation')
        this.#token = null
        this.#set({ connection: 'idle', conversationId: null, messages: [] })
        if (this.state.outbox.length > 0) void this.#ensureVisitor().then(() => this.#flushOutbox(), (error: unknown) => this.#problem(error))
        return
      }
      this.#set({ connection: 'reconnecting' })
      const wait = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.#attempt++)
      this.#reconnectTimer = setTimeout(() => this.#connect(), wait / 2 + Math.random() * (wait / 2))
    }
  }

  #sendFrame(frame: ClientFrame): boolean {
    if (this.state.connection !== 'online' || !this.#socket) return false
    this.#socket.send(JSON.stringify(frame))
    return true
  }

  /** Everything still unacked, in order; a first message opens the conversation before the rest go. */
  #flushOutbox(): void {
    if (this.state.connection !== 'online') return
    for (const item of this.state.outbox) {
      if (item.state !== 'sending') continue
      const conversationId = this.state.conversationId
      if (!conversationId) {
        if (this.#firstInFlight && this.#firstInFlight !== item.clientId) return
        this.#firstInFlight = item.clientId
        this.#sendFrame({ type: 'send', clientId: item.clientId, text: item.text })
        return
      }
      this.#sendFrame({ type: 'send', clientId: item.clientId, conversationId, text: item.text })
    }
  }

  #handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.#attempt = 0
        this.#heartbeatMs = frame.heartbeatMs
        this.#set({ connection: 'online', problem: null })
        this.#startHeartbeat()
        this.context()
        this.#flushOutbox()
        return
      case 'ack': {
        if (this.#firstInFlight === frame.clientId) this.#firstInFlight = null
        if (!this.state.conversationId) this.#adopt(frame.conversationId)
        const delivered = new Set(this.state.delivered).add(frame.clientId)
        this.#set({ delivered })
        this.#setOutbox(this.state.outbox.filter((item) => item.clientId !== frame.clientId))
        this.#flushOutbox()
        return
      }
      case 'message':
        if (frame.message.conversationId !== this.state.conversationId) return
        this.#merge([frame.message])
        if (frame.message.kind !== 'customer') {
          this.#set({ typing: null })
        }
        return
      case 'stream': {
        if (frame.conversationId !== this.state.conversationId) return
        const messages = this.state.messages.map((m) => (m.seq === frame.seq ? { ...m, text: m.text + frame.delta } : m))
        this.#set({ messages, typing: null })
        return
      }
      case 'conversation':
        if (!this.state.conversationId) this.#adopt(frame.conversation.id)
        if (frame.conversation.id === this.state.conversationId) this.#set({ status: frame.conversation.status })
        return
      case 'typing':
        if (frame.conversationId !== this.state.conversationId || frame.role === 'visitor') return
        this.#set({ typing: frame.typing ? { role: frame.role === 'agent' ? 'agent' : 'ai', until: Date.now() + PEER_TYPING_MS } : null })
        if (frame.typing) setTimeout(() => this.state.typing && this.state.typing.until <= Date.now() && this.#set({ typing: null }), PEER_TYPING_MS + 50)
        return
      case 'read':
        if (frame.conversationId !== this.state.conversationId) return
        if (frame.role === 'visitor') this.#set({ customerReadSeq: Math.max(this.state.customerReadSeq, frame.seq) })
        else this.#set({ supportReadSeq: Math.max(this.state.supportReadSeq, frame.seq) })
        return
      case 'routing':
        if (frame.conversationId !== this.state.conversationId) return
        this.#set({
          assignee: frame.agent,
          queue: frame.event === 'queued' ? this.state.queue : null,
          status: frame.event === 'resolved' ? 'resolved' : 'open',
        })
        return
      case 'resumed':
        // The resume's budget ran out first: ask again from where it stopped.
        if (frame.more && frame.conversationId === this.state.conversationId) {
          this.#sendFrame({ type: 'resume', conversations: [{ conversationId: frame.conversationId, afterSeq: frame.lastSeq }] })
        }
        return
      case 'queue':
        if (frame.conversationId === this.state.conversationId) this.#set({ queue: frame })
        return
      case 'availability': {
        const { type: _, ...availability } = frame
        if (this.state.config) this.#set({ config: { ...this.state.config, availability } })
        return
      }
      case 'error':
        this.#refused(frame)
        return
      default:
        return
    }
  }

  #refused(frame: Frame<'error'>): void {
    if (frame.clientId === undefined) {
      if (frame.code !== 'ERR_FRAME_RATE_LIMITED') this.#set({ problem: frame.message })
      return
    }
    if (this.#firstInFlight === frame.clientId) this.#firstInFlight = null
    if (frame.code === 'ERR_FRAME_RATE_LIMITED') {
      setTimeout(() => this.#flushOutbox(), RATE_LIMITED_RETRY_MS)
      return
    }
    this.#setOutbox(this.state.outbox.map((item) => (item.clientId === frame.clientId ? { ...item, state: 'failed', error: frame.message } : item)))
  }

  #adopt(conversationId: string): void {
    this.#storage.set('conversation', conversationId)
    this.#set({ conversationId, status: 'open' })
  }

  #startHeartbeat(): void {
    clearInterval(this.#heartbeat)
    this.#heardAt = Date.now()
    this.#heartbeat = setInterval(() => {
      // Browsers answer the server's pings unseen; our own ping proves the way back works too.
      if (Date.now() - this.#heardAt > this.#heartbeatMs * 2) this.#socket?.close()
      else this.#sendFrame({ type: 'ping' })
    }, this.#heartbeatMs)
  }

  /** Messages by seq: a new seq is added in its place, a known one replaced (an AI answer completing). */
  #merge(incoming: MessageView[]): void {
    const bySeq = new Map(this.state.messages.map((m) => [m.seq, m]))
    let changed = false
    for (const message of incoming) {
      const known = bySeq.get(message.seq)
      if (known && known.status === message.status && known.text === message.text && known.outcome === message.outcome) continue
      bySeq.set(message.seq, message)
      changed = true
    }
    if (!changed) return
    const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq)
    const shown = new Set(messages.map((m) => m.clientId))
    // A message shown from the server is no longer waiting in the outbox, whichever tab sent it.
    const outbox = this.state.outbox.filter((item) => !shown.has(item.clientId))
    this.#set({ messages })
    if (outbox.length !== this.state.outbox.length) this.#setOutbox(outbox)
  }

  #setOutbox(outbox: OutboxItem[]): void {
    this.#storage.set('outbox', outbox)
    this.#set({ outbox })
  }

  #problem(error: unknown): void {
    this.#set({ problem: error instanceof ApiError && error.code === 'ERR_NETWORK' ? 'offline' : (error as Error).message })
  }

  #set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.#listeners) listener()
  }
}
