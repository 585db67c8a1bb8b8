// A real Tandem for browser tests: `server/main.ts` in its own process on a fixed port (so it can be
// killed and started again on the same port and data), on SQLite in a temp folder seeded beforehand
// with a workspace, agents, a site whose allowed origin is the host page's, and help articles.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Test } from 'tap'
import WebSocket from 'ws'
import { PROTOCOL_VERSION } from '../../protocol/frames.ts'
import type { RoutingPolicy } from '../../protocol/enums.ts'
import { loadConfig } from '../../server/config.ts'
import { createSecretBox } from '../../server/secrets.ts'
import { createSiteWithSecret } from '../../server/setup/site-keys.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import type { NewSite } from '../../server/store/store.ts'
import { tempDir, testPasswordHash, TEST_PASSWORD } from '../../test/helpers/factories.ts'
import { seedReportDataset } from '../../test/helpers/report-dataset.ts'
import { WsClient } from '../../test/helpers/realtime.ts'

const ROOT = new URL('../../', import.meta.url).pathname

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface SeedOptions {
  hostOrigin: string
  routingPolicy?: RoutingPolicy
  greeting?: string
  /** The site's language setting (default en). */
  locale?: string
  /** More of the site's settings (pre-chat fields, business hours, away message). */
  site?: Partial<Pick<NewSite, 'preChatFields' | 'businessHours' | 'awayMessage'>>
  agents?: string[]
  articles?: { title: string; body: string; url: string | null }[]
  /** More environment for the server (GEMINI_API_KEY and GEMINI_BASE_URL for a fake Gemini). */
  env?: Record<string, string>
  /** Open conversations waiting in the database before the server starts, each with one customer message. */
  openConversations?: number
  /** A second workspace with one conversation of its own (what an agent of the first must never open). */
  otherWorkspace?: boolean
  /** The reports' seeded history (test/helpers/report-dataset.ts), held and resolved by the second and third agents. */
  reportDataset?: boolean
}

export interface Seeded {
  siteKey: string
  /** The site's secret, for signing identities as the site's backend does. */
  secret: string
  workspaceId: string
  /** The site's id, as conversation rows name it. */
  siteId: string
  agents: { id: string; name: string; email: string }[]
  /** The other workspace's conversation, when one was asked for. */
  foreignConversationId: string | null
}

async function seed(dataDir: string, options: SeedOptions): Promise<Seeded> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
  const db = new Database(join(dataDir, 'tandem.db'))
  try {
    const store = createSqliteStore(db)
    const passwordHash = await testPasswordHash()
    const workspace = await store.createWorkspace({ name: 'Acme' })
    const agents = []
    for (const [i, name] of (options.agents ?? ['Ann Agent']).entries()) {
      const email = `agent${i}@acme.example`
      const agent = await store.createAgent(workspace.id, { name, email, passwordHash, role: i === 0 ? 'admin' : 'agent' })
      agents.push({ id: agent.id, name, email })
    }
    const { site, secret } = await createSiteWithSecret(store, createSecretBox(config.serverKey), workspace.id, {
      name: 'Acme Shop',
      allowedOrigins: [options.hostOrigin],
      routingPolicy: options.routingPolicy ?? 'human-first',
      greeting: options.greeting ?? 'Hi! How can we help today?',
      ...(options.locale ? { locale: options.locale } : {}),
      ...options.site,
    })
    if (options.articles?.length) await store.createHelpArticles(workspace.id, site.id, options.articles)
    for (let i = 0; i < (options.openConversations ?? 0); i++) {
      const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: `seeded-${i}`, name: `Customer ${i + 1}` })
      const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
      await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, authorName: null, clientId: null, text: `Question number ${i + 1}` })
    }
    if (options.reportDataset) {
      if (agents.length < 3) throw new Error('the report dataset needs three agents: an admin, Ada and Bo')
      await seedReportDataset(store, workspace.id, { siteId: site.id, ada: agents[1]!.id, bo: agents[2]!.id })
    }
    let foreignConversationId: string | null = null
    if (options.otherWorkspace) {
      const other = await store.createWorkspace({ name: 'Globex' })
      const { site: otherSite } = await createSiteWithSecret(store, createSecretBox(config.serverKey), other.id, { name: 'Globex Shop', allowedOrigins: [] })
      const visitor = await store.createVisitor(other.id, { siteId: otherSite.id, tokenHash: 'globex-visitor', name: 'Globex Customer' })
      const conversation = await store.createConversation(other.id, { siteId: otherSite.id, visitorId: visitor.id })
      await store.appendMessage(other.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, authorName: null, clientId: null, text: 'A secret of Globex' })
      foreignConversationId = conversation.id
    }
    return { siteKey: site.key, siteId: site.id, secret, workspaceId: workspace.id, agents, foreignConversationId }
  } finally {
    db.close()
  }
}

export interface Tandem extends Seeded {
  url: string
  port: number
  /** SIGKILL: no graceful close, sockets just drop. */
  kill(): Promise<void>
  start(): Promise<void>
  /** An agent's socket, signed in through the REST login as the agent app will, and their token. */
  agentSocket(index?: number): Promise<{ socket: WsClient; token: string }>
  /** Rows of a table in the database, read beside the server (counting visitors, say). */
  count(table: string): number
  /** Every row of a table, read beside the server. */
  rows(table: string): Record<string, unknown>[]
}

export async function startTandem(t: Test, options: SeedOptions): Promise<Tandem> {
  const dataDir = tempDir(t)
  const port = await freePort()
  const seeded = await seed(dataDir, options)
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  const sockets: WebSocket[] = []

  async function start() {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'warn', GEMINI_API_KEY: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    let output = ''
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Tandem is running')) resolve()
      })
      proc.once('exit', (code) => reject(new Error(`Tandem exited ${code} before it was ready:\n${output}`)))
    })
  }

  async function kill() {
    const proc = child
    if (!proc || proc.exitCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGKILL')
    await exited
    child = null
  }

  t.teardown(async () => {
    for (const socket of sockets) socket.terminate()
    await kill()
  })
  await start()

  async function agentSocket(index = 0) {
    const agent = seeded.agents[index]!
    const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: agent.email, password: TEST_PASSWORD }) })
    const { accessToken } = (await login.json()) as { accessToken: string }
    const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/ws`)
    sockets.push(socket)
    const client = new WsClient(socket)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, auth: { kind: 'agent', accessToken } })
    await client.next('welcome')
    return { socket: client, token: accessToken }
  }

  function count(table: string): number {
    const db = new Database(join(dataDir, 'tandem.db'), { readonly: true })
    try {
      return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    } finally {
      db.close()
    }
  }

  function rows(table: string): Record<string, unknown>[] {
    const db = new Database(join(dataDir, 'tandem.db'), { readonly: true })
    try {
      return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
    } finally {
      db.close()
    }
  }

  return { ...seeded, url, port, kill, start, agentSocket, count, rows }
}
