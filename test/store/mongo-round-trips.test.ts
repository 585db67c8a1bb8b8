// What one chat message costs MongoDB, counted in commands on the wire. Every step of the message
// path is a primary-key operation: MongoDB answers those from the _id index, and FerretDB (the tests'
// MongoDB) pushes only a bare {_id} filter down to SQL and scans the collection for anything else.
// A new round trip, or a filter that is more than an _id, fails here before it slows production.
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb'
import t from 'tap'
import { createMongoStore } from '../../server/store/mongo/mongo-store.ts'
import { startMongo } from '../helpers/ferretdb.ts'
import { startRealtime } from '../helpers/realtime.ts'

/**
 * Today's cost of a customer's message to a conversation an agent holds: the visitor as stored now
 * (the block check, 1), the conversation it is written to (1), the insert and the conversation's
 * counters (2; grouped with other messages' under load). No resend lookup (the append finds a resend
 * itself), no read of the last seq (this process wrote it), and routing has nothing to look up for a
 * conversation a person holds.
 */
const CUSTOMER_MESSAGE_COMMANDS_MAX = 4

/** The filter a command selects documents with, for the commands the message path sends. */
function filterOf(event: CommandStartedEvent): Document | null {
  const command = event.command as Document
  if (event.commandName === 'find') return command.filter ?? {}
  if (event.commandName === 'update') return command.updates?.[0]?.q ?? {}
  if (event.commandName === 'findAndModify') return command.query ?? {}
  if (event.commandName === 'delete') return command.deletes?.[0]?.q ?? {}
  return null
}

const describe = (event: CommandStartedEvent) => `${event.commandName} ${String((event.command as Document)[event.commandName])} ${JSON.stringify(filterOf(event) ?? '')}`

t.test("a customer's message is a handful of primary-key operations", async (t) => {
  const mongo = await startMongo(t)
  const client = new MongoClient(mongo.uri, { monitorCommands: true })
  await client.connect()
  t.teardown(() => client.close())
  const store = await createMongoStore(client, { dbName: mongo.dbName })
  // human-first: the online agent is given the conversation while its first message is handled, and
  // nothing runs after a frame is done (no AI turn), so every command counted is the message's own.
  const rt = await startRealtime(t, store, { routingPolicy: 'human-first' })
  const customer = await rt.addVisitor()
  const agent = await rt.addAgent()
  const customerSocket = await rt.asVisitor(customer)
  const agentSocket = await rt.asAgent(agent)
  // The pong follows the hello's whole set-up, coming online included.
  await agentSocket.settle()
  customerSocket.send({ type: 'send', clientId: 'first', text: 'Hello?' })
  const { conversationId } = await customerSocket.next('ack')
  await agentSocket.next('routing', (f) => f.conversationId === conversationId && f.event === 'assigned')
  await customerSocket.settle()

  const commands: CommandStartedEvent[] = []
  client.on('commandStarted', (event) => commands.push(event))
  for (let i = 1; i <= 3; i++) {
    commands.length = 0
    customerSocket.send({ type: 'send', clientId: `m${i}`, conversationId, text: `message ${i}` })
    await agentSocket.next('message', (f) => f.message.clientId === `m${i}`)
    // The agent's frame goes out before routing's last look; a ping round trip lets that finish.
    await customerSocket.settle()
    t.ok(commands.length <= CUSTOMER_MESSAGE_COMMANDS_MAX, `message ${i}: ${commands.length} commands, at most ${CUSTOMER_MESSAGE_COMMANDS_MAX}`, {
      commands: commands.map(describe),
    })
    const scans = commands.filter((event) => {
      const filter = filterOf(event)
      return filter !== null && (Object.keys(filter).length !== 1 || typeof filter._id !== 'string')
    })
    t.same(scans.map(describe), [], `message ${i}: every read and update names one document by _id`)
  }
})
