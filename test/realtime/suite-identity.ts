// A customer verified while their widget is open: the sockets already open act as the verified user
// from then on (their other devices' conversations, live), and a block still reaches every one of them.
import type { Test } from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import type { Store } from '../../server/store/store.ts'
import { closedWithin, startRealtime } from '../helpers/realtime.ts'

const blocked = { code: CLOSE_CODES.VISITOR_BLOCKED, reason: 'blocked' }

export function identitySuite(t: Test, store: () => Store): void {
  t.test("a socket open before its visitor is verified gets the user's other devices' messages live, and may write in them", async (t) => {
    const rt = await startRealtime(t, store())
    const [phone, laptop] = [await rt.addVisitor(), await rt.addVisitor()]
    t.equal((await rt.identify(phone, 'user-7')).statusCode, 200)
    const phoneSocket = await rt.asVisitor(phone)
    phoneSocket.send({ type: 'send', clientId: 'p1', text: 'Ordered from my phone' })
    const { conversationId } = await phoneSocket.next('ack')

    const laptopSocket = await rt.asVisitor(laptop)
    t.equal((await rt.identify(laptop, 'user-7')).statusCode, 200, 'the laptop signs in while its widget is open')
    t.match(await laptopSocket.next('conversation'), { conversation: { id: conversationId } }, "the laptop is shown the phone's conversation")
    phoneSocket.send({ type: 'send', clientId: 'p2', conversationId, text: 'Any news?' })
    t.match(await laptopSocket.next('message', (f) => f.message.conversationId === conversationId), { message: { seq: 2, text: 'Any news?' } }, "the laptop's open socket hears the phone's conversation")

    laptopSocket.send({ type: 'send', clientId: 'l1', conversationId, text: 'Writing from the laptop now' })
    t.match(await laptopSocket.next('ack'), { conversationId, seq: 3 }, 'and may write in it without reconnecting')
    t.match(await phoneSocket.next('message', (f) => f.message.seq === 3), { message: { authorId: laptop.visitor.id } })
    await laptopSocket.settle()
    t.equal(laptopSocket.all('message', (f) => f.message.seq === 2).length, 1, 'each message arrives once')
  })

  t.test('blocking a verified visitor closes every socket of theirs, opened before or after verifying, and nothing sent after is stored', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const before = await rt.asVisitor(customer)
    before.send({ type: 'send', clientId: 'c1', text: 'Hello' })
    const { conversationId } = await before.next('ack')
    t.equal((await rt.identify(customer, 'user-9')).statusCode, 200)
    const after = await rt.asVisitor(customer)

    const res = await rt.app.inject({ method: 'POST', url: `/v1/visitors/${customer.visitor.id}/block`, headers: rt.adminHeaders, payload: { blocked: true } })
    t.equal(res.statusCode, 200)
    // Sent the moment the block is answered: the server may still be closing this socket.
    before.send({ type: 'send', clientId: 'c2', conversationId, text: 'Blocked? Still here' })
    t.same(await closedWithin(before), blocked, 'the socket opened before verifying closes')
    t.same(await closedWithin(after), blocked, 'so does the one opened after')
    const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 10 })
    t.same(stored.map((m) => m.clientId), ['c1'], 'the send after the block was not stored')
  })

  t.test('a visitor blocked while a socket of theirs is open stores nothing more, even when no block event reaches that socket', async (t) => {
    const rt = await startRealtime(t, store())
    const customer = await rt.addVisitor()
    const [tab, otherTab] = [await rt.asVisitor(customer), await rt.asVisitor(customer)]
    tab.send({ type: 'send', clientId: 'c1', text: 'Hello' })
    const { conversationId } = await tab.next('ack')
    // Blocked in the store alone, as by a server whose block event never reached this one.
    await store().updateVisitor(rt.workspace.id, customer.visitor.id, { blocked: true })

    tab.send({ type: 'send', clientId: 'c2', conversationId, text: 'Still here' })
    t.match(await tab.next('error'), { code: 'ERR_VISITOR_BLOCKED', clientId: 'c2' }, 'a message to their conversation is refused')
    t.same(await closedWithin(tab), blocked, 'and the socket closes')
    otherTab.send({ type: 'send', clientId: 'c3', text: 'A new conversation then' })
    t.match(await otherTab.next('error'), { code: 'ERR_VISITOR_BLOCKED', clientId: 'c3' }, 'so is a first message, opening nothing')
    t.same(await closedWithin(otherTab), blocked)
    const stored = await store().listMessages(rt.workspace.id, conversationId, { limit: 10 })
    t.same(stored.map((m) => m.clientId), ['c1'], 'nothing sent after the block was stored')
    t.equal(await store().findMessageByClientId(rt.workspace.id, customer.visitor.id, 'c3'), null)
  })
}
