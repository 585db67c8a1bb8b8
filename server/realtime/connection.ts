// One authenticated WebSocket: who it acts as, what it listens to, and how fast it may talk.
import type { WebSocket } from 'ws'
import type { ErrorCode } from '../../protocol/errors.ts'
import { ERRORS } from '../../protocol/errors.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import type { Agent, AgentSession, Site, Visitor } from '../store/records.ts'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import {
  FLOOD_DROPS_MAX,
  FLOOD_WINDOW_MS,
  FRAME_BURST,
  FRAMES_PER_SECOND,
  LIVE_HELD_MAX_BYTES,
  LIVE_HELD_MAX_FRAMES,
  SEND_BUFFER_MAX_BYTES,
} from '../../protocol/limits.ts'
import type { Bus, BusListener } from './bus.ts'
import { FrameAllowance } from './frame-allowance.ts'
import { frameBytes } from './outgoing.ts'

/** The TCP socket under a WebSocket, for grouping writes (net.Socket's cork/uncork). */
export interface Transport {
  cork(): void
  uncork(): void
}

export type Actor =
  | { role: 'visitor'; site: Site; visitor: Visitor }
  | { role: 'agent'; agent: Agent; session: AgentSession }

/** What a connection needs from outside; tests pass their own clock and lower bounds. */
export interface ConnectionOptions {
  /** Milliseconds since the epoch, as Date.now. */
  now: () => number
  /** Bytes waiting to go out past which the client is taken to be not reading (closed LAGGING). */
  sendBufferMaxBytes: number
  /** Live frames (count, bytes) held back during a resume past which the socket closes LAGGING. */
  liveHeldMaxFrames: number
  liveHeldMaxBytes: number
  /** The frame allowance: refilled at framesPerSecond, holding at most frameBurst. */
  framesPerSecond: number
  frameBurst: number
  /** The actor's allowance, shared by all its sockets; a socket of its own when not given. */
  allowance?: FrameAllowance
}

const CONNECTION_DEFAULTS: ConnectionOptions = {
  now: Date.now,
  sendBufferMaxBytes: SEND_BUFFER_MAX_BYTES,
  liveHeldMaxFrames: LIVE_HELD_MAX_FRAMES,
  liveHeldMaxBytes: LIVE_HELD_MAX_BYTES,
  framesPerSecond: FRAMES_PER_SECOND,
  frameBurst: FRAME_BURST,
}

export class Connection {
  #actor: Actor
  readonly #socket: WebSocket
  /** The topics it listens to, each with what stops listening. */
  readonly #topics = new Map<string, () => void>()
  #closedByServer = false
  readonly #options: ConnectionOptions
  readonly #now: () => number
  readonly #allowance: FrameAllowance
  /** Frames from the bus (serialized) held back while a resume sends history; null when none is running. */
  #held: (string | Buffer)[] | null = null
  #heldBytes = 0

  readonly #transport: Transport | null
  #corked = false

  constructor(socket: WebSocket, actor: Actor, options: Partial<ConnectionOptions> = {}, transport: Transport | null = null) {
    this.#socket = socket
    this.#transport = transport
    this.#actor = actor
    this.#options = { ...CONNECTION_DEFAULTS, ...options }
    this.#now = this.#options.now
    this.#allowance =
      this.#options.allowance ??
      new FrameAllowance(
        { framesPerSecond: this.#options.framesPerSecond, frameBurst: this.#options.frameBurst, floodDropsMax: FLOOD_DROPS_MAX, floodWindowMs: FLOOD_WINDOW_MS },
        this.#now(),
      )
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

  /** Sends the frame; false when it was not (the socket is closing, or has just been closed as lagging). */
  send(frame: ServerFrame): boolean {
    return this.sendSerialized(JSON.stringify(frame))
  }

  /**
   * Sends a frame already serialized (measured first, by a resume). Back-pressure: a client whose
   * socket has over sendBufferMaxBytes still waiting is not reading; rather than buffer without end,
   * it is closed LAGGING, and it resumes from what it holds once it reconnects.
   */
  sendSerialized(data: string | Buffer): boolean {
    if (this.#closedByServer || this.#socket.readyState !== this.#socket.OPEN) return false
    if (this.#socket.bufferedAmount > this.#options.sendBufferMaxBytes) {
      this.close(CLOSE_CODES.LAGGING, 'resume again')
      return false
    }
    this.#groupWrites()
    this.#socket.send(data, { binary: false })
    return true
  }

  /**
   * Frames sent in one turn of the event loop leave in one write: under load an agent's socket gets
   * many per turn, and a system call per frame was the largest single cost of relaying a message.
   * Nothing waits longer than the rest of the current turn.
   */
  #groupWrites(): void {
    if (this.#corked || !this.#transport) return
    this.#corked = true
    this.#transport.cork()
    setImmediate(() => {
      this.#corked = false
      this.#transport!.uncork()
    })
  }

  /** A frame from the bus: sent now, or after the resume in progress (closed LAGGING past the bounds). */
  sendLive(frame: ServerFrame): void {
    const data = frameBytes(frame)
    if (!this.#held) return void this.sendSerialized(data)
    if (this.#closedByServer) return
    this.#held.push(data)
    this.#heldBytes += Buffer.byteLength(data)
    if (this.#held.length > this.#options.liveHeldMaxFrames || this.#heldBytes > this.#options.liveHeldMaxBytes) {
      this.#held.length = 0
      this.close(CLOSE_CODES.LAGGING, 'resume again')
    }
  }

  /**
   * Runs `work` (a resume) with live frames held back, then sends them: clients keep a message only
   * if its seq is higher than any seen, so a live seq 234 before history 1..233 would hide all of it.
   */
  async holdingLive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#held) return work()
    this.#held = []
    this.#heldBytes = 0
    try {
      return await work()
    } finally {
      const held = this.#held
      this.#held = null
      for (const data of held) if (!this.sendSerialized(data)) break
    }
  }

  sendError(code: ErrorCode, message: string = ERRORS[code].message, clientId?: string): void {
    this.send(clientId === undefined ? { type: 'error', code, message } : { type: 'error', code, message, clientId })
  }

  /** Joins a topic until left or disposed; joining one twice changes nothing (each event arrives once). */
  listen(bus: Bus, topic: string, listener: BusListener): void {
    if (this.#topics.has(topic)) return
    this.#topics.set(topic, bus.subscribe(topic, listener))
  }

  /** Leaves a topic; one not joined changes nothing. */
  unlisten(topic: string): void {
    this.#topics.get(topic)?.()
    this.#topics.delete(topic)
  }

  /** The actor's token bucket: false when this frame is over the rate and must be dropped. */
  takeFrameToken(): boolean {
    return this.#allowance.take(this.#now())
  }

  /**
   * Sustained flooding: FLOOD_DROPS_MAX frames dropped within FLOOD_WINDOW_MS. Older drops are
   * forgiven, so a long-lived socket's occasional bursts over the allowance never add up to a close.
   */
  get flooding(): boolean {
    return this.#allowance.flooding(this.#now())
  }

  close(code: number, reason: string): void {
    if (this.#closedByServer) return
    this.#closedByServer = true
    this.#socket.close(code, reason)
  }

  dispose(): void {
    for (const unsubscribe of this.#topics.values()) unsubscribe()
    this.#topics.clear()
  }
}
