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
  readonly actor: Actor
  readonly #socket: WebSocket
  readonly #unsubscribes: (() => void)[] = []
  #tokens = FRAME_BURST
  #refilledAt = Date.now()
  #dropped = 0

  constructor(socket: WebSocket, actor: Actor) {
    this.#socket = socket
    this.actor = actor
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

  sendError(code: ErrorCode, message: string = ERRORS[code].message, clientId?: string): void {
    this.send(clientId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, clientId })
  }

  listen(bus: Bus, topic: string, listener: BusListener): void {
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
    this.#socket.close(code, reason)
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe()
  }
}
