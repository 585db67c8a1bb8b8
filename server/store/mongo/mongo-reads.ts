// Reading one document of a workspace by its primary key. The filter names `_id` alone and the
// workspace is checked on the document: MongoDB answers either filter from the _id index, but
// FerretDB 1.24 pushes only a bare `{_id}` filter down to its SQL backend and scans the whole
// collection for anything more, so `{_id, workspaceId}` made every point read cost O(collection).
import type { Collection, Filter, FindOptions, WithId } from 'mongodb'

/** A document that belongs to a workspace, as all but workspaces do. */
export type ScopedDoc = { _id: string; workspaceId: string }

/** The workspace's document with this id; null when there is none, or it is another workspace's. */
export async function findInWorkspace<D extends ScopedDoc>(
  collection: Collection<D>,
  workspaceId: string,
  id: string,
  options?: FindOptions,
): Promise<WithId<D> | null> {
  // A projection must keep workspaceId, or the check below could never pass.
  const projection = options?.projection ? { ...options.projection, workspaceId: 1 } : undefined
  const doc: WithId<D> | null = await collection.findOne({ _id: id } as Filter<D>, projection ? { ...options, projection } : (options ?? {}))
  return doc !== null && doc.workspaceId === workspaceId ? doc : null
}
