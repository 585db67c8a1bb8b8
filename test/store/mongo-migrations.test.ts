// Data written by an older Tandem is brought up to date at start: visitors stored before hellos found
// them by primary key get their token's entry, once, and are found by their token from then on.
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb'
import t from 'tap'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { startMongo } from '../helpers/ferretdb.ts'

t.test('a visitor stored without its token entry is found by token after a start', async (t) => {
  const mongo = await startMongo(t)
  const client = new MongoClient(mongo.uri, { monitorCommands: true })
  await client.connect()
  t.teardown(() => client.close())
  const db = client.db(mongo.dbName)
  const now = new Date()
  // As an older Tandem wrote it: the visitor alone.
  await db.collection('visitors').insertOne({
    _id: 'legacy-visitor' as unknown as never,
    workspaceId: 'ws1',
    siteId: 'site1',
    tokenHash: 'legacy-hash',
    externalId: null,
    name: null,
    email: null,
    attributes: [],
    blocked: false,
    pageContext: null,
    createdAt: now,
    lastSeenAt: now,
  })
  const store = await createMongoStore(client, { dbName: mongo.dbName })
  t.match(await store.findVisitorByTokenHash('ws1', 'site1', 'legacy-hash'), { id: 'legacy-visitor' })
  t.equal(await store.findVisitorByTokenHash('ws1', 'other-site', 'legacy-hash'), null, 'only on its own site')
  t.equal(await store.findVisitorByTokenHash('ws2', 'site1', 'legacy-hash'), null, 'and in its own workspace')

  const made = await store.createVisitor('ws1', { siteId: 'site1', tokenHash: 'new-hash' })
  const filters: Document[] = []
  client.on('commandStarted', (event: CommandStartedEvent) => {
    if (event.commandName === 'find') filters.push((event.command as Document).filter)
  })
  t.match(await store.findVisitorByTokenHash('ws1', 'site1', 'new-hash'), { id: made.id })
  t.same(filters, [{ _id: 'new-hash' }, { _id: made.id }], 'two reads by primary key, no scan of the visitors')

  await createMongoStore(client, { dbName: mongo.dbName })
  t.equal(await db.collection('visitor_tokens').countDocuments({}), 2, 'a second start writes nothing twice')
})
