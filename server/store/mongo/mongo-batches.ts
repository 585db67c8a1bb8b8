// Group commit on MongoDB: the message inserts (and the conversation counters they move) asked for in
// one turn of the event loop go to the server as one command each, instead of one round trip per
// message. Every caller still hears back about its own document only, once the server has answered
// for it under the write concern: an ack still means durable.
import { MongoBulkWriteError, MongoServerError, type AnyBulkWriteOperation, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb'

/** More in one command than this and the batch is split: a command stays far under MongoDB's 16 MiB. */
export const WRITE_BATCH_MAX = 500

interface Pending<T> {
  item: T
  resolve(): void
  reject(error: unknown): void
}

/** A batch's failures, each as the MongoServerError a lone write would have thrown (isDuplicateKey reads them). */
function failuresOf(error: unknown, size: number): (unknown | null)[] {
  if (!(error instanceof MongoBulkWriteError)) return Array.from({ length: size }, () => error)
  const failures: (unknown | null)[] = Array.from({ length: size }, () => null)
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]
  for (const writeError of writeErrors) {
    failures[writeError.index] = new MongoServerError({ message: writeError.errmsg ?? 'write failed', code: writeError.code, errmsg: writeError.errmsg })
  }
  // A batch that failed as a whole (a write concern error, the connection) leaves no one stored for sure.
  if (writeErrors.length === 0 || error.writeConcernError) return failures.map((f) => f ?? error)
  return failures
}

/** Collects writes for one turn of the event loop, then sends them together with `write`. */
function batcher<T>(write: (items: T[]) => Promise<unknown>) {
  let pending: Pending<T>[] = []
  async function flush() {
    const batch = pending
    pending = []
    for (let start = 0; start < batch.length; start += WRITE_BATCH_MAX) {
      const slice = batch.slice(start, start + WRITE_BATCH_MAX)
      let failures: (unknown | null)[]
      try {
        await write(slice.map((p) => p.item))
        failures = slice.map(() => null)
      } catch (error) {
        failures = failuresOf(error, slice.length)
      }
      slice.forEach((p, i) => (failures[i] === null ? p.resolve() : p.reject(failures[i])))
    }
  }
  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      if (pending.length === 0) setImmediate(() => void flush())
      pending.push({ item, resolve, reject })
    })
}

/** Inserts documents in grouped insertMany commands; unordered, so one refused document stops no other. */
export function groupedInserts<D extends Document>(collection: Collection<D>) {
  return batcher<OptionalUnlessRequiredId<D>>((docs) => collection.insertMany(docs, { ordered: false }))
}

/** Runs single-document updates in grouped update commands (each one names its document by _id). */
export function groupedUpdates<D extends Document>(collection: Collection<D>) {
  return batcher<AnyBulkWriteOperation<D>>((operations) => collection.bulkWrite(operations, { ordered: false }))
}
