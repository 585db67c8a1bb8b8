// Over the WebSocket too, text is stored as sent or refused: a lone surrogate would be acked and relayed
// as sent but stored as U+FFFD (SQLite and MongoDB hold UTF-8), so history would differ from the live view.
import t from 'tap'
import { testStore } from '../helpers/factories.ts'
import { startRealtime } from '../helpers/realtime.ts'
import { openConversation } from './suite-messaging.ts'

t.test('a send whose text is not well-formed Unicode gets ERR_FRAME_INVALID and nothing is stored', async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const { customer, customerSocket, conversationId } = await openConversation(rt)
  const sends: [string, string][] = [['lone-high', 'Where is \uD800 my order?'], ['lone-low', '\uDC00'], ['reversed', '\uDE00\uD83D']]
  for (const [clientId, text] of sends) {
    customerSocket.send({ type: 'send', clientId, conversationId, text })
    const error = await customerSocket.next('error')
    t.equal(error.code, 'ERR_FRAME_INVALID', `${clientId}: the code`)
    t.equal(error.clientId, clientId, `${clientId}: the clientId echoed`)
    t.match(error.message, /\/text must be well-formed Unicode/, `${clientId}: the message says which field and why`)
    t.equal(await store.findMessageByClientId(rt.workspace.id, customer.visitor.id, clientId), null, `${clientId}: not stored`)
  }
  const stored = await store.listMessages(rt.workspace.id, conversationId, { limit: 10 })
  t.same(stored.map((m) => m.clientId), ['first'], 'only the first message is in the conversation')
})

t.test('a page context whose title is not well-formed is refused too: every string of every frame is checked', async (t) => {
  const rt = await startRealtime(t, testStore(t))
  const socket = await rt.asVisitor(await rt.addVisitor())
  socket.send({ type: 'context', url: 'https://shop.example/', title: 'Sale \uD83D' })
  t.match(await socket.next('error'), { code: 'ERR_FRAME_INVALID', message: /title must be well-formed Unicode/ })
})

t.test('well-formed text with emoji and astral characters is acked, relayed and stored verbatim', async (t) => {
  const store = testStore(t)
  const rt = await startRealtime(t, store)
  const { customer, customerSocket, agentSocket, conversationId } = await openConversation(rt)
  const text = 'Thanks 👍🏽 — ça marche! 𝔄 👩‍👩‍👧'
  customerSocket.send({ type: 'send', clientId: 'emoji', conversationId, text })
  await customerSocket.next('ack', (f) => f.clientId === 'emoji')
  const relayed = await agentSocket.next('message', (f) => f.message.clientId === 'emoji')
  t.equal(relayed.message.text, text, 'relayed as sent')
  t.equal((await store.findMessageByClientId(rt.workspace.id, customer.visitor.id, 'emoji'))?.text, text, 'stored as sent')
})
