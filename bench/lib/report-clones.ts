// Copies a workspace's template conversations (report-history.ts) in bulk, each copy with a new id and
// every instant shifted by its own offset, so a year of 100,000 conversations is seeded in seconds:
// through the Store one at a time it is several round trips each, minutes on FerretDB. The copies know
// nothing of a record's fields but the rule each store's layout follows for instants (SQLite: columns
// named `*_at`, in ms; MongoDB: Date values), so a fact added to the stores is copied without a change
// here. Messages are not copied: a report reads conversations only.
import type { Database } from 'better-sqlite3'
import type { Collection, Document } from 'mongodb'
import { newId } from '../../server/ids.ts'
import { seededRandom } from './report-history.ts'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/**
 * Documents per insertMany, one batch at a time: FerretDB 1.24's own work per document is the cost, not
 * the round trips. On the bench machine 20,000 copies took 4.0 s in batches of 5,000, 5.5 s two batches
 * at a time, 6.5 s four of 1,000 at a time, 6.4 s in one batch.
 */
const MONGO_BATCH = 5_000

/**
 * The shift of each copy: a whole day of the year (all equally likely) and up to an hour, to the ms
 * (so no two copies of a template share an instant, and ties never decide an order). Ascending, so the
 * copies are written in about the order a site writes its conversations: SQLite's rows then lie on
 * disk in time order, as in production, and a report's read follows them. Seeded: every store gets
 * the same year.
 */
export function cloneOffsetsMs(count: number, days: number): number[] {
  const random = seededRandom(365)
  return Array.from({ length: count }, () => Math.floor(random() * days) * DAY_MS + Math.floor(random() * HOUR_MS)).sort((a, b) => a - b)
}

/** Copy `i` is of template `i mod templates`, shifted by offsets[i]; one transaction. */
export function cloneSqliteConversations(db: Database, workspaceId: string, offsetsMs: number[]): void {
  const templates = db.prepare('SELECT * FROM conversations WHERE workspace_id = ? ORDER BY id').all(workspaceId) as Record<string, unknown>[]
  if (templates.length === 0) throw new Error('no template conversations to copy')
  const columns = Object.keys(templates[0]!)
  const instants = columns.filter((column) => column.endsWith('_at'))
  const insert = db.prepare(`INSERT INTO conversations (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`)
  db.transaction(() => {
    offsetsMs.forEach((offset, i) => {
      const copy = { ...templates[i % templates.length]! }
      for (const column of instants) if (typeof copy[column] === 'number') copy[column] += offset
      // Time-ordered like every id (ids.ts), from the copy's own creation.
      copy.id = newId(copy.created_at as number)
      insert.run(copy)
    })
  })()
}

/** The same on MongoDB: insertMany in batches, unordered (no copy waits for another's). */
export async function cloneMongoConversations(conversations: Collection<Document>, workspaceId: string, offsetsMs: number[]): Promise<void> {
  const templates = await conversations.find({ workspaceId }).sort({ _id: 1 }).toArray()
  if (templates.length === 0) throw new Error('no template conversations to copy')
  for (let start = 0; start < offsetsMs.length; start += MONGO_BATCH) {
    const batch = offsetsMs.slice(start, start + MONGO_BATCH).map((offset, k) => {
      const copy = shiftDates(templates[(start + k) % templates.length]!, offset) as Document
      copy._id = newId((copy.createdAt as Date).getTime())
      return copy
    })
    await conversations.insertMany(batch, { ordered: false })
  }
}

/** `value` with every Date in it, however deep, `offsetMs` later; any other BSON value stays as it is. */
function shiftDates(value: unknown, offsetMs: number): unknown {
  if (value instanceof Date) return new Date(value.getTime() + offsetMs)
  if (Array.isArray(value)) return value.map((item) => shiftDates(item, offsetMs))
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shiftDates(item, offsetMs)]))
  return value
}
