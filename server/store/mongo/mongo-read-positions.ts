// Read positions on MongoDB: one document per (conversation, reader), keyed by both, moved forward
// with $max so a late or repeated read frame never moves it back.
import type { ReadPositionMethods } from '../store.ts'
import { documentKey, type MongoContext } from './mongo-collections.ts'
import { isDuplicateKey } from './mongo-errors.ts'

const positionId = (conversationId: string, readerId: string) => `${conversationId}:${readerId}`

export function readPositionMethods(ctx: MongoContext): ReadPositionMethods {
  const upsert = (workspaceId: string, conversationId: string, readerId: string, seq: number) =>
    ctx.readPositions.findOneAndUpdate(
      { _id: positionId(conversationId, readerId) },
      { $max: { seq }, $set: { updatedAt: new Date() }, $setOnInsert: { workspaceId, conversationId, readerId } },
      { upsert: true, returnDocument: 'after' },
    )

  return {
    // Under the document's lock: FerretDB applies an update as read-then-write, so two in flight
    // here could keep the lower seq. On MongoDB $max is atomic across processes too; on FerretDB two
    // processes racing may keep the lower until the next read frame moves it on.
    markRead(workspaceId, conversationId, readerId, seq) {
      const id = positionId(conversationId, readerId)
      return ctx.lock.run(documentKey(ctx.readPositions.collectionName, id), async () => {
        let stored
        try {
          stored = await upsert(workspaceId, conversationId, readerId, seq)
        } catch (error) {
          // Two first reads racing from two processes: one inserted, the other now updates it.
          if (!isDuplicateKey(error)) throw error
          stored = await upsert(workspaceId, conversationId, readerId, seq)
        }
        return stored?.seq ?? seq
      })
    },

    async listReadPositions(workspaceId, readerId, conversationIds) {
      const positions = new Map<string, number>()
      if (conversationIds.length === 0) return positions
      const docs = ctx.readPositions.find({ _id: { $in: conversationIds.map((id) => positionId(id, readerId)) }, workspaceId })
      for await (const doc of docs) positions.set(doc.conversationId, doc.seq)
      return positions
    },
  }
}
