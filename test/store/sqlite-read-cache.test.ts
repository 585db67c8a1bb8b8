// SQLite keeps the conversations and visitors a message reads: a message costs no read of them, and
// no write, here or by another connection, is ever read past.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import type { Store } from '../../server/store/store.ts'
import { tempDir } from '../helpers/factories.ts'

/** A Store on a file, with every statement its connection runs written down. */
function openLogged(t: Test, file = join(tempDir(t), 'tandem.db')) {
  const statements: string[] = []
  const db = new Database(file, { verbose: (sql) => statements.push(String(sql)) })
  t.teardown(() => db.close())
  return { store: createSqliteStore(db), statements, file }
}

async function aConversation(store: Store) {
  const workspace = await store.createWorkspace({ name: 'Cached' })
  const site = await store.createSite(workspace.id, { name: 'Shop', key: 'site_cached', secretEncrypted: 'sealed', allowedOrigins: ['https://shop.example'] })
  const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'hash-1' })
  const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
  return { workspace, site, visitor, conversation }
}

const reads = (statements: string[]) => statements.filter((sql) => /^SELECT \* FROM (conversations|visitors)/.test(sql.trim()))

t.test('after a message, its conversation and author are read without touching their tables', async (t) => {
  const { store, statements } = openLogged(t)
  const { workspace, visitor, conversation } = await aConversation(store)
  await store.getVisitor(workspace.id, visitor.id)
  await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, clientId: 'c1', text: 'Hello' })
  statements.length = 0
  const read = await store.getConversation(workspace.id, conversation.id)
  const author = await store.getVisitor(workspace.id, visitor.id)
  t.same(reads(statements), [], 'no SELECT of either table')
  t.equal(read?.lastSeq, 1, 'the conversation as the append left it')
  t.ok(read?.facts.lastCustomerMessageAt, 'with the facts the message moved')
  t.equal(author?.id, visitor.id)
})

t.test('a write through the Store is read back at once', async (t) => {
  const { store } = openLogged(t)
  const { workspace, visitor, conversation } = await aConversation(store)
  await store.getConversation(workspace.id, conversation.id)
  await store.getVisitor(workspace.id, visitor.id)
  await store.transitionConversation(workspace.id, conversation.id, conversation.revision, { status: 'resolved' })
  await store.updateVisitor(workspace.id, visitor.id, { blocked: true })
  t.equal((await store.getConversation(workspace.id, conversation.id))?.status, 'resolved')
  t.equal((await store.getVisitor(workspace.id, visitor.id))?.blocked, true)
})

t.test('a commit by another connection (another process) empties the cache from the next turn of the event loop', async (t) => {
  const { store, file } = openLogged(t)
  const { workspace, visitor, conversation } = await aConversation(store)
  await store.getConversation(workspace.id, conversation.id)
  await store.getVisitor(workspace.id, visitor.id)
  const other = openLogged(t, file).store
  await other.transitionConversation(workspace.id, conversation.id, conversation.revision, { status: 'resolved' })
  await other.updateVisitor(workspace.id, visitor.id, { blocked: true })
  // Another process's commit is news from the next turn of the event loop on.
  await new Promise((resolve) => setImmediate(resolve))
  t.equal((await store.getConversation(workspace.id, conversation.id))?.status, 'resolved', 'the other connection’s transition')
  t.equal((await store.getVisitor(workspace.id, visitor.id))?.blocked, true, 'the other connection’s block')
})

t.test('a cached row stays scoped to its workspace, and is shared frozen', async (t) => {
  const { store } = openLogged(t)
  const { workspace, conversation } = await aConversation(store)
  const other = await store.createWorkspace({ name: 'Other' })
  const read = await store.getConversation(workspace.id, conversation.id)
  t.equal(await store.getConversation(other.id, conversation.id), null, 'not found from another workspace')
  t.throws(() => {
    ;(read as { status: string }).status = 'resolved'
  }, TypeError)
  t.equal((await store.getConversation(workspace.id, conversation.id))?.status, 'open')
})
