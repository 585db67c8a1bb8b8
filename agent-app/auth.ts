// Who is signed in, and their REST calls. The access token lives in this tab's memory only; the
// refresh token is an httpOnly cookie the page never sees. The token is refreshed before it expires
// and again whenever the server says it has, so neither a reload nor an idle hour signs the agent out
// while their session lives. Refreshing spends the cookie's token (a spent one presented again revokes
// the session), so tabs refresh one at a time under a Web Lock, and a tab that waited takes the token
// the other one got (shared on a BroadcastChannel) instead of spending the new cookie as well.
import type { AgentView, SessionReply } from '../protocol/rest/agents.ts'
import { ApiError } from '../ui/api-error.ts'
import { refreshDelayMs } from './timing.ts'


/** A refresh that could not reach the server is tried again this soon. */
const RETRY_REFRESH_MS = 5000
/** A request unanswered this long is given up as unreachable. */
const REQUEST_TIMEOUT_MS = 15_000

type ChannelMessage = { kind: 'session'; reply: SessionReply; expiresAt: number } | { kind: 'signed-out' }

/** Codes after which signing in again is the only way on. */
const SIGNED_OUT_CODES = new Set(['ERR_AUTH_REFRESH_INVALID', 'ERR_AUTH_REFRESH_REUSED', 'ERR_AUTH_SESSION_REVOKED', 'ERR_AUTH_TOKEN_INVALID', 'ERR_AUTH_REQUIRED'])

export class Auth {
  agent: AgentView | null = null
  #token: string | null = null
  #expiresAt = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #refreshing: Promise<boolean> | null = null
  readonly #listeners = new Set<() => void>()
  readonly #channel: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('tandem-agent-session') : null

  constructor() {
    this.#channel?.addEventListener('message', (event: MessageEvent<ChannelMessage>) => {
      const message = event.data
      if (message.kind === 'signed-out') return this.#forget()
      // Another tab refreshed or signed in: the browser's one refresh cookie is that session's now,
      // so this tab follows it (a tab of another agent would become that agent at its next refresh
      // anyway; its own outbox and drafts are kept under its own agent id).
      if (message.kind === 'session' && message.expiresAt > this.#expiresAt) {
        this.#adopt(message.reply, message.expiresAt)
      }
    })
    // A tab that slept (a laptop lid, a throttled background timer) renews as soon as it is seen again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.#token && Date.now() > this.#expiresAt - 30_000) void this.refresh()
    })
  }

  get token(): string | null {
    return this.#token
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async signIn(email: string, password: string): Promise<AgentView> {
    const reply = await this.#call<SessionReply>('POST', '/v1/auth/login', { email, password })
    this.#accept(reply)
    return reply.agent
  }

  /** At start: the refresh cookie, if it still holds a session, signs this tab in. */
  async restore(): Promise<boolean> {
    return this.refresh()
  }

  /** Renews the access token; false when the session is over (the agent is then signed out). */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#refreshOnce().finally(() => (this.#refreshing = null))
    return this.#refreshing
  }

  async #refreshOnce(): Promise<boolean> {
    const startedWith = this.#expiresAt
    const run = async () => {
      // Another tab renewed while this one waited for the lock: its token is ours already.
      if (this.#expiresAt > startedWith && this.#expiresAt - Date.now() > 30_000) return true
      try {
        this.#accept(await this.#call<SessionReply>('POST', '/v1/auth/refresh', null))
        return true
      } catch (error) {
        if (error instanceof ApiError && (SIGNED_OUT_CODES.has(error.code) || error.status === 401)) {
          this.#forget()
          return false
        }
        // The server is away for now: a signed-in tab tries again soon, still signed in (a tab
        // restoring its session is retried by whoever asked).
        if (this.#token !== null) this.#schedule(RETRY_REFRESH_MS)
        throw error
      }
    }
    return navigator.locks ? navigator.locks.request('tandem-agent-refresh', run) : run()
  }

  /**
   * Ends the session on the server, then in every tab. If the server cannot be reached this throws and
   * the agent stays signed in: forgetting only here would leave the refresh cookie alive, and the next
   * reload would be signed in again.
   */
  async signOut(): Promise<void> {
    await this.#call('POST', '/v1/auth/logout', null)
    this.#channel?.postMessage({ kind: 'signed-out' } satisfies ChannelMessage)
    this.#forget()
  }

  /** The server ended this session (revoked, deactivated): signed out here without a logout call. */
  endHere(): void {
    this.#forget()
  }

  /** The agent changed (a new password, a new name): what the rest of the app shows. */
  update(agent: AgentView): void {
    this.agent = agent
    this.#emit()
  }

  /**
   * An authenticated call; an expired token is renewed and the call made once more. `timeoutMs` is
   * for the few calls that may rightly take longer than REQUEST_TIMEOUT_MS (a large import).
   */
  request<T>(method: string, path: string, body?: unknown, { timeoutMs = REQUEST_TIMEOUT_MS } = {}): Promise<T> {
    return this.#authenticated((token) => this.#call<T>(method, path, body, token, timeoutMs))
  }

  /** A file the API makes (a CSV export), as a request would fetch it, for the page to save. */
  download(path: string, { timeoutMs = REQUEST_TIMEOUT_MS } = {}): Promise<Blob> {
    return this.#authenticated((token) => this.#call<Blob>('GET', path, undefined, token, timeoutMs, 'blob'))
  }

  async #authenticated<T>(call: (token: string | null) => Promise<T>): Promise<T> {
    try {
      return await call(this.#token)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      if (error.code === 'ERR_AUTH_TOKEN_EXPIRED' && (await this.refresh())) return call(this.#token)
      if (SIGNED_OUT_CODES.has(error.code)) this.#forget()
      throw error
    }
  }

  async #call<T>(method: string, path: string, body: unknown, token?: string | null, timeoutMs = REQUEST_TIMEOUT_MS, read: 'json' | 'blob' = 'json'): Promise<T> {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      // Bounded: a refresh hung on a dead connection would hold every tab's refresh lock.
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal: AbortSignal.timeout(timeoutMs) })
    } catch {
      throw new ApiError('ERR_NETWORK', 'The server could not be reached.', 0)
    }
    if (res.status === 204) return undefined as T
    if (res.ok && read === 'blob') return (await res.blob()) as T
    const parsed = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    if (!res.ok) throw new ApiError(parsed?.error?.code ?? 'ERR_HTTP', parsed?.error?.message ?? res.statusText, res.status, parsed?.error ?? {})
    return parsed as T
  }

  #accept(reply: SessionReply) {
    const expiresAt = Date.now() + reply.expiresIn * 1000
    this.#adopt(reply, expiresAt)
    this.#channel?.postMessage({ kind: 'session', reply, expiresAt } satisfies ChannelMessage)
  }

  #adopt(reply: SessionReply, expiresAt: number) {
    this.#token = reply.accessToken
    this.#expiresAt = expiresAt
    this.agent = reply.agent
    this.#schedule(refreshDelayMs((expiresAt - Date.now()) / 1000))
    this.#emit()
  }

  #schedule(delayMs: number) {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.refresh().catch(() => {}), delayMs)
  }

  #forget() {
    clearTimeout(this.#timer)
    const wasSignedIn = this.#token !== null || this.agent !== null
    this.#token = null
    this.#expiresAt = 0
    this.agent = null
    if (wasSignedIn) this.#emit()
  }

  #emit() {
    for (const listener of this.#listeners) listener()
  }
}
