import { MongoClient } from 'mongodb'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { newConversationFacts } from '../../server/store/defaults.ts'
import { startMongo } from '../helpers/ferretdb.ts'
import { storeContract, type RawTable, type StoreHarness } from './contract.ts'
import { conversationFactsContract } from './contract-facts.ts'

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

const FACTS = Object.keys(newConversationFacts())

async function open(): Promise<StoreHarness> {
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
      async facts(conversationId) {
        const doc = await raw.collection<{ _id: string; facts?: Record<string, unknown> }>('conversations').findOne({ _id: conversationId })
        if (!doc) return null
        const stored = doc.facts ?? {}
        return Object.fromEntries(
          FACTS.map((fact) => {
            const value = stored[fact] ?? null
            return [fact, fact === 'recorded' ? value === true : value instanceof Date ? value.getTime() : value]
          }),
        )
      },
    },
    async eraseFacts(conversationId) {
      await raw.collection<{ _id: string }>('conversations').updateOne({ _id: conversationId }, { $unset: { facts: '' } })
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
}

storeContract(open)
conversationFactsContract(open)
