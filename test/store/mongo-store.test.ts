import { MongoClient } from 'mongodb'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { startMongo } from '../helpers/ferretdb.ts'
import { storeContract, type RawTable } from './contract.ts'

const COLLECTIONS: Record<RawTable, string> = {
  workspaces: 'workspaces',
  sites: 'sites',
  agents: 'agents',
  visitors: 'visitors',
  conversations: 'conversations',
  messages: 'messages',
  helpArticles: 'help_articles',
  cannedReplies: 'canned_replies',
  agentSessions: 'agent_sessions',
  refreshTokens: 'refresh_tokens',
  refusedOrigins: 'refused_origins',
}

storeContract(async () => {
  const mongo = await startMongo()
  const clients: MongoClient[] = []
  const connect = async () => {
    const client = new MongoClient(mongo.uri)
    clients.push(client)
    await client.connect()
    return client
  }
  const raw = (await connect()).db(mongo.dbName)
  return {
    store: await createMongoStore(await connect(), { dbName: mongo.dbName }),
    raw: {
      async get(table, id) {
        const doc = await raw.collection<{ _id: string }>(COLLECTIONS[table]).findOne({ _id: id })
        if (!doc) return null
        const { _id, ...fields } = doc
        // A refresh token's _id is its hash, the name the SQLite harness reads it by too.
        return table === 'refreshTokens' ? { tokenHash: _id, ...fields } : { id: _id, ...fields }
      },
      count(table, workspaceId) {
        return raw.collection(COLLECTIONS[table]).countDocuments({ workspaceId })
      },
      async seqs(conversationId) {
        const docs = await raw.collection('messages').find({ conversationId }).sort({ seq: 1 }).toArray()
        return docs.map((doc) => doc.seq as number)
      },
    },
    // Its own client, so the peer shares nothing with the first store but the database.
    async openPeer() {
      return createMongoStore(await connect(), { dbName: mongo.dbName })
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()))
      await mongo.stop()
    },
  }
})
