// Settings come from the environment only, and are checked once at start-up: a bad value stops the
// server with a message naming the variable, rather than failing later in some request.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { TandemError } from './errors.ts'
import type { SqliteSynchronous } from './store/sqlite/sqlite-store.ts'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export interface Config {
  port: number
  host: string
  /** Where the embedded SQLite database and generated secrets live. */
  dataDir: string
  /** Set: MongoDB is the Store. Unset: SQLite under dataDir. */
  mongoUri: string | null
  /**
   * The first start's demo (a workspace, its admin and agent, the demo shop's site and help center) and
   * the demo shop page at /demo/. On the embedded default unless DEMO=false; on MongoDB only with DEMO=true.
   */
  demo: boolean
  /** SQLite's commit durability (see SqliteSynchronous): NORMAL survives a crash of the process, FULL a power cut. */
  sqliteSynchronous: SqliteSynchronous
  /** Signs agents' access tokens; every process behind one load balancer must share it. */
  jwtSecret: string
  /** Encrypts site secrets at rest (AES-256-GCM); shared by every process like jwtSecret. */
  serverKey: Buffer
  /** How the outside world reaches this server: script tags, links in the console. No trailing slash. */
  publicUrl: string
  logLevel: LogLevel
  /**
   * Behind a load balancer, the client's address comes from X-Forwarded-For; trusting that header
   * without one would let any client choose the address rate limits count against. `true` trusts
   * every hop, so only a proxy that strips the header may be in front; a hop count or a list of the
   * proxies' addresses trusts only what those proxies appended (Fastify's trustProxy option).
   */
  trustProxy: TrustProxy
  /** An agent whose last socket closed goes offline after this long; a page reload is back well within it. */
  offlineGraceMs: number
  /** How long an agent's access token lives; the agent app refreshes it before then. */
  accessTokenTtlSeconds: number
  /** Open conversations with no message for this long are resolved as abandoned; 0 never resolves them. */
  abandonAfterMs: number
  /** Set: Gemini answers for the AI, with the knowledge-base responder as its fallback. */
  gemini: GeminiConfig | null
  /** How many AI answers one visitor and one site may have; over it, see ai/ai-limits.ts. */
  aiAnswersPerVisitorPerHour: number
  aiAnswersPerSitePerDay: number
  /** New visitors one address may start per minute; a widget starts one per browser and keeps it. */
  visitorsPerAddressPerMinute: number
}

/** false: the socket's address; true: every X-Forwarded-For hop; a number: that many hops; a list: those proxies. */
export type TrustProxy = boolean | number | string[]

/** More hops than any real chain of proxies; a bigger count is a typo. */
export const TRUST_PROXY_MAX_HOPS = 100

export interface GeminiConfig {
  apiKey: string
  model: string
  /** Another endpoint speaking the Gemini API (a proxy, a test double); unset: Google's. */
  baseUrl: string | null
}

/** A current, fast, inexpensive model suited to support answers; GEMINI_MODEL overrides it. */
export const GEMINI_DEFAULT_MODEL = 'gemini-2.5-flash'


export const OFFLINE_GRACE_MAX_SECONDS = 3600
/** Access tokens are checked against their session on every request; the lifetime only bounds replay. */
export const ACCESS_TOKEN_TTL_DEFAULT_SECONDS = 300
export const ACCESS_TOKEN_TTL_MAX_SECONDS = 3600
/** A week: a conversation quiet for longer than that is over, whatever the site's hours. */
export const ABANDON_AFTER_MAX_MINUTES = 7 * 24 * 60

/** Far above any office or mobile carrier's shared address, still a bound on a script. */
export const VISITORS_PER_ADDRESS_PER_MINUTE_MAX = 1_000_000

/** Shorter secrets are guessable offline from one captured token. */
export const JWT_SECRET_MIN_LENGTH = 32
/** AES-256 takes exactly 32 bytes. */
export const SERVER_KEY_BYTES = 32

type Env = Record<string, string | undefined>

/** Reads and checks every setting; throws ERR_CONFIG_INVALID listing each bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = []
  const value = (name: string) => {
    const raw = env[name]?.trim()
    return raw === undefined || raw === '' ? undefined : raw
  }

  const port = parsePort(value('PORT') ?? '3000')
  if (port === null) problems.push(`PORT must be a whole number from 0 to 65535, got "${env.PORT}".`)

  const host = value('HOST') ?? '127.0.0.1'
  if (host !== 'localhost' && isIP(host) === 0 && !/^[a-z0-9.-]+$/i.test(host)) {
    problems.push(`HOST must be an IP address or a host name, got "${env.HOST}".`)
  }

  const dataDir = resolve(value('DATA_DIR') ?? 'data')

  const mongoUri = value('MONGO_URI') ?? null
  if (mongoUri !== null && !/^mongodb(\+srv)?:\/\/./.test(mongoUri)) {
    problems.push('MONGO_URI must start with mongodb:// or mongodb+srv://.')
  }

  const demoText = (value('DEMO') ?? (mongoUri === null ? 'true' : 'false')).toLowerCase()
  if (demoText !== 'true' && demoText !== 'false') problems.push(`DEMO must be true or false, got "${env.DEMO}".`)

  const sqliteSynchronous = (value('SQLITE_SYNCHRONOUS') ?? 'NORMAL').toUpperCase()
  if (sqliteSynchronous !== 'NORMAL' && sqliteSynchronous !== 'FULL') {
    problems.push(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${env.SQLITE_SYNCHRONOUS}".`)
  }

  let jwtSecret = value('JWT_SECRET') ?? null
  if (jwtSecret !== null && jwtSecret.length < JWT_SECRET_MIN_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${JWT_SECRET_MIN_LENGTH} characters long.`)
  }
  if (jwtSecret === null && mongoUri !== null) {
    problems.push('JWT_SECRET is required with MONGO_URI, so that every server process accepts the same tokens.')
  }

  const serverKeyText = value('SERVER_KEY') ?? null
  const serverKey = serverKeyText === null ? null : parseServerKey(serverKeyText)
  if (serverKeyText !== null && serverKey === null) {
    problems.push(`SERVER_KEY must be ${SERVER_KEY_BYTES} bytes written as 64 hex characters or base64.`)
  }
  if (serverKeyText === null && mongoUri !== null) {
    problems.push('SERVER_KEY is required with MONGO_URI, so that every server process can read the site secrets.')
  }

  const publicUrl = (value('PUBLIC_URL') ?? `http://localhost:${port ?? 3000}`).replace(/\/+$/, '')
  if (!isHttpUrl(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL, got "${env.PUBLIC_URL}".`)

  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase()
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}".`)
  }

  const trustProxy = parseTrustProxy(value('TRUST_PROXY') ?? 'false')
  if (trustProxy === null) {
    problems.push(
      `TRUST_PROXY must be false, true (every hop), a hop count from 1 to ${TRUST_PROXY_MAX_HOPS}, or a comma-separated list of proxy addresses or CIDRs (such as 10.0.0.0/8,loopback), got "${env.TRUST_PROXY}".`,
    )
  }

  const offlineGrace = parseWhole(value('OFFLINE_GRACE_SECONDS') ?? '60', OFFLINE_GRACE_MAX_SECONDS)
  if (offlineGrace === null) problems.push(`OFFLINE_GRACE_SECONDS must be a whole number from 0 to ${OFFLINE_GRACE_MAX_SECONDS}, got "${env.OFFLINE_GRACE_SECONDS}".`)

  const accessTokenTtl = parseWhole(value('ACCESS_TOKEN_TTL_SECONDS') ?? String(ACCESS_TOKEN_TTL_DEFAULT_SECONDS), ACCESS_TOKEN_TTL_MAX_SECONDS)
  if (accessTokenTtl === null || accessTokenTtl < 1) {
    problems.push(`ACCESS_TOKEN_TTL_SECONDS must be a whole number from 1 to ${ACCESS_TOKEN_TTL_MAX_SECONDS}, got "${env.ACCESS_TOKEN_TTL_SECONDS}".`)
  }

  const abandonAfter = parseWhole(value('ABANDON_AFTER_MINUTES') ?? '60', ABANDON_AFTER_MAX_MINUTES)
  if (abandonAfter === null) problems.push(`ABANDON_AFTER_MINUTES must be a whole number from 0 (never) to ${ABANDON_AFTER_MAX_MINUTES}, got "${env.ABANDON_AFTER_MINUTES}".`)

  const geminiApiKey = value('GEMINI_API_KEY') ?? null
  const geminiModel = value('GEMINI_MODEL') ?? GEMINI_DEFAULT_MODEL
  if (!/^[a-z0-9][a-z0-9.-]{1,99}$/i.test(geminiModel)) problems.push(`GEMINI_MODEL must be a model name such as ${GEMINI_DEFAULT_MODEL}, got "${env.GEMINI_MODEL}".`)
  const geminiBaseUrl = value('GEMINI_BASE_URL') ?? null
  if (geminiBaseUrl !== null && !isHttpUrl(geminiBaseUrl)) problems.push(`GEMINI_BASE_URL must be an http(s) URL, got "${env.GEMINI_BASE_URL}".`)

  const perVisitor = parseWhole(value('AI_ANSWERS_PER_VISITOR_PER_HOUR') ?? '30', 10_000)
  if (perVisitor === null) problems.push(`AI_ANSWERS_PER_VISITOR_PER_HOUR must be a whole number from 0 to 10000, got "${env.AI_ANSWERS_PER_VISITOR_PER_HOUR}".`)
  const perSite = parseWhole(value('AI_ANSWERS_PER_SITE_PER_DAY') ?? '5000', 1_000_000)
  if (perSite === null) problems.push(`AI_ANSWERS_PER_SITE_PER_DAY must be a whole number from 0 to 1000000, got "${env.AI_ANSWERS_PER_SITE_PER_DAY}".`)

  const visitorsPerMinute = parseWhole(value('VISITORS_PER_ADDRESS_PER_MINUTE') ?? '300', VISITORS_PER_ADDRESS_PER_MINUTE_MAX)
  if (visitorsPerMinute === null || visitorsPerMinute < 1) {
    problems.push(`VISITORS_PER_ADDRESS_PER_MINUTE must be a whole number from 1 to ${VISITORS_PER_ADDRESS_PER_MINUTE_MAX}, got "${env.VISITORS_PER_ADDRESS_PER_MINUTE}".`)
  }

  if (problems.length > 0) {
    throw new TandemError('ERR_CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`)
  }
  jwtSecret ??= embeddedSecret(dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'))
  const key = serverKey ?? parseServerKey(embeddedSecret(dataDir, 'server-key', () => randomBytes(SERVER_KEY_BYTES).toString('hex')))
  return {
    port: port!,
    host,
    dataDir,
    mongoUri,
    demo: demoText === 'true',
    sqliteSynchronous: sqliteSynchronous as SqliteSynchronous,
    jwtSecret,
    serverKey: key!,
    publicUrl,
    logLevel: logLevel as LogLevel,
    trustProxy: trustProxy!,
    offlineGraceMs: offlineGrace! * 1000,
    accessTokenTtlSeconds: accessTokenTtl!,
    abandonAfterMs: abandonAfter! * 60_000,
    gemini: geminiApiKey === null ? null : { apiKey: geminiApiKey, model: geminiModel, baseUrl: geminiBaseUrl?.replace(/\/+$/, '') ?? null },
    aiAnswersPerVisitorPerHour: perVisitor!,
    aiAnswersPerSitePerDay: perSite!,
    visitorsPerAddressPerMinute: visitorsPerMinute!,
  }
}

function parseWhole(raw: string, max: number): number | null {
  if (!/^\d{1,7}$/.test(raw)) return null
  const n = Number(raw)
  return n <= max ? n : null
}

/** Names proxy-addr (behind Fastify's trustProxy) knows for whole private ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal']

function parseTrustProxy(raw: string): TrustProxy | null {
  const text = raw.toLowerCase()
  if (text === 'true') return true
  if (text === 'false') return false
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    return hops >= 1 && hops <= TRUST_PROXY_MAX_HOPS ? hops : null
  }
  const entries = text.split(',').map((entry) => entry.trim())
  return entries.every(isProxyAddress) ? entries : null
}

/** An IP address, a CIDR (address/prefix length) or one of proxy-addr's range names. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

function parsePort(raw: string): number | null {
  if (!/^\d{1,5}$/.test(raw)) return null
  const port = Number(raw)
  return port <= 65535 ? port : null
}

function parseServerKey(text: string): Buffer | null {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64')
  return key.length === SERVER_KEY_BYTES ? key : null
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === ''
  } catch {
    return false
  }
}

/**
 * The embedded default keeps its secrets beside its database: made once, readable only by the owner,
 * so tokens and encrypted site secrets survive a restart without anyone configuring anything.
 */
function embeddedSecret(dataDir: string, fileName: string, make: () => string): string {
  const file = join(dataDir, fileName)
  try {
    mkdirSync(dataDir, { recursive: true })
    try {
      // 'wx' creates only if absent, so two first starts racing still agree on one secret.
      writeFileSync(file, make() + '\n', { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const secret = readFileSync(file, 'utf8').trim()
    if (secret.length < JWT_SECRET_MIN_LENGTH) {
      throw new Error(`it holds fewer than ${JWT_SECRET_MIN_LENGTH} characters; delete it to make a new one`)
    }
    return secret
  } catch (error) {
    throw new TandemError('ERR_CONFIG_INVALID', `DATA_DIR: cannot keep a secret in ${file}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}
