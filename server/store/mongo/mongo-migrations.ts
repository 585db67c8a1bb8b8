// Data an existing database needs for a newer Tandem, written once at start. Each migration is
// marked done in `migrations` by its name; running one again (two processes starting at once) writes
// the same documents, so it is harmless.
import type { AnyBulkWriteOperation, Db } from 'mongodb'
import { COLLECTION_NAMES } from './mongo-collections.ts'
import { isDuplicateKey } from './mongo-errors.ts'
import type { VisitorDoc, VisitorTokenDoc } from './mongo-documents.ts'

const MIGRATIONS_COLLECTION = 'migrations'
/** Documents written per command while migrating. */
const BATCH = 500

interface Migration {
  name: string
  run(db: Db): Promise<void>
}

const MIGRATIONS: Migration[] = [
  {
    // Visitors created before hellos found them by primary key get their token's entry.
    name: 'visitor-tokens',
    async run(db) {
      const tokens = db.collection<VisitorTokenDoc>(COLLECTION_NAMES.visitorTokens)
      const visitors = db.collection<VisitorDoc>(COLLECTION_NAMES.visitors).find({}, { projection: { _id: 1, workspaceId: 1, siteId: 1, tokenHash: 1 } })
      let batch: AnyBulkWriteOperation<VisitorTokenDoc>[] = []
      const flush = async () => {
        if (batch.length > 0) await tokens.bulkWrite(batch, { ordered: false })
        batch = []
      }
      for await (const visitor of visitors) {
        const entry = { workspaceId: visitor.workspaceId, siteId: visitor.siteId, visitorId: visitor._id }
        batch.push({ updateOne: { filter: { _id: visitor.tokenHash }, update: { $setOnInsert: entry }, upsert: true } })
        if (batch.length >= BATCH) await flush()
      }
      await flush()
    },
  },
]

export async function migrateData(db: Db): Promise<void> {
  const done = db.collection<{ _id: string; at: Date }>(MIGRATIONS_COLLECTION)
  for (const migration of MIGRATIONS) {
    if (await done.findOne({ _id: migration.name })) continue
    await migration.run(db)
    try {
      await done.insertOne({ _id: migration.name, at: new Date() })
    } catch (error) {
      // Another process finished it too.
      if (!isDuplicateKey(error)) throw error
    }
  }
}
