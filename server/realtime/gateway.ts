// /v1/ws: one WebSocket per client carrying all its conversations. A socket proves who it is in its
// first frame, then every frame is parsed, validated, rate-limited and handled on its own: a bad
// frame gets an error frame and never touches another connection.
import websocket from '@fastify/websocket'
import type { FastifyInstance } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import {
  FLOOD_DROPS_MAX,
  FLOOD_WINDOW_MS,
  FRAME_BURST,
  FRAMES_PER_SECOND,
  LIVE_HELD_MAX_BYTES,
  LIVE_HELD_MAX_FRAMES,
  RESUME_MAX_BYTES,
  RESUME_MAX_MESSAGES,
  SEND_BUFFER_MAX_BYTES,
  SOCKETS_PER_AGENT_MAX,
  SOCKETS_PER_VISITOR_MAX,
  VISITOR_SOCKETS_PER_ADDRESS_MAX,
} from '../../protocol/limits.ts'
import {
  ContextFrame,
  HandoffFrame,
  FeedbackFrame,
  HelloFrame,
  PingFrame,
  PROTOCOL_VERSION,
  ReadFrame,
  ResumeFrame,
  SendFrame,
  SUPPORTED_PROTOCOL_VERSIONS,
  TypingFrame,
  UnwatchFrame,
  WatchFrame,
} from '../../protocol/frames.ts'
import type { AgentSessions } from '../auth/agent-sessions.ts'
import { isTandemError } from '../errors.ts'
import { conversationView } from '../http/views.ts'
import type { AgentPresence } from '../routing/agent-presence.ts'
import type { Routing } from '../routing/routing.ts'
import type { Store } from '../store/store.ts'
import { compileChecked, createAjv } from '../validator.ts'
import { topics, type Bus, type BusEvent } from './bus.ts'
import { Attention, attendTo, followVerifiedUser, holdAtHello } from './attention.ts'
import { Connection } from './connection.ts'
import { frameAllowances } from './frame-allowance.ts'
import { frameHandlers } from './frame-handlers.ts'
import { authenticateHello } from './hello.ts'
import type { RefusedOrigins } from '../refused-origins.ts'
import { liveSockets } from './live-sockets.ts'
import { socketCaps, type Place } from './socket-caps.ts'
import { onSocketError } from './socket-errors.ts'

/** Frames larger than this close the socket (1009): a message is at most 4000 characters. */
export const MAX_FRAME_BYTES = 64 * 1024

export interface RealtimeOptions {
  /** How long a new socket has to send `hello`. */
  helloTimeoutMs: number
  /** How often the server pings; a socket that has not answered the previous ping is dropped. */
  heartbeatMs: number
  /** Sockets one visitor, one agent, and visitor sockets one client address may hold on this process. */
  socketsPerVisitorMax: number
  socketsPerAgentMax: number
  visitorSocketsPerAddressMax: number
  /** What one resume sends at most, in messages and bytes of message frames, across its conversations. */
  resumeMaxMessages: number
  resumeMaxBytes: number
  /** Bytes waiting to go out on a socket, and live frames held back during a resume, past which it closes LAGGING. */
  sendBufferMaxBytes: number
  liveHeldMaxFrames: number
  liveHeldMaxBytes: number
  /** Each actor's frame allowance (a token bucket); the load benchmark lifts it, nothing else should. */
  framesPerSecond: number
  frameBurst: number
  /** Milliseconds since the epoch, as Date.now: the allowances' clock, which tests move by hand. */
  now: () => number
}

export const REALTIME_DEFAULTS: RealtimeOptions = {
  helloTimeoutMs: 5000,
  heartbeatMs: 25_000,
  socketsPerVisitorMax: SOCKETS_PER_VISITOR_MAX,
  socketsPerAgentMax: SOCKETS_PER_AGENT_MAX,
  visitorSocketsPerAddressMax: VISITOR_SOCKETS_PER_ADDRESS_MAX,
  resumeMaxMessages: RESUME_MAX_MESSAGES,
  resumeMaxBytes: RESUME_MAX_BYTES,
  sendBufferMaxBytes: SEND_BUFFER_MAX_BYTES,
  liveHeldMaxFrames: LIVE_HELD_MAX_FRAMES,
  liveHeldMaxBytes: LIVE_HELD_MAX_BYTES,
  framesPerSecond: FRAMES_PER_SECOND,
  frameBurst: FRAME_BURST,
  now: Date.now,
}

export interface GatewayDeps {
  store: Store
  bus: Bus
  sessions: AgentSessions
  routing: Routing
  presence: AgentPresence
  /** Where a visitor's socket from a refused origin is noted. */
  refusedOrigins: RefusedOrigins
  options: RealtimeOptions
}

const ajv = createAjv({ coerceTypes: false })
const validators = {
  hello: compileChecked(ajv, HelloFrame),
  send: compileChecked(ajv, SendFrame),
  resume: compileChecked(ajv, ResumeFrame),
  typing: compileChecked(ajv, TypingFrame),
  read: compileChecked(ajv, ReadFrame),
  context: compileChecked(ajv, ContextFrame),
  handoff: compileChecked(ajv, HandoffFrame),
  feedback: compileChecked(ajv, FeedbackFrame),
  watch: compileChecked(ajv, WatchFrame),
  unwatch: compileChecked(ajv, UnwatchFrame),
  ping: compileChecked(ajv, PingFrame),
}
type FrameType = keyof typeof validators

type Parsed = { ok: true; type: FrameType; frame: unknown } | { ok: false; code: 'ERR_FRAME_NOT_JSON' | 'ERR_FRAME_INVALID'; message: string; clientId?: string }

function parseFrame(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, code: 'ERR_FRAME_NOT_JSON', message: 'Binary frames are not part of the protocol.' }
  let frame: unknown
  try {
    frame = JSON.parse(data.toString())
  } catch {
    return { ok: false, code: 'ERR_FRAME_NOT_JSON', message: 'The frame is not valid JSON.' }
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { ok: false, code: 'ERR_FRAME_NOT_JSON', message: 'A frame is a JSON object.' }
  }
  const { type, clientId } = frame as { type?: unknown; clientId?: unknown }
  const echo = typeof clientId === 'string' ? clientId.slice(0, 64) : undefined
  // Own keys only: `type in validators` also finds Object.prototype's (hasOwnProperty, constructor…).
  if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
    return { ok: false, code: 'ERR_FRAME_INVALID', message: `Unknown frame type; expected one of ${Object.keys(validators).join(', ')}.`, clientId: echo }
  }
  const validate = validators[type as FrameType]
  if (!validate(frame)) {
    const error = validate.errors?.[0]
    return { ok: false, code: 'ERR_FRAME_INVALID', message: `Invalid ${type} frame: ${error?.instancePath || '/'} ${error?.message ?? ''}`.trim(), clientId: echo }
  }
  return { ok: true, type: type as FrameType, frame }
}

/** The clientId of a frame that is dropped unread, so the client knows which one to send again. */
function clientIdOf(data: RawData, isBinary: boolean): string | undefined {
  if (isBinary) return undefined
  try {
    const { clientId } = JSON.parse(data.toString()) as { clientId?: unknown }
    return typeof clientId === 'string' ? clientId.slice(0, 64) : undefined
  } catch {
    return undefined
  }
}

export async function installGateway(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const { store, bus, options, presence } = deps
  /** What each connection hears of each conversation; the frame handlers widen it (a watch, a resume). */
  const attentions = new WeakMap<Connection, Attention>()
  const handlers = frameHandlers({
    store,
    bus,
    attentionOf: (connection) => attentions.get(connection)!,
    routing: deps.routing,
    log: app.log,
    resumeBudget: { messages: options.resumeMaxMessages, bytes: options.resumeMaxBytes },
  })
  const live = liveSockets()
  const caps = socketCaps()
  const allowances = frameAllowances({
    framesPerSecond: options.framesPerSecond,
    frameBurst: options.frameBurst,
    floodDropsMax: FLOOD_DROPS_MAX,
    floodWindowMs: FLOOD_WINDOW_MS,
  }, options.now)

  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES },
    errorHandler: (error, socket, request) => onSocketError(error, socket, request.log),
    // Replaces the plugin's own, which closes every socket at once and without a code (1005): the
    // frames in hand finish and are acked, then each socket is told 1001, "reconnect shortly".
    preClose: async () => {
      // No new socket from here on (ws answers an upgrade with 503).
      app.websocketServer.close()
      await live.closeAll(CLOSE_CODES.GOING_AWAY, 'server shutting down')
    },
  })

  // Dead sockets (a laptop closed, a network gone) are found by unanswered pings.
  const alive = new WeakSet<WebSocket>()
  const beat = () => {
    for (const socket of live.all()) {
      if (!alive.has(socket)) {
        socket.terminate()
        continue
      }
      alive.delete(socket)
      socket.ping()
    }
  }
  app.decorate('heartbeat', beat)
  const heartbeat = setInterval(beat, options.heartbeatMs)
  heartbeat.unref()
  app.addHook('onClose', async () => clearInterval(heartbeat))

  app.get('/v1/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
    if (live.closing) return socket.close(CLOSE_CODES.GOING_AWAY, 'server shutting down')
    live.add(socket)
    alive.add(socket)
    socket.on('pong', () => alive.add(socket))
    let connection: Connection | null = null
    let helloSeen = false
    /** Judged a flood: closing once its allowed frames are handled, and reading nothing more. */
    let flooded = false
    /** Gives back this socket's places under the socket caps; set once its hello is taken. */
    let releasePlaces: (() => void) | null = null

    const helloTimer = setTimeout(() => {
      if (!helloSeen) socket.close(CLOSE_CODES.HELLO_TIMEOUT, 'no hello')
    }, options.helloTimeoutMs)

    socket.on('close', () => {
      clearTimeout(helloTimer)
      releasePlaces?.()
      live.remove(socket)
      connection?.dispose()
      if (connection?.actor.role === 'agent') presence.disconnected(connection.actor.agent.id)
    })

    async function onHello(data: RawData, isBinary: boolean) {
      helloSeen = true
      clearTimeout(helloTimer)
      const parsed = parseFrame(data, isBinary)
      if (!parsed.ok || parsed.type !== 'hello') return socket.close(CLOSE_CODES.HELLO_INVALID, 'first frame must be hello')
      const hello = parsed.frame as HelloFrame
      const result = await authenticateHello(hello, { origin: request.headers.origin, address: request.ip }, { store, sessions: deps.sessions, app, refusedOrigins: deps.refusedOrigins })
      if (!result.ok) return socket.close(result.code, result.reason)
      // Gone while its credentials were checked: nothing to set up.
      if (socket.readyState !== socket.OPEN) return
      // Counted from here, with no await between the count and the place taken.
      const places: Place[] =
        result.actor.role === 'visitor'
          ? [
              [`visitor:${result.actor.visitor.id}`, options.socketsPerVisitorMax],
              [`address:${request.ip}`, options.visitorSocketsPerAddressMax],
            ]
          : [[`agent:${result.actor.agent.id}`, options.socketsPerAgentMax]]
      const taken = caps.take(places)
      if (!taken) return socket.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'too many connections')
      const allowance = allowances.acquire(places[0]![0])
      releasePlaces = () => {
        taken()
        allowance.release()
      }
      const opened = new Connection(socket, result.actor, {
        allowance: allowance.allowance,
        now: options.now,
        sendBufferMaxBytes: options.sendBufferMaxBytes,
        liveHeldMaxFrames: options.liveHeldMaxFrames,
        liveHeldMaxBytes: options.liveHeldMaxBytes,
      }, request.raw.socket)
      connection = opened
      const forward = (event: BusEvent) => {
        if (event.kind === 'frame') {
          if (event.frame.type === 'conversation') attendTo(opened.actor, attention, event.frame.conversation)
          opened.sendLive(event.frame)
        }
        else if (event.kind === 'blocked') {
          if (opened.actorId === event.visitorId) opened.close(CLOSE_CODES.VISITOR_BLOCKED, 'blocked')
        } else if (event.kind === 'identified') {
          // Verified while open: hear the user's other devices from now on, without a reconnect.
          // The visitor's own topic stays joined, for a block and for frames already on their way.
          if (opened.verifiedAs(event.visitorId, event.externalId) && opened.actor.role === 'visitor') {
            opened.listen(bus, topics.customer(opened.actor.site.id, opened.actor.visitor), forward)
            // The user's conversations on their other devices: heard from now on, and shown.
            followVerifiedUser(store, opened.actor, attention).then(
              (conversations) => conversations.forEach((c) => opened.send({ type: 'conversation', conversation: conversationView(c) })),
              (error: unknown) => request.log.error({ err: error }, "following a verified user's conversations failed"),
            )
          }
        } else if (opened.actor.role === 'agent') {
          const id = opened.actor.session.id
          if ((event.sessionId ?? id) === id && event.exceptSessionId !== id) opened.close(CLOSE_CODES.SESSION_REVOKED, 'session revoked')
        }
      }
      const attention = new Attention(opened, bus, forward)
      attentions.set(opened, attention)
      const { actor } = opened
      // Live frames are held from the moment its topics are joined until the set-up is done: the
      // welcome comes first, and a resume's history before anything live (one live seq arriving
      // before the history would hide all of it).
      const setUp = async () => {
        if (actor.role === 'visitor') {
          opened.listen(bus, topics.visitor(actor.site.id, actor.visitor.id), forward)
          opened.listen(bus, topics.customer(actor.site.id, actor.visitor), forward)
          opened.listen(bus, topics.siteCustomers(actor.site.id), forward)
        } else {
          opened.listen(bus, topics.agents(actor.agent.workspaceId), forward)
          opened.listen(bus, topics.agent(actor.agent.id), forward)
        }
        await holdAtHello(store, actor, attention)
        opened.send({
          type: 'welcome',
          protocol: PROTOCOL_VERSION,
          supported: [...SUPPORTED_PROTOCOL_VERSIONS],
          role: actor.role,
          actorId: opened.actorId,
          heartbeatMs: options.heartbeatMs,
        })
        if (actor.role === 'agent') {
          for (const colleague of await presence.connected(actor.agent)) opened.send({ type: 'presence', agentId: colleague, connected: true })
        }
        if (hello.resume?.length) await handlers.resume(opened, { conversations: hello.resume })
      }
      await opened.holdingLive(setUp)
    }

    /**
     * Takes the frame's token: false when it is over the rate, and then it has been answered (or the
     * socket closed for flooding) and must not be handled.
     */
    function allowed(opened: Connection, data: RawData, isBinary: boolean): boolean {
      if (opened.takeFrameToken()) return true
      if (!opened.flooding) {
        opened.sendError('ERR_FRAME_RATE_LIMITED', undefined, clientIdOf(data, isBinary))
        return false
      }
      // A flood: nothing more is read from it, and it is closed once the frames it was allowed are done.
      flooded = true
      live.handle(socket, async () => opened.close(CLOSE_CODES.FLOODING, 'flooding'))
      return false
    }

    /** A frame that has its token. */
    async function onFrame(opened: Connection, data: RawData, isBinary: boolean) {
      // Closed by the server (blocked, revoked): frames that still arrive, or wait in the queue, do nothing.
      if (opened.closedByServer) return
      const parsed = parseFrame(data, isBinary)
      if (!parsed.ok) return opened.sendError(parsed.code, parsed.message, parsed.clientId)
      const clientId = (parsed.frame as { clientId?: string }).clientId
      try {
        switch (parsed.type) {
          case 'send':
            return await handlers.send(opened, parsed.frame as SendFrame)
          case 'resume':
            return await handlers.resume(opened, parsed.frame as ResumeFrame)
          case 'typing':
            return await handlers.typing(opened, parsed.frame as TypingFrame)
          case 'read':
            return await handlers.read(opened, parsed.frame as ReadFrame)
          case 'context':
            return await handlers.context(opened, parsed.frame as ContextFrame)
          case 'handoff':
            return await handlers.handoff(opened, parsed.frame as HandoffFrame)
          case 'feedback':
            return await handlers.feedback(opened, parsed.frame as FeedbackFrame)
          case 'watch':
            return await handlers.watch(opened, parsed.frame as WatchFrame)
          case 'unwatch':
            return handlers.unwatch(opened, parsed.frame as UnwatchFrame)
          case 'ping':
            return opened.send({ type: 'pong' })
          case 'hello':
            return opened.sendError('ERR_FRAME_NOT_ALLOWED', 'Already said hello.')
        }
      } catch (error) {
        if (isTandemError(error)) return opened.sendError(error.code, error.message, clientId)
        request.log.error({ err: error }, 'frame handling failed')
        opened.sendError('ERR_SERVER_INTERNAL', undefined, clientId)
      }
    }

    socket.on('message', (data: RawData, isBinary: boolean) => {
      // Judged as it arrives, not once its turn in the queue comes: while frames wait, the bucket
      // refills, and a flood would be let through at the speed the server works through it.
      if (flooded) return
      const arrived = connection
      if (arrived && (arrived.closedByServer || !allowed(arrived, data, isBinary))) return
      live.handle(socket, async () => {
        try {
          if (arrived) await onFrame(arrived, data, isBinary)
          // Sent before the hello was done: judged now that there is a connection to judge it by.
          else if (connection) {
            if (allowed(connection, data, isBinary)) await onFrame(connection, data, isBinary)
          } else if (!helloSeen) await onHello(data, isBinary)
        } catch (error) {
          request.log.error({ err: error }, 'websocket frame failed')
          socket.close(1011, 'internal error')
        }
      })
    })
  })
}
