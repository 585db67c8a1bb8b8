// One well-behaved client's view of the server while one anonymous visitor attacks it (issue [07],
// "One visitor cannot stall the server"). A load tool for a local server only: it refuses any host
// but 127.0.0.1, every count is fixed, every phase has a deadline, and it exits by itself.
//
//   node --import tsx bench/attack-probe.ts --url http://127.0.0.1:PORT --site SITE_KEY \
//     --origin http://localhost:PORT --attack NAME [--pid SERVER_PID] [--seconds 15] [--max-rss-mb 4096]
//
// A "probe" visitor socket sends {"type":"ping"} every 100 ms and times each pong while one attacker
// visitor runs the attack NAME; then one JSON line is printed:
//   {attack, p50Ms, p99Ms, maxMs, pings, serverPeakRssMb, ...details}
// A ping still unanswered at the end counts with the time it has waited (it is also counted in
// `unanswered`). serverPeakRssMb is the highest VmRSS polled every 200 ms from /proc/PID/status
// during the attack; serverHwmMb is the process's VmHWM at the end (its lifetime peak: start the
// server afresh per attack for it to mean this attack).
//
// Attacks: none | resume-amplification | regex | ai-flood | many-sockets | long-texts | frame-flood
// (see ATTACKS below).
import { PROTOCOL_VERSION } from '../protocol/frames.ts'
import { readFileSync } from 'node:fs'
import WebSocket from 'ws'

// ---- arguments ----

function args(): Record<string, string> {
  const out: Record<string, string> = {}
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`)
    const eq = a.indexOf('=')
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1)
    else out[a.slice(2)] = argv[++i] ?? ''
  }
  return out
}

const opts = args()
const ATTACK_NAMES = ['none', 'resume-amplification', 'regex', 'ai-flood', 'many-sockets', 'long-texts', 'frame-flood'] as const
type AttackName = (typeof ATTACK_NAMES)[number]
const attack = opts.attack as AttackName
if (!ATTACK_NAMES.includes(attack)) throw new Error(`--attack must be one of ${ATTACK_NAMES.join(', ')}`)
const base = new URL(opts.url ?? '')
// Only ever the local machine: this tool must not be pointed at anyone's server.
if (base.hostname !== '127.0.0.1' || base.protocol !== 'http:') throw new Error('--url must be http://127.0.0.1:PORT')
const siteKey = opts.site ?? ''
if (!siteKey) throw new Error('--site SITE_KEY is required')
const origin = opts.origin ?? ''
if (!origin) throw new Error('--origin is required (one the site allows)')
const pid = opts.pid ? Number(opts.pid) : null
/** The attack phase; the whole run is bounded by HARD_LIMIT_MS whatever happens. */
const ATTACK_MS = Math.min(20, Math.max(1, Number(opts.seconds ?? 15))) * 1000
/** Filling a conversation (resume-amplification) on a slow old server under load takes a while; not timed. */
const SETUP_MAX_MS = 45_000
const DRAIN_MS = 3_000
const HARD_LIMIT_MS = SETUP_MAX_MS + ATTACK_MS + DRAIN_MS + 10_000
/** Past this server RSS the attack stops early (the machine is shared). */
const MAX_RSS_MB = Number(opts['max-rss-mb'] ?? 4096)

const wsUrl = `ws://127.0.0.1:${base.port}/v1/ws`
const hardStop = setTimeout(() => {
  process.stderr.write('attack-probe: hard time limit reached, exiting\n')
  process.exit(2)
}, HARD_LIMIT_MS)
hardStop.unref()

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const now = () => performance.now()

// ---- server memory ----

function procStatus(field: 'VmRSS' | 'VmHWM'): number | null {
  if (pid === null) return null
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null // the server died
  }
}

let peakRssMb = 0
let rssAborted = false
let serverGone = false
const stopHooks: (() => void)[] = []
const rssTimer = setInterval(() => {
  const rss = procStatus('VmRSS')
  if (rss === null) {
    if (pid !== null) serverGone = true
    return
  }
  peakRssMb = Math.max(peakRssMb, rss)
  if (rss > MAX_RSS_MB && !rssAborted) {
    rssAborted = true
    for (const hook of stopHooks) hook()
  }
}, 200)

// ---- REST and sockets ----

async function createVisitor(): Promise<string> {
  const res = await fetch(new URL(`/v1/sites/${encodeURIComponent(siteKey)}/visitors`, base), { method: 'POST', headers: { origin } })
  const body = (await res.json()) as { visitorToken?: string }
  if (res.status !== 201 || !body.visitorToken) throw new Error(`POST visitors: ${res.status} ${JSON.stringify(body)}`)
  return body.visitorToken
}

interface Sock {
  ws: WebSocket
  welcomed: Promise<boolean>
  closeCode: number | null
  onFrame: ((frame: any) => void) | null
}

/** Opens a socket and says hello; `welcomed` is false when the server closes it instead. */
function openSocket(token: string): Sock {
  const ws = new WebSocket(wsUrl, { headers: { origin }, perMessageDeflate: false })
  const sock: Sock = { ws, welcomed: Promise.resolve(false), closeCode: null, onFrame: null }
  sock.welcomed = new Promise<boolean>((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'visitor', siteKey, visitorToken: token } })))
    ws.on('message', (data) => {
      let frame: any
      try {
        frame = JSON.parse(data.toString())
      } catch {
        return
      }
      if (frame.type === 'welcome') resolve(true)
      sock.onFrame?.(frame)
    })
    ws.on('close', (code) => {
      sock.closeCode = code
      resolve(false)
    })
    ws.on('error', () => resolve(false))
  })
  return sock
}

function closeAll(socks: Sock[]): void {
  for (const s of socks) {
    try {
      s.ws.terminate()
    } catch {
      /* already gone */
    }
  }
}

function countBy<T>(items: T[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const i of items) out[String(i)] = (out[String(i)] ?? 0) + 1
  return out
}

// ---- the probe ----

interface Probe {
  stop(): Promise<{ rtts: number[]; unanswered: number }>
}

async function startProbe(token: string): Promise<Probe> {
  const sock = openSocket(token)
  if (!(await sock.welcomed)) throw new Error(`probe socket refused (close ${sock.closeCode})`)
  const sent: number[] = []
  const rtts: number[] = []
  let answered = 0
  // Pongs come back in order on one socket: the nth pong answers the nth ping.
  sock.onFrame = (frame) => {
    if (frame.type === 'pong' && answered < sent.length) rtts.push(now() - sent[answered++]!)
  }
  const timer = setInterval(() => {
    if (sock.ws.readyState !== WebSocket.OPEN) return
    sent.push(now())
    sock.ws.send('{"type":"ping"}')
  }, 100)
  return {
    async stop() {
      clearInterval(timer)
      const until = now() + DRAIN_MS
      while (answered < sent.length && now() < until) await sleep(20)
      const end = now()
      const unanswered = sent.length - answered
      for (let i = answered; i < sent.length; i++) rtts.push(end - sent[i]!)
      sock.ws.terminate()
      return { rtts, unanswered }
    },
  }
}

// ---- attacks ----

type Details = Record<string, unknown>
interface Attack {
  /** Before the probe starts timing: bounded by SETUP_MAX_MS. */
  setup?(): Promise<void>
  /** Runs until `deadline` (or until stopped) and reports what the server did. */
  run(deadline: number): Promise<Details>
}

/** A deterministic PRNG, so every run sends the same texts. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

/** ~n characters of made-up words that match no help article. */
function gibberish(n: number, rand: () => number): string {
  const letters = 'bcdfghjklmnpqrstvwxz'
  let out = ''
  while (out.length < n) {
    const len = 4 + Math.floor(rand() * 7)
    let w = ''
    for (let i = 0; i < len; i++) w += letters[Math.floor(rand() * letters.length)]
    out += (out ? ' ' : '') + w
  }
  return out.slice(0, n - 1).trimEnd() + 'q'
}

/** Everyday words of a shop's support chats, for texts a help center's search matches in many places. */
const SHOP_WORDS = (
  'order orders shipping delivery package parcel tracking return returns refund exchange size sizing fit jacket boots ' +
  'tent backpack warranty repair zipper card payment charged invoice account password email discount code coupon gift ' +
  'store hours international customs duties express standard free cost price wash care waterproof color stock'
).split(' ')

/** ~n characters of those words, in sentences of six to twelve. */
function shopWords(n: number, rand: () => number): string {
  let out = ''
  while (out.length < n) {
    const len = 6 + Math.floor(rand() * 7)
    const sentence = Array.from({ length: len }, () => SHOP_WORDS[Math.floor(rand() * SHOP_WORDS.length)]!).join(' ')
    out += (out ? ' ' : '') + sentence[0]!.toUpperCase() + sentence.slice(1) + '.'
  }
  return out.slice(0, n).trimEnd()
}

let clientSeq = 0
const clientId = (p: string) => `${p}-${Date.now().toString(36)}-${clientSeq++}`

/**
 * Sends frames paced by a client-side token bucket a little under the server's (burst 60, 20/s),
 * so they are handled rather than dropped: "as fast as the rate limit allows".
 */
class Pacer {
  #tokens: number
  #at = now()
  constructor(
    private readonly rate: number,
    burst: number,
  ) {
    this.#tokens = burst
    this.burst = burst
  }
  readonly burst: number
  take(): boolean {
    const t = now()
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#at) / 1000) * this.rate)
    this.#at = t
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}

/** Sends one message and waits for its ack (or error); the conversation id it went to. */
function sendAndAck(sock: Sock, frame: Record<string, unknown>, timeoutMs: number): Promise<{ ok: boolean; conversationId?: string; code?: string }> {
  return new Promise((resolve) => {
    const id = frame.clientId
    const prev = sock.onFrame
    const timer = setTimeout(() => finish({ ok: false, code: 'timeout' }), timeoutMs)
    function finish(r: { ok: boolean; conversationId?: string; code?: string }) {
      clearTimeout(timer)
      sock.onFrame = prev
      resolve(r)
    }
    sock.onFrame = (f) => {
      prev?.(f)
      if (f.type === 'ack' && f.clientId === id) finish({ ok: true, conversationId: f.conversationId })
      else if (f.type === 'error' && f.clientId === id) finish({ ok: false, code: f.code })
    }
    sock.ws.send(JSON.stringify(frame))
  })
}

const ATTACKS: Record<AttackName, (attackerToken: string) => Attack> = {
  none: () => ({
    async run(deadline) {
      await sleep(Math.max(0, deadline - now()))
      return {}
    },
  }),

  /**
   * Fill one conversation with 200 messages of ~3,900 characters, then send 25 resume frames, each
   * naming that conversation 100 times from seq 0, on a socket whose reads are paused: the server
   * must bound what one resume sends and what it buffers for a client that does not read.
   */
  'resume-amplification': (token) => {
    const FILL = 200
    const FILL_SOCKETS = 4
    let conversationId = ''
    let stored = 0
    const fillErrors: string[] = []
    const fillSocks: Sock[] = []
    return {
      async setup() {
        const until = now() + SETUP_MAX_MS
        for (let i = 0; i < FILL_SOCKETS; i++) fillSocks.push(openSocket(token))
        const ok = await Promise.all(fillSocks.map((s) => s.welcomed))
        if (!ok.every(Boolean)) throw new Error('fill sockets refused')
        const rand = prng(7)
        const first = await sendAndAck(fillSocks[0]!, { type: 'send', clientId: clientId('fill'), text: gibberish(3900, rand) }, 10_000)
        if (!first.ok || !first.conversationId) throw new Error(`first fill message: ${first.code}`)
        conversationId = first.conversationId
        stored = 1
        // Each fill socket sends one message at a time, together paced under the frame rate (one
        // visitor's sockets share one allowance), until 200 are stored.
        let inFlight = 0
        const pacer = new Pacer(18, 50)
        await Promise.all(
          fillSocks.map(async (s) => {
            while (stored < FILL && now() < until) {
              if (stored + inFlight >= FILL || !pacer.take()) {
                await sleep(20)
                continue
              }
              inFlight++
              const r = await sendAndAck(s, { type: 'send', clientId: clientId('fill'), conversationId, text: gibberish(3900, rand) }, 10_000)
              inFlight--
              if (r.ok) stored++
              else fillErrors.push(r.code ?? '?')
            }
          }),
        )
        closeAll(fillSocks)
        if (stored < FILL) throw new Error(`only ${stored} fill messages stored before the setup deadline (${JSON.stringify(countBy(fillErrors))})`)
      },
      async run(deadline) {
        const sock = openSocket(token)
        if (!(await sock.welcomed)) return { error: `attacker refused (close ${sock.closeCode})` }
        sock.ws.pause() // never read again: everything the server sends piles up
        const points = Array.from({ length: 100 }, () => ({ conversationId, afterSeq: 0 }))
        const frame = JSON.stringify({ type: 'resume', conversations: points })
        for (let i = 0; i < 25; i++) sock.ws.send(frame)
        let stopped = false
        stopHooks.push(() => {
          stopped = true
          sock.ws.terminate()
        })
        while (now() < deadline && !stopped && sock.closeCode === null) await sleep(50)
        // Read again for a moment: how much was waiting, and did the server close the socket (4010)?
        let framesWaiting = 0
        let bytesWaiting = 0
        sock.ws.on('message', (data: Buffer) => {
          framesWaiting++
          bytesWaiting += data.length
        })
        if (!stopped) {
          sock.ws.resume()
          const readUntil = now() + 1500
          while (now() < readUntil && sock.closeCode === null) await sleep(20)
        }
        const closedByServer = sock.closeCode
        sock.ws.terminate()
        return { fillMessages: stored, fillErrors: countBy(fillErrors), resumeFrames: 25, readAfterPause: { frames: framesWaiting, mb: round(bytesWaiting / 1048576), ms: 1500 }, attackerClosedByServer: closedByServer }
      },
    }
  },

  /**
   * 3 sockets of one visitor send `send` frames whose 4,000-character text is non-blank letters
   * ending in NUL (the worst case for a backtracking 'not blank, no NUL' pattern), or blank with a
   * NUL, alternately, as fast as the frame rate allows.
   */
  regex: (token) => ({
    async run(deadline) {
      const socks = [openSocket(token), openSocket(token), openSocket(token)]
      const ok = await Promise.all(socks.map((s) => s.welcomed))
      if (!ok.every(Boolean)) return { error: 'attacker sockets refused', closes: socks.map((s) => s.closeCode) }
      const texts = ['a'.repeat(3999) + '\u0000', 'x '.repeat(1999) + 'y\u0000', '\u0000' + ' '.repeat(3998) + 'z']
      const answers: string[] = []
      let sent = 0
      let stopped = false
      stopHooks.push(() => (stopped = true))
      for (const s of socks) s.onFrame = (f) => f.type === 'error' && answers.push(f.code)
      // One pacer for all three: a visitor's sockets share one frame allowance.
      const pacer = new Pacer(19.5, 60)
      await Promise.all(
        socks.map(async (s, k) => {
          let i = 0
          while (now() < deadline && !stopped && s.ws.readyState === WebSocket.OPEN) {
            if (!pacer.take()) {
              await sleep(10)
              continue
            }
            // Mostly the slow shape; every third frame another one.
            const text = texts[i++ % 3 === 2 ? 1 + (k % 2) : 0]!
            s.ws.send(JSON.stringify({ type: 'send', clientId: clientId('rx'), text }))
            sent++
          }
        }),
      )
      await sleep(200)
      const closes = socks.map((s) => s.closeCode)
      closeAll(socks)
      return { framesSent: sent, answers: countBy(answers), closedByServer: closes }
    },
  }),

  /** 4,000-character messages of made-up words (no article matches), 18 a second, into one conversation. */
  'ai-flood': (token) => ({
    async run(deadline) {
      const sock = openSocket(token)
      if (!(await sock.welcomed)) return { error: `attacker refused (close ${sock.closeCode})` }
      const rand = prng(11)
      const acks: string[] = []
      const errors: string[] = []
      let aiAnswers = 0
      let systemMessages = 0
      let handedOff = false
      sock.onFrame = (f) => {
        if (f.type === 'ack') acks.push(f.conversationId)
        else if (f.type === 'error') errors.push(f.code)
        else if (f.type === 'message' && f.message?.kind === 'ai' && f.message?.status !== 'streaming') aiAnswers++
        else if (f.type === 'message' && f.message?.kind === 'system') systemMessages++
        else if (f.type === 'queue' || f.type === 'routing') handedOff = true
      }
      const first = await sendAndAck(sock, { type: 'send', clientId: clientId('ai'), text: gibberish(4000, rand) }, 10_000)
      if (!first.ok) return { error: `first message: ${first.code}` }
      let sent = 1
      let stopped = false
      stopHooks.push(() => (stopped = true))
      const start = now()
      while (now() < deadline && !stopped && sock.ws.readyState === WebSocket.OPEN) {
        const due = start + (sent * 1000) / 18
        if (now() < due) {
          await sleep(Math.min(10, due - now()))
          continue
        }
        sock.ws.send(JSON.stringify({ type: 'send', clientId: clientId('ai'), conversationId: first.conversationId, text: gibberish(4000, rand) }))
        sent++
      }
      await sleep(300)
      const closed = sock.closeCode
      sock.ws.terminate()
      // The first message's ack reached onFrame too (sendAndAck passes frames on): it is in acks already.
      return { messagesSent: sent, acked: acks.length, errors: countBy(errors), aiAnswers, systemMessages, handedOff, attackerClosedByServer: closed }
    },
  }),

  /**
   * 3 sockets of one visitor, each in a conversation of its own, send valid 4,000-character messages
   * of everyday shop words (so the AI's search finds many passages) as fast as the frame rate allows:
   * every one is stored, fanned out and read by an AI turn.
   */
  'long-texts': (token) => ({
    async run(deadline) {
      const socks = [openSocket(token), openSocket(token), openSocket(token)]
      const ok = await Promise.all(socks.map((s) => s.welcomed))
      if (!ok.every(Boolean)) return { error: 'attacker sockets refused', closes: socks.map((s) => s.closeCode) }
      const rand = prng(13)
      const acks: string[] = []
      const errors: string[] = []
      // Every socket of the visitor gets every answer: counted once, by conversation and seq.
      const aiAnswers = new Set<string>()
      for (const s of socks) {
        s.onFrame = (f) => {
          if (f.type === 'ack') acks.push(f.conversationId)
          else if (f.type === 'error') errors.push(f.code)
          else if (f.type === 'message' && f.message?.kind === 'ai' && f.message?.status !== 'streaming') aiAnswers.add(`${f.message.conversationId}:${f.message.seq}`)
        }
      }
      let sent = 0
      let stopped = false
      stopHooks.push(() => (stopped = true))
      // One pacer for all: a visitor's sockets share one frame allowance.
      const pacer = new Pacer(19.5, 59)
      await Promise.all(
        socks.map(async (s) => {
          // The first message opens the socket's conversation; the rest go into it.
          const first = await sendAndAck(s, { type: 'send', clientId: clientId('lt'), text: shopWords(4000, rand) }, 10_000)
          sent++
          if (!first.ok) return
          while (now() < deadline && !stopped && s.ws.readyState === WebSocket.OPEN) {
            if (!pacer.take()) {
              await sleep(10)
              continue
            }
            s.ws.send(JSON.stringify({ type: 'send', clientId: clientId('lt'), conversationId: first.conversationId, text: shopWords(4000, rand) }))
            sent++
          }
        }),
      )
      await sleep(300)
      const closes = socks.map((s) => s.closeCode)
      closeAll(socks)
      return { messagesSent: sent, acked: acks.length, errors: countBy(errors), aiAnswers: aiAnswers.size, closedByServer: closes }
    },
  }),

  /**
   * 4 sockets of one visitor send 4,000-character `send` frames into one conversation at 100 times
   * the frame rate (20 every 10 ms each, while the socket keeps up): the server must drop them
   * cheaply and close a flooding socket (4008). A closed socket is replaced after 50 ms, as a
   * flooding script would, for as long as the attack lasts; then each reads for 300 ms more.
   */
  'frame-flood': (token) => ({
    async run(deadline) {
      const opener = openSocket(token)
      if (!(await opener.welcomed)) return { error: `attacker refused (close ${opener.closeCode})` }
      const rand = prng(17)
      const first = await sendAndAck(opener, { type: 'send', clientId: clientId('ff'), text: shopWords(200, rand) }, 10_000)
      opener.ws.terminate()
      if (!first.ok) return { error: `first message: ${first.code}` }
      const text = shopWords(4000, rand)
      let sent = 0
      let socketsOpened = 0
      const errors: string[] = []
      const closes: (number | null)[] = []
      let acked = 0
      let stopped = false
      const live = new Set<Sock>()
      stopHooks.push(() => {
        stopped = true
        closeAll([...live])
      })
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (now() < deadline && !stopped) {
            const s = openSocket(token)
            socketsOpened++
            live.add(s)
            s.onFrame = (f) => {
              if (f.type === 'ack') acked++
              else if (f.type === 'error') errors.push(f.code)
            }
            if (await s.welcomed) {
              while (now() < deadline && !stopped && s.ws.readyState === WebSocket.OPEN) {
                // Only while the socket drains: the flood is of frames, not of this process's memory.
                if (s.ws.bufferedAmount < 256 * 1024) {
                  for (let i = 0; i < 20; i++) s.ws.send(JSON.stringify({ type: 'send', clientId: clientId('ff'), conversationId: first.conversationId, text }))
                  sent += 20
                }
                await sleep(10)
              }
              // What the server still answers (drops, acks, the close) arrives in the next moments.
              if (s.ws.readyState === WebSocket.OPEN) await sleep(300)
            }
            // A close the server began ends once its close frame is answered: wait for its code.
            const closing = now() + 500
            while (s.ws.readyState === WebSocket.CLOSING && s.closeCode === null && now() < closing) await sleep(10)
            closes.push(s.closeCode)
            s.ws.terminate()
            live.delete(s)
            if (now() < deadline && !stopped) await sleep(50)
          }
        }),
      )
      return { framesSent: sent, socketsOpened, acked, answers: countBy(errors), closedByServer: countBy(closes.filter((c) => c !== null)) }
    },
  }),

  /** 500 sockets with one visitor token, each saying hello; the ones let in are held to the end. */
  'many-sockets': (token) => ({
    async run(deadline) {
      const socks: Sock[] = []
      let stopped = false
      stopHooks.push(() => {
        stopped = true
        closeAll(socks)
      })
      // 25 handshakes at a time, so the attack is the sockets, not a SYN flood.
      for (let batch = 0; batch < 500 / 25 && now() < deadline && !stopped; batch++) {
        const these = Array.from({ length: 25 }, () => openSocket(token))
        socks.push(...these)
        await Promise.race([Promise.all(these.map((s) => s.welcomed)), sleep(Math.max(0, deadline - now()))])
      }
      const welcomed = (await Promise.all(socks.map((s) => Promise.race([s.welcomed, sleep(0).then(() => false)])))).filter(Boolean).length
      while (now() < deadline && !stopped) await sleep(50)
      const open = socks.filter((s) => s.ws.readyState === WebSocket.OPEN).length
      const closes = countBy(socks.map((s) => s.closeCode).filter((c) => c !== null))
      closeAll(socks)
      return { socketsOpened: socks.length, welcomed, openAtEnd: open, closedByServer: closes }
    },
  }),
}

// ---- the run ----

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
const round = (n: number) => Math.round(n * 10) / 10

/** After a set-up, waits (at most 15 s) until the server answers a ping within 50 ms again. */
async function settle(token: string): Promise<void> {
  const sock = openSocket(token)
  if (!(await sock.welcomed)) return
  const until = now() + 15_000
  while (now() < until) {
    const t = now()
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 1000)
      sock.onFrame = (f) => f.type === 'pong' && (clearTimeout(timer), resolve(true))
      sock.ws.send('{"type":"ping"}')
    })
    if (ok && now() - t < 50) break
    await sleep(200)
  }
  sock.ws.terminate()
}

async function main(): Promise<void> {
  const probeToken = await createVisitor()
  const attackerToken = await createVisitor()
  const chosen = ATTACKS[attack](attackerToken)
  if (chosen.setup) await Promise.race([chosen.setup(), sleep(SETUP_MAX_MS + 1000).then(() => Promise.reject(new Error('setup timed out')))])
  if (chosen.setup) await settle(probeToken)
  const rssBeforeMb = procStatus('VmRSS')
  peakRssMb = rssBeforeMb ?? 0
  const probe = await startProbe(probeToken)
  await sleep(500) // a few pings before the attack starts
  const deadline = now() + ATTACK_MS
  const details = await chosen.run(deadline)
  const { rtts, unanswered } = await probe.stop()
  clearInterval(rssTimer)
  const sorted = [...rtts].sort((a, b) => a - b)
  const hwm = procStatus('VmHWM')
  const line = {
    attack,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    pings: rtts.length,
    serverPeakRssMb: pid === null ? null : Math.round(peakRssMb),
    unanswered,
    serverRssBeforeMb: rssBeforeMb === null ? null : Math.round(rssBeforeMb),
    serverHwmMb: hwm === null ? null : Math.round(hwm),
    stoppedAtRssLimit: rssAborted,
    serverGone,
    attackSeconds: ATTACK_MS / 1000,
    ...details,
  }
  process.stdout.write(JSON.stringify(line) + '\n')
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stdout.write(JSON.stringify({ attack, error: String((error as Error)?.message ?? error) }) + '\n')
    process.exit(1)
  },
)
