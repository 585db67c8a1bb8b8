// Each actor's frame allowance: shared by all its sockets, so more sockets or a reconnect buy no
// fresh burst, and judged as frames arrive, so frames waiting behind a slow one cannot wait out the
// limit. The allowance's clock is the test's: nothing here waits for real time to pass.
import t from 'tap'
import type { WebSocket } from 'ws'
import { FRAMES_QUEUED_MAX } from '../../protocol/limits.ts'
import { frameAllowances } from '../../server/realtime/frame-allowance.ts'
import { liveSockets } from '../../server/realtime/live-sockets.ts'
import { testStore } from '../helpers/factories.ts'
import { parkedStore } from '../helpers/parked-store.ts'
import { MANUAL_HEARTBEAT, startRealtime } from '../helpers/realtime.ts'

const BURST = 3
/** One frame a second: the clock below moves only when a test moves it. */
const RATE = 1

function testClock() {
  const clock = { now: 1_700_000_000_000 }
  return { clock, realtime: { ...MANUAL_HEARTBEAT, frameBurst: BURST, framesPerSecond: RATE, now: () => clock.now } }
}

t.test("a visitor's sockets share one allowance: a second socket or a reconnect buys no fresh burst", async (t) => {
  const { clock, realtime } = testClock()
  const rt = await startRealtime(t, testStore(t), { realtime })
  const customer = await rt.addVisitor()
  const first = await rt.asVisitor(customer)
  for (let i = 0; i < BURST; i++) first.send({ type: 'ping' })
  for (let i = 0; i < BURST; i++) await first.next('pong')

  const second = await rt.asVisitor(customer)
  second.send({ type: 'ping' })
  t.match(await second.next('error'), { code: 'ERR_FRAME_RATE_LIMITED' }, 'the second socket finds the bucket the first emptied')
  first.socket.close()
  second.socket.close()
  await Promise.all([first.closed, second.closed])

  const again = await rt.asVisitor(customer)
  again.send({ type: 'ping' })
  t.match(await again.next('error'), { code: 'ERR_FRAME_RATE_LIMITED' }, 'so does a socket opened after both closed')

  const stranger = await rt.asVisitor(await rt.addVisitor())
  stranger.send({ type: 'ping' })
  await stranger.next('pong')
  t.pass('another visitor has an allowance of their own')

  clock.now += (1000 / RATE) * 1
  again.send({ type: 'ping' })
  await again.next('pong')
  t.pass('time refills it at the rate')
})

t.test('frames are judged as they arrive, not when their turn comes behind a slow one', async (t) => {
  const { clock, realtime } = testClock()
  const store = testStore(t)
  // The visitor's first send waits in the Store (its block check) while more frames arrive behind it.
  const parked = parkedStore(store, 'getVisitor')
  const rt = await startRealtime(t, parked.store, { realtime })
  const customer = await rt.addVisitor()
  const socket = await rt.asVisitor(customer)
  socket.send({ type: 'send', clientId: 'slow', text: 'Hello?' })
  await parked.reached
  for (let i = 0; i < 5; i++) socket.send({ type: 'ping' })
  for (let i = 0; i < 5 - (BURST - 1); i++) await socket.next('error', (f) => f.code === 'ERR_FRAME_RATE_LIMITED')
  t.equal(socket.all('pong').length, 0, 'the frames over the burst were refused while the first still waited')

  // A long wait before the slow frame is done: frames judged at their turn would all pass by then.
  clock.now += 3_600_000
  parked.release()
  await socket.next('ack')
  await socket.next('pong')
  await socket.next('pong')
  await socket.settle()
  t.equal(socket.all('pong').length, BURST - 1 + 1, 'only those within the burst were handled (and the settle ping)')
  t.equal(socket.all('error').length, 5 - (BURST - 1), 'and none of the others')
})

t.test('an allowance is forgotten once it has rested, and kept while it remembers anything', async (t) => {
  const clock = { now: 0 }
  const allowances = frameAllowances({ framesPerSecond: 1, frameBurst: 2, floodDropsMax: 10, floodWindowMs: 5000 }, () => clock.now)
  const held = allowances.acquire('visitor:a')
  held.allowance.take(clock.now)
  held.allowance.take(clock.now)
  t.equal(held.allowance.take(clock.now), false, 'the third frame at once is dropped')
  held.release()
  allowances.acquire('visitor:b').release()
  t.equal(allowances.size, 2, 'a gone actor whose bucket is empty is kept')
  clock.now += 2000
  allowances.acquire('visitor:c')
  t.equal(allowances.size, 3, 'refilled, but its drop is remembered for the flood window')
  clock.now += 5000
  allowances.acquire('visitor:c')
  t.equal(allowances.size, 1, 'rested and nothing to remember: both forgotten; the one with sockets stays')
})

t.test('a socket with FRAMES_QUEUED_MAX frames waiting is not read until half of them are done', async (t) => {
  const calls: string[] = []
  const socket = {
    isPaused: false,
    pause() {
      calls.push('pause')
      this.isPaused = true
    },
    resume() {
      calls.push('resume')
      this.isPaused = false
    },
  }
  const live = liveSockets()
  live.add(socket as unknown as WebSocket)
  const finish: (() => void)[] = []
  for (let i = 0; i < FRAMES_QUEUED_MAX; i++) live.handle(socket as unknown as WebSocket, () => new Promise<void>((resolve) => finish.push(resolve)))
  t.same(calls, ['pause'], 'paused as the queue fills')
  const until = async (done: number) => {
    while (finish.length < done) await new Promise((resolve) => setImmediate(resolve))
  }
  for (let done = 0; done < FRAMES_QUEUED_MAX / 2; done++) {
    await until(done + 1)
    finish[done]!()
    await new Promise((resolve) => setImmediate(resolve))
    if (done < FRAMES_QUEUED_MAX / 2 - 1) t.same(calls, ['pause'], `still paused with ${FRAMES_QUEUED_MAX - done - 1} waiting`)
  }
  t.same(calls, ['pause', 'resume'], 'read again once half are done')
})
