// One authenticated WebSocket: who it acts as, what it listens to, and how fast it may talk.
import type { WebSocket } from 'ws'
import type { ErrorCode } from '../../protocol/errors.ts'
import { ERRORS } from '../../protocol/errors.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import type { Agent, AgentSession, Site, Visitor } from '../store/records.ts'
import { FLOOD_DROPS_MAX, FLOOD_WINDOW_MS, FRAME_BURST, FRAMES_PER_SECOND } from '../../protocol/limits.ts'
import type { Bus, BusListener } from './bus.ts'

export type Actor =
  | { role: 'visitor'; site: Site; visitor: Visitor }
  | { role: 'agent'; agent: Agent; session: AgentSession }

/** What a connection needs from outside; tests pass their own clock. */
export interface ConnectionOptions {
  /** Milliseconds since the epoch, as Date.now. */
  now: () => number
}

const CONNECTION_DEFAULTS: ConnectionOptions = { now: Date.now }

export class Connection {
  #actor: Actor
  readonly #socket: WebSocket
  readonly #unsubscribes: (() => void)[] = []
  readonly #topics = new Set<string>()
  #closedByServer = false
  readonly #now: () => number
  #tokens = FRAME_BURST
  #refilledAt: number
  /** When each recently dropped frame was dropped, oldest first: only drops within FLOOD_WINDOW_MS count. */
  readonly #drops: number[] = []
  /** Frames from the bus held back while a resume sends history; null when none is running. */
  #held: ServerFrame[] | null = null

  constructor(socket: WebSocket, actor: Actor, options: Partial<ConnectionOptions> = {}) {
    this.#socket = socket
    this.#actor = actor
    const { now } = { ...CONNECTION_DEFAULTS, ...options }
    this.#now = now
    this.#refilledAt = now()
  }

  /** Who this socket acts as; for a visitor, as verified so far (see `verifiedAs`). */
  get actor(): Actor {
    return this.#actor
  }

  /**
   * The visitor was verified (on any socket or server): from now on this socket acts as that user,
   * so it may open their other devices' conversations. false when this socket is not that visitor's.
   */
  verifiedAs(visitorId: string, externalId: string): boolean {
    const actor = this.#actor
    if (actor.role !== 'visitor' || actor.visitor.id !== visitorId) return false
    this.#actor = { ...actor, visitor: { ...actor.visitor, externalId } }
    return true
  }

  /**
   * True once the server has closed it (blocked, revoked, flooding): frames still arriving then are
   * not acted on. A client closing it itself does not count: what it sent before leaving still is.
   */
  get closedByServer(): boolean {
    return this.#closedByServer
  }

  get workspaceId(): string {
    return this.actor.role === 'visitor' ? this.actor.site.workspaceId : this.actor.agent.workspaceId
  }

  get actorId(): string {
    return this.actor.role === 'visitor' ? this.actor.visitor.id : this.actor.agent.id
  }

  send(frame: ServerFrame): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(frame))
  }

  /** A frame from the bus: sent now, or after the resume in progress. */
  sendLive(frame: ServerFrame): void {
    if (this.#held) this.#held.push(frame)
    else this.send(frame)
  }

  /**
   * Runs `work` (a resume) with live frames held back, then sends them: clients keep a message only
   * if its seq is higher than any seen, so a live seq 234 before history 1..233 would hide all of it.
   */
  async holdingLive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#held) return work()
    this.#held = []
    try {
      return await work()
    } finally {
      const held = this.#held
      this.#held = null
      for (const frame of held) this.send(frame)
    }
  }

  sendError(code: ErrorCode, message: string = ERRORS[code].message, clientId?: string): void {
    this.send(clientId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, clientId })
  }

  /** Joins a topic until dispose; joining one twice changes nothing (each event arrives once). */
  listen(bus: Bus, topic: string, listener: BusListener): void {
    if (this.#topics.has(topic)) return
    this.#topics.add(topic)
    this.#unsubscribes.push(bus.subscribe(topic, listener))
  }

  /** A token bucket: false when this frame is over the rate and must be dropped. */
  takeFrameToken(): boolean {
    const now = this.#now()
    this.#tokens = Math.min(FRAME_BURST, this.#tokens + ((now - this.#refilledAt) / 1000) * FRAMES_PER_SECOND)
    this.#refilledAt = now
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return true
    }
    this.#drops.push(now)
    return false
  }

  /**
   * Sustained flooding: FLOOD_DROPS_MAX frames dropped within FLOOD_WINDOW_MS. Older drops are
   * forgiven, so a long-lived socket's occasional bursts over the allowance never add up to a close.
   */
  get flooding(): boolean {
    const since = this.#now() - FLOOD_WINDOW_MS
    let stale = 0
    while (stale < this.#drops.length && this.#drops[stale]! <= since) stale++
    this.#drops.splice(0, stale)
    return this.#drops.length >= FLOOD_DROPS_MAX
  }

  close(code: number, reason: string): void {
    this.#closedByServer = true
    this.#socket.close(code, reason)
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe()
    this.#topics.clear()
  }
}
