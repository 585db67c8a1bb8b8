// Starts Tandem: reads the environment, opens the Store, listens, and shuts down gracefully.
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { isTandemError } from './errors.ts'
import { openStore } from './store/open-store.ts'

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const config = loadConfig()
  const opened = await openStore(config)
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

  await app.listen({ port: config.port, host: config.host })
  const where = opened.store.kind === 'sqlite' ? `SQLite in ${config.dataDir}` : 'MongoDB'
  process.stdout.write(
    [
      '',
      `  Tandem is running at ${config.publicUrl}  (store: ${where})`,
      `  Health: ${config.publicUrl}/healthz   Ready: ${config.publicUrl}/readyz`,
      '',
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`\nTandem could not start.\n${isTandemError(error) ? error.message : String((error as Error)?.stack ?? error)}\n\n`)
  process.exit(1)
})
