import { MongoClient } from 'mongodb'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { startMongo } from '../helpers/ferretdb.ts'
import { realtimeSuite } from './protocol-suite.ts'

// FerretDB over the real wire protocol (or the server MONGO_URI names): see test/helpers/ferretdb.ts.
realtimeSuite(async () => {
  const mongo = await startMongo()
  const client = new MongoClient(mongo.uri)
  await client.connect()
  const peers: MongoClient[] = []
  return {
    store: await createMongoStore(client, { dbName: mongo.dbName }),
    // Another client on the same database, as a second server process would hold.
    async openPeer() {
      const peer = new MongoClient(mongo.uri)
      await peer.connect()
      peers.push(peer)
      return createMongoStore(peer, { dbName: mongo.dbName })
    },
    async close() {
      for (const peer of peers) await peer.close()
      await client.close()
      await mongo.stop()
    },
  }
})
