// Real-time tests talk to a real server on a loopback port with real `ws` clients: what a browser tab
// or the agent app would do, frame by frame. Everything opened here is closed when the test ends.
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { createHmac } from 'node:crypto'
import { WebSocket } from 'ws'
import { PROTOCOL_VERSION, type HelloFrame, type ServerFrame } from '../../protocol/frames.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBus } from '../../server/realtime/bus.ts'
import { delivery } from '../../server/realtime/deliver.ts'
import type { RoutingPolicy } from '../../protocol/enums.ts'
import type { GeminiTimings } from '../../server/ai/gemini-responder.ts'
import type { Responder } from '../../server/ai/responder.ts'
import type { RealtimeOptions } from '../../server/realtime/gateway.ts'
import { createSecretBox, hashToken, newToken } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import type { Site } from '../../server/store/records.ts'
import type { Store } from '../../server/store/store.ts'
import { SHOP_ORIGIN, signedInWorkspace, testConfig } from './factories.ts'
import { silentResponder } from './responders.ts'

/** A Store for a whole test file, and how to let it go. */
export interface StoreHandle {
  store: Store
  /** A second Store on the same database, as another server process would hold. */
  openPeer(): Promise<Store>
  close(): Promise<void>
}
export type OpenStore = () => Promise<StoreHandle>

/** Long enough for a loaded CI machine, short enough that a missing frame fails fast. */
export const FRAME_WAIT_MS = 5000
/**
 * A heartbeat timer that never fires within a test: tests about heartbeats beat themselves with
 * `rt.app.heartbeat()`, so a busy machine's late timers cannot drop a client that did answer.
 */
export const MANUAL_HEARTBEAT: Pick<RealtimeOptions, 'heartbeatMs'> = { heartbeatMs: 3_600_000 }

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>
export interface Closed {
  code: number
  reason: string
}

export class WsClient {
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = []
  /** Settles when the socket closes, whoever closed it. */
  readonly closed: Promise<Closed>
  #taken = new Set<number>()
  #wake = new Set<() => void>()
  #closedWith: Closed | null = null

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      // The server never sends binary: record one as an error frame so a test fails on it visibly.
      this.frames.push(isBinary ? { type: 'error', code: 'BINARY', message: 'binary frame' } : JSON.parse(data.toString()))
      for (const wake of this.#wake) wake()
    })
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.#closedWith = { code, reason: reason.toString() }
        for (const wake of this.#wake) wake()
        resolve(this.#closedWith)
      }),
    )
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame))
  }

  /** Anything, even what no schema allows: bytes, broken JSON. */
  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary })
  }

  /** Frames of a type received so far, whether or not next() returned them. */
  all<T extends ServerFrame['type']>(type: T, where: (frame: FrameOf<T>) => boolean = () => true): FrameOf<T>[] {
    return this.frames.filter((frame): frame is FrameOf<T> => frame.type === type && where(frame as FrameOf<T>))
  }

  /** The first frame of this type and shape that no earlier next() returned, waiting for it if need be. */
  next<T extends ServerFrame['type']>(type: T, where: (frame: FrameOf<T>) => boolean = () => true, timeoutMs = FRAME_WAIT_MS): Promise<FrameOf<T>> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const index = this.frames.findIndex((frame, i) => !this.#taken.has(i) && frame.type === type && where(frame as FrameOf<T>))
        if (index >= 0) {
          this.#taken.add(index)
          return done(() => resolve(this.frames[index] as FrameOf<T>))
        }
        if (this.#closedWith) done(() => reject(this.#failure(`closed ${JSON.stringify(this.#closedWith)} before a matching ${type} frame`)))
      }
      const timer = setTimeout(() => done(() => reject(this.#failure(`no matching ${type} frame within ${timeoutMs} ms`))), timeoutMs)
      const done = (settle: () => void) => {
        clearTimeout(timer)
        this.#wake.delete(look)
        settle()
      }
      this.#wake.add(look)
      look()
    })
  }

  /**
   * Round-trips a ping. Frames the server wrote to this socket before it read the ping have arrived
   * once the pong has, so "nothing arrived" can be asserted without guessing a delay.
   */
  async settle(): Promise<void> {
    const pongs = this.all('pong').length
    this.send({ type: 'ping' })
    await this.next('pong', () => this.all('pong').length > pongs)
  }

  #failure(what: string): Error {
    const seen = this.frames.map((frame) => JSON.stringify(frame).slice(0, 160))
    return new Error(`${what}; received ${seen.length} frame(s):\n  ${seen.slice(-25).join('\n  ') || '(none)'}`)
  }
}

/** How the socket closed, or 'still open' if it has not within `timeoutMs`: a close that never comes fails, not hangs. */
export function closedWithin(client: WsClient, timeoutMs = FRAME_WAIT_MS): Promise<Closed | 'still open'> {
  let timer: NodeJS.Timeout | undefined
  const open = new Promise<'still open'>((resolve) => (timer = setTimeout(() => resolve('still open'), timeoutMs)))
  return Promise.race([client.closed, open]).finally(() => clearTimeout(timer))
}

export interface ConnectOptions {
  /** The page's origin as a browser sends it; null sends no Origin header at all. */
  origin?: string | null
  /** false plays a dead client that never answers the server's pings. */
  autoPong?: boolean
}

export interface Person {
  token: string
}

export interface RealtimeSetup {
  realtime?: Partial<RealtimeOptions>
  /**
   * The site's routing policy and the AI. By default `ai-first` with a responder that never speaks,
   * so that the protocol suites' transcripts hold only what they write; agents then answer after
   * `hold`. Routing tests choose their own.
   */
  routingPolicy?: RoutingPolicy
  /** 'knowledge-base': the app's own default, over the site's help articles. */
  responder?: Responder | 'knowledge-base'
  /** Extra environment for the config, e.g. OFFLINE_GRACE_SECONDS. */
  env?: Record<string, string>
  geminiTimings?: GeminiTimings
}

/**
 * A listening app on `store` with a workspace, its signed-in admin, and a site pages on SHOP_ORIGIN
 * may use. Each test gets its own workspace, so tests sharing one Store never see each other's data.
 */
export async function startRealtime(t: Test, store: Store, setup: RealtimeSetup = {}) {
  const config = testConfig(t, setup.env)
  // Shared with any second server of the test, as the Redis Bus will be between processes.
  const bus = createLocalBus()
  const clients = new Set<WsClient>()
  t.teardown(() => {
    for (const client of clients) client.socket.terminate()
  })

  /** A listening server on `on`, with this test's config, bus and AI. */
  async function serve(on: Store) {
    const responder = setup.responder === 'knowledge-base' ? undefined : (setup.responder ?? silentResponder)
    const server = await buildApp(config, {
      store: on,
      bus,
      realtime: setup.realtime ?? {},
      ...(responder ? { responder } : {}),
      ...(setup.geminiTimings ? { geminiTimings: setup.geminiTimings } : {}),
    })
    t.teardown(() => server.close())
    await server.listen({ port: 0, host: '127.0.0.1' })
    return { app: server, url: `ws://127.0.0.1:${(server.server.address() as AddressInfo).port}/v1/ws` }
  }
  const { app, url } = await serve(store)

  const ws = await signedInWorkspace(t, { app, store, config })
  const secretBox = createSecretBox(config.serverKey)
  const routingPolicy = setup.routingPolicy ?? 'ai-first'
  const siteSecrets = new Map<string, string>()
  const addSite = async (workspaceId = ws.workspace.id, allowedOrigins = [SHOP_ORIGIN]) => {
    const made = await createSiteWithSecret(store, secretBox, workspaceId, { name: 'Shop', allowedOrigins, routingPolicy })
    siteSecrets.set(made.site.id, made.secret)
    return made.site
  }
  const site = await addSite()

  /**
   * Makes `agentId` the conversation's holder straight in the Store, with only the `conversation` frame
   * that tells agents (and the customer) of the move, not routing's other announcements: arrangement
   * for tests about the protocol, where only a holder may answer the customer and hears it whole.
   */
  async function hold(conversationId: string, agentId: string, workspaceId = ws.workspace.id) {
    const conversation = await store.getConversation(workspaceId, conversationId)
    if (!conversation) throw new Error(`no conversation ${conversationId}`)
    const moved = await store.transitionConversation(workspaceId, conversationId, conversation.revision, { assigneeId: agentId, queuedAt: null })
    if (!moved?.won) throw new Error(`could not hold ${conversationId}`)
    await delivery(store, bus).changed(moved.conversation)
  }

  /** A customer as the widget makes one: a random token whose hash the store keeps. */
  async function addVisitor(on: Site = site) {
    const token = newToken()
    const visitor = await store.createVisitor(on.workspaceId, { siteId: on.id, tokenHash: hashToken(token) })
    return { visitor, token }
  }

  /** What the host site's backend and the widget do to verify a signed-in user: POST …/identify, signed with the site's secret. */
  function identify(who: Person, userId: string, on: Site = site) {
    const userHash = createHmac('sha256', siteSecrets.get(on.id)!).update(userId).digest('hex')
    return app.inject({
      method: 'POST',
      url: `/v1/sites/${on.key}/visitors/me/identify`,
      headers: { origin: on.allowedOrigins[0] ?? SHOP_ORIGIN, authorization: `Bearer ${who.token}` },
      payload: { userId, userHash },
    })
  }

  /** An open socket that has said nothing yet. */
  function connect({ origin = SHOP_ORIGIN, autoPong = true }: ConnectOptions = {}, to = url): Promise<WsClient> {
    const socket = new WebSocket(to, { autoPong, ...(origin === null ? {} : { origin }) })
    const client = new WsClient(socket)
    clients.add(client)
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client))
      socket.once('error', reject)
    })
  }

  const visitorHello = (token: string, siteKey = site.key, resume?: HelloFrame['resume']): HelloFrame => ({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    auth: { kind: 'visitor', siteKey, visitorToken: token },
    ...(resume ? { resume } : {}),
  })
  const agentHello = (accessToken: string, resume?: HelloFrame['resume']): HelloFrame => ({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    auth: { kind: 'agent', accessToken },
    ...(resume ? { resume } : {}),
  })

  /** Connects, says hello and waits for the welcome. */
  async function open(hello: HelloFrame, options?: ConnectOptions, to = url): Promise<WsClient> {
    const client = await connect(options, to)
    client.send(hello)
    await client.next('welcome')
    return client
  }

  return {
    ...ws,
    url,
    config,
    site,
    siteSecrets,
    addSite,
    hold,
    addVisitor,
    identify,
    connect,
    visitorHello,
    agentHello,
    asVisitor: (who: Person, options: { site?: Site; resume?: HelloFrame['resume'] } = {}) =>
      open(visitorHello(who.token, options.site?.key, options.resume)),
    asAgent: (who: Person, resume?: HelloFrame['resume']) => open(agentHello(who.token, resume)),
    /**
     * A second server on `peer` (another handle on the same database) sharing this one's bus: a second
     * process behind the load balancer. Its sockets are opened the same way.
     */
    async secondServer(peer: Store) {
      const second = await serve(peer)
      return {
        app: second.app,
        asVisitor: (who: Person) => open(visitorHello(who.token), undefined, second.url),
        asAgent: (who: Person) => open(agentHello(who.token), undefined, second.url),
      }
    },
  }
}

export type Realtime = Awaited<ReturnType<typeof startRealtime>>

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `probe` until it gives something truthy, and resolves with that: for effects the server
 * finishes after the frame that caused them.
 */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 2 * FRAME_WAIT_MS): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(20)
  }
}
