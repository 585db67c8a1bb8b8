// Starts Tandem: reads the environment, opens the Store, listens, and shuts down gracefully.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { loadConfig, type Config } from './config.ts'
import { isTandemError, TandemError } from './errors.ts'
import { readableLogStream } from './log-lines.ts'
import { createSecretBox } from './secrets.ts'
import { API_DOCS_PATH } from './http/api-docs-routes.ts'
import { DEMO_SHOP_PATH } from './http/demo-shop-routes.ts'
import { demoSiteKey, setUpDemoIfEmpty, type DemoSetup } from './setup/demo.ts'
import { openStore } from './store/open-store.ts'

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const config = loadConfig()
  const opened = await openStore(config)
  const interrupted = await opened.store.interruptStreamingMessages()
  // At a terminal, logs a person reads (and no line per request); elsewhere, JSON lines as they are.
  const terminal = process.stdout.isTTY === true
  const app = await buildApp(config, { store: opened.store, ...(terminal ? { logStream: readableLogStream(process.stdout), logRequests: false } : {}) })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref()
    await app.close()
    await opened.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  if (interrupted > 0) app.log.warn({ interrupted }, 'AI answers cut off by the last shutdown were marked interrupted')
  await listen(app, config)
  // Only once the port is ours: a demo made before a failed listen would keep a one-time password
  // nobody was ever shown.
  const demo = await setUpDemoIfEmpty(opened.store, createSecretBox(config.serverKey), config)
  process.stdout.write(banner(config, { store: opened.store.kind, responder: app.responder.name, demo, demoShop: demoSiteKey(config) !== null }))
}

/** What a person reads after `npm start`: where to go first, then how to sign in, then the rest. */
function banner(config: Config, started: { store: 'sqlite' | 'mongodb'; responder: string; demo: DemoSetup | null; demoShop: boolean }): string {
  const url = config.publicUrl
  const where = started.store === 'sqlite' ? `SQLite in ${config.dataDir}` : 'MongoDB'
  const lines = ['', `  Tandem is running at ${url}  (store: ${where})`, '']
  if (started.demoShop) lines.push(`  Demo shop:  ${url}${DEMO_SHOP_PATH}   (a shop page with the chat on it: ask it something)`)
  lines.push(`  Agent app:  ${url}/agent/`)
  const { demo } = started
  if (demo) {
    lines.push(
      '    First start: a demo workspace was created. Sign in with a one-time password (shown only now; you choose your own at first sign-in):',
      `      admin  ${demo.adminEmail}  one-time password ${demo.oneTimePassword}`,
      `      agent  ${demo.agentEmail}  one-time password ${demo.agentOneTimePassword}`,
      '    Lost one? npm run admin -- reset-password --email ...',
      `    Demo site key: ${demo.siteKey}   (its secret is under Admin → Sites → Install; examples/README.md uses both)`,
    )
  }
  lines.push(
    `  API docs:   ${url}${API_DOCS_PATH}   (OpenAPI: ${url}/v1/openapi.json; WebSocket protocol: ${url}${API_DOCS_PATH}/protocol)`,
    `  Health: ${url}/healthz   Ready: ${url}/readyz`,
    `  AI: ${started.responder}${config.gemini ? '' : '  (set GEMINI_API_KEY for Gemini)'}`,
  )
  if (started.store === 'mongodb' && !config.demo) lines.push('  No demo on MongoDB (DEMO=true makes one); a first workspace: npm run admin -- create-workspace ...')
  return lines.join('\n') + '\n\n'
}

/** Listens; a port another process holds is said in one line, not as a stack trace. */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    throw new TandemError('ERR_CONFIG_INVALID', `Port ${config.port} is already in use: stop the other server or set PORT.`, { cause: error })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nTandem could not start.\n${isTandemError(error) ? error.message : String((error as Error)?.stack ?? error)}\n\n`)
  process.exit(1)
})
