// This tab's one WebSocket: hello with the access token, heartbeat, reconnect with backoff, and a
// hello.resume for the conversations the app has open. Refused credentials (4002) renew the token
// once before trying again; a revoked session (4006) signs the agent out.
import type { CLOSE_CODES } from '../protocol/close-codes.ts'
import type * as Frames from '../protocol/frames.ts'
import type { ClientFrame, ServerFrame } from '../protocol/frames.ts'
import type { Auth } from './auth.ts'
import { reconnectDelayMs } from './timing.ts'

const PROTOCOL: (typeof Frames)['PROTOCOL_VERSION'] = 2
const AUTH_FAILED: (typeof CLOSE_CODES)['AUTH_FAILED'] = 4002
const SESSION_REVOKED: (typeof CLOSE_CODES)['SESSION_REVOKED'] = 4006
const HELLO_INVALID: (typeof CLOSE_CODES)['HELLO_INVALID'] = 4001
const PROTOCOL_UNSUPPORTED: (typeof CLOSE_CODES)['PROTOCOL_UNSUPPORTED'] = 4005

export type SocketState = 'connecting' | 'online' | 'reconnecting' | 'closed'
export type ResumePoint = { conversationId: string; afterSeq: number }

export interface SocketHandlers {
  frame(frame: ServerFrame): void
  /** Called at every (re)connect: where the app's open conversations were left. */
  resumePoints(): ResumePoint[]
  /** The socket is welcomed (first time or again): the app resends its outbox, refreshes its lists. */
  welcomed(first: boolean): void
  state(state: SocketState): void
}

export class AgentSocket {
  #socket: WebSocket | null = null
  #attempt = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  #heartbeat: ReturnType<typeof setInterval> | undefined
  /** A ping went out and nothing has been heard since. */
  #awaitingPong = false
  #welcomedOnce = false
  #stopped = false
  #authRetried = false
  state: SocketState = 'connecting'

  constructor(
    readonly url: string,
    readonly auth: Auth,
    readonly handlers: SocketHandlers,
  ) {}

  start(): void {
    this.#stopped = false
    this.#connect()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    clearInterval(this.#heartbeat)
    const socket = this.#socket
    this.#socket = null
    socket?.close(1000, 'signed out')
    this.#setState('closed')
  }

  /** False when the socket is not open: the caller keeps the frame (an outbox resends it on welcome). */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'online' || this.#socket?.readyState !== WebSocket.OPEN) return false
    this.#socket.send(JSON.stringify(frame))
    return true
  }

  #setState(state: SocketState) {
    if (this.state === state) return
    this.state = state
    this.handlers.state(state)
  }

  #connect() {
    const token = this.auth.token
    if (this.#stopped || !token) return
    this.#setState(this.#welcomedOnce ? 'reconnecting' : 'connecting')
    const socket = new WebSocket(this.url)
    this.#socket = socket
    socket.onopen = () => {
      const resume = this.handlers.resumePoints().slice(0, 100)
      socket.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL, auth: { kind: 'agent', accessToken: this.auth.token ?? token }, ...(resume.length ? { resume } : {}) } satisfies ClientFrame))
    }
    socket.onmessage = (event) => {
      if (socket !== this.#socket) return
      this.#awaitingPong = false
      let frame: ServerFrame
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame
      } catch {
        return
      }
      if (frame.type === 'welcome') {
        this.#attempt = 0
        this.#authRetried = false
        this.#setState('online')
        this.#beat(frame.heartbeatMs)
        const first = !this.#welcomedOnce
        this.#welcomedOnce = true
        this.handlers.welcomed(first)
        return
      }
      this.handlers.frame(frame)
    }
    socket.onclose = (event) => {
      if (socket !== this.#socket) return
      this.#socket = null
      clearInterval(this.#heartbeat)
      void this.#closed(event.code)
    }
  }

  async #closed(code: number) {
    if (this.#stopped) return
    if (code === SESSION_REVOKED) return this.auth.endHere()
    if (code === HELLO_INVALID || code === PROTOCOL_UNSUPPORTED) {
      // Reconnecting cannot help: this app and the server disagree. A reload fetches the current app.
      this.#setState('closed')
      return
    }
    this.#setState('reconnecting')
    if (code === AUTH_FAILED && !this.#authRetried) {
      // The token expired while the socket was down, or the session ended: renew once, then retry.
      this.#authRetried = true
      try {
        if (!(await this.auth.refresh())) return
        if (!this.#stopped) return this.#connect()
      } catch {
        // The server is away: fall through to the backoff.
      }
    }
    const delay = reconnectDelayMs(this.#attempt++)
    this.#timer = setTimeout(() => this.#connect(), delay)
  }

  /**
   * A ping each beat; a beat that finds the last ping unanswered (nothing at all heard since) ends the
   * connection, which the browser may not have noticed is gone. Counted in beats, not in wall time:
   * a background tab's timers are throttled to one a minute, and that must not look like silence.
   */
  #beat(heartbeatMs: number) {
    clearInterval(this.#heartbeat)
    this.#awaitingPong = false
    this.#heartbeat = setInterval(() => {
      if (this.#awaitingPong) {
        const dead = this.#socket
        this.#socket = null
        clearInterval(this.#heartbeat)
        dead?.close()
        void this.#closed(1006)
        return
      }
      this.#awaitingPong = this.send({ type: 'ping' })
    }, heartbeatMs)
  }
}
