// Checkpoints the WAL from a worker thread, on its own connection, so the event loop never does it.
// A commit that crosses SQLite's auto-checkpoint threshold copies every page of the WAL back into
// the database file (and, in WAL mode, syncs it) before the writer returns: on the server that was
// the commit of whichever message happened to cross it, with every socket waiting behind it.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How often the worker copies what the WAL holds back into the database (a PASSIVE checkpoint). */
export const CHECKPOINT_INTERVAL_MS = 200

/**
 * The writer's own auto-checkpoint, in pages, while the worker runs: only a fallback, for a worker
 * that fell behind or died. ~40 MB of WAL; SQLite's default, 1,000 pages, is the threshold otherwise.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

export interface Checkpointer {
  /** Stops the worker after a last checkpoint. */
  stop(): Promise<void>
}

// Plain JavaScript, evaluated in the worker: it runs the same under tsx and from dist/.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 5000')
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    // A busy or failing checkpoint is tried again at the next tick; the writer's fallback remains.
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
`

/** Starts checkpointing the database file at `path`; the writer's connection keeps only a fallback threshold. */
export function startCheckpointer(writer: { pragma(source: string): unknown }, path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs: CHECKPOINT_INTERVAL_MS } })
  worker.unref()
  writer.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  // A worker that fails leaves the writer's fallback checkpoints in place: nothing else depends on it.
  worker.on('error', () => {})
  return {
    async stop() {
      // Held open until the worker has checkpointed and closed its connection.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
