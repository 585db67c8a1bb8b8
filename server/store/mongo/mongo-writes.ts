// Single-document writes shared by every group of methods: inserts that report unique conflicts as
// listed errors, and patches that stay inside the workspace and never race another in this process.
import type { Collection, Document, Filter, OptionalUnlessRequiredId, UpdateFilter, WithId } from 'mongodb'
import { documentKey, type MongoContext } from './mongo-collections.ts'
import { rethrowDuplicate } from './mongo-errors.ts'
import { findInWorkspace, type ScopedDoc } from './mongo-reads.ts'

/** Inserts one document; a unique conflict throws the listed error for the collection. */
export async function insertDocument<D extends Document>(collection: Collection<D>, doc: D): Promise<void> {
  await rethrowDuplicate(collection.collectionName, () => collection.insertOne(doc as OptionalUnlessRequiredId<D>))
}

/**
 * Sets fields of one document of the workspace and returns it as it now is; null when the workspace
 * has no such document. An empty `set` only reads.
 */
export function patchDocument<D extends ScopedDoc>(
  ctx: MongoContext,
  collection: Collection<D>,
  workspaceId: string,
  id: string,
  set: Document,
): Promise<WithId<D> | null> {
  const filter = { _id: id, workspaceId } as Filter<D>
  return ctx.lock.run(documentKey(collection.collectionName, id), () =>
    rethrowDuplicate(collection.collectionName, () =>
      Object.keys(set).length === 0
        ? findInWorkspace(collection, workspaceId, id)
        : collection.findOneAndUpdate(filter, { $set: set } as UpdateFilter<D>, { returnDocument: 'after' }),
    ),
  )
}

/** Deletes one document of the workspace; false when there was none. */
export async function deleteDocument<D extends ScopedDoc>(collection: Collection<D>, workspaceId: string, id: string): Promise<boolean> {
  const result = await collection.deleteOne({ _id: id, workspaceId } as Filter<D>)
  return result.deletedCount === 1
}
