import t from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { testStore } from '../helpers/factories.ts'
import { startRealtime } from '../helpers/realtime.ts'
import { parkedStore } from '../helpers/parked-store.ts'

t.test('shutdown acks the frame in flight, then closes every socket with 1001 (going away)', async (t) => {
  // The customer's message waits inside the store until the test lets it go: a frame held in flight.
  const held = parkedStore(testStore(t), 'appendMessage')
  const rt = await startRealtime(t, held.store)
  const customer = await rt.asVisitor(await rt.addVisitor())
  const idle = await rt.asVisitor(await rt.addVisitor())

  customer.send({ type: 'send', clientId: 'in-flight', text: 'Where is my parcel?' })
  await held.reached

  // The message is released only once shutdown has begun: ws's server is closed first thing in it.
  const wss = rt.app.websocketServer
  const shuttingDown = new Promise<void>((resolve) => {
    const close = wss.close.bind(wss)
    wss.close = (callback) => {
      resolve()
      return close(callback)
    }
  })
  const closing = rt.app.close()
  await shuttingDown
  held.release()

  const closed = await customer.closed
  t.ok(customer.all('ack', (ack) => ack.clientId === 'in-flight').length === 1, 'the frame in flight was acked before the close')
  t.equal(closed.code, CLOSE_CODES.GOING_AWAY, 'the customer is told the server is going away')
  t.equal((await idle.closed).code, CLOSE_CODES.GOING_AWAY, 'so is a socket with nothing in flight')
  await closing
})
