// Starts Tandem: reads the environment, opens the Store, listens, and shuts down gracefully.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { loadConfig, type Config } from './config.ts'
import { isTandemError, TandemError } from './errors.ts'
import { createSecretBox } from './secrets.ts'
import { setUpDemoIfEmpty } from './setup/demo.ts'
import { openStore } from './store/open-store.ts'

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const config = loadConfig()
  const opened = await openStore(config)
  const interrupted = await opened.store.interruptStreamingMessages()
  const app = await buildApp(config, { store: opened.store })

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
  const where = opened.store.kind === 'sqlite' ? `SQLite in ${config.dataDir}` : 'MongoDB'
  const lines = [
    '',
    `  Tandem is running at ${config.publicUrl}  (store: ${where})`,
    `  Agent app: ${config.publicUrl}/agent/`,
    `  API: ${config.publicUrl}/v1   OpenAPI: ${config.publicUrl}/v1/openapi.json`,
    `  Health: ${config.publicUrl}/healthz   Ready: ${config.publicUrl}/readyz`,
    `  AI: ${app.responder.name}${config.gemini ? '' : '  (set GEMINI_API_KEY for Gemini)'}`,
  ]
  if (demo) {
    lines.push(
      '',
      '  First start: a demo workspace was created.',
      `    Sign in at ${config.publicUrl}/agent/ as ${demo.adminEmail} with the one-time password ${demo.oneTimePassword}`,
      '    (shown only now; you choose your own at first sign-in; lost it? npm run admin -- reset-password --email ...)',
      `    Demo site key: ${demo.siteKey}`,
    )
  }
  process.stdout.write(lines.join('\n') + '\n\n')
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
