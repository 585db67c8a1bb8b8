// One authenticated WebSocket: who it acts as, what it listens to, and how fast it may talk.
import type { WebSocket } from 'ws'
import type { ErrorCode } from '../../protocol/errors.ts'
import { ERRORS } from '../../protocol/errors.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import type { Agent, AgentSession, Site, Visitor } from '../store/records.ts'
import type { Bus, BusListener } from './bus.ts'

export type Actor =
  | { role: 'visitor'; site: Site; visitor: Visitor }
  | { role: 'agent'; agent: Agent; session: AgentSession }

/** Frames per second a client may send on average; typing a message is a few. */
export const FRAMES_PER_SECOND = 20
/** How many frames may come at once (a resend of an offline outbox). */
export const FRAME_BURST = 60
/** Dropped frames after which a connection is taken for a flood and closed. */
export const FLOOD_DROPS_MAX = 200

export class Connection {
  #actor: Actor
  readonly #socket: WebSocket
  readonly #unsubscribes: (() => void)[] = []
  readonly #topics = new Set<string>()
  #closedByServer = false
  #tokens = FRAME_BURST
  #refilledAt = Date.now()
  #dropped = 0
  /** Frames from the bus held back while a resume sends history; null when none is running. */
  #held: ServerFrame[] | null = null

  constructor(socket: WebSocket, actor: Actor) {
    this.#socket = socket
    this.#actor = actor
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
    const now = Date.now()
    this.#tokens = Math.min(FRAME_BURST, this.#tokens + ((now - this.#refilledAt) / 1000) * FRAMES_PER_SECOND)
    this.#refilledAt = now
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return true
    }
    this.#dropped++
    return false
  }

  get flooding(): boolean {
    return this.#dropped >= FLOOD_DROPS_MAX
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
