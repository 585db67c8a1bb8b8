// One connection on its own, with a fake socket and a clock the test moves: the frame rate limit and
// what it takes to be closed for flooding, without waiting for real time to pass; and the bounds on
// what waits to go out to a client that does not keep up.
import t from 'tap'
import type { WebSocket } from 'ws'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { FLOOD_DROPS_MAX, FLOOD_WINDOW_MS, FRAME_BURST, FRAMES_PER_SECOND } from '../../protocol/limits.ts'
import { Connection, type Actor } from '../../server/realtime/connection.ts'

/** A socket that records what the connection sends and how it closes it. */
function fakeSocket() {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as string[],
    closedWith: null as { code: number; reason: string } | null,
    send(data: string) {
      socket.sent.push(data)
    },
    close(code: number, reason: string) {
      socket.closedWith = { code, reason }
      socket.readyState = 2
    },
  }
  return socket
}

const visitor = { role: 'visitor', site: { id: 's', workspaceId: 'w' }, visitor: { id: 'v', externalId: null } } as unknown as Actor

/** A connection on a clock that moves only when the test says so. */
function connectionAt(start = 1_000_000) {
  const clock = { now: start }
  const socket = fakeSocket()
  const connection = new Connection(socket as unknown as WebSocket, visitor, { now: () => clock.now })
  /** Sends `frames` frames at once, as the gateway takes them: true once one of them was judged a flood. */
  const burst = (frames: number) => {
    let dropped = 0
    for (let i = 0; i < frames; i++) {
      if (connection.takeFrameToken()) continue
      dropped++
      if (connection.flooding) return { dropped, flooding: true }
    }
    return { dropped, flooding: false }
  }
  return { clock, connection, burst }
}

t.test('the allowance is FRAME_BURST at once, then FRAMES_PER_SECOND as time passes', async (t) => {
  const { clock, burst } = connectionAt()
  t.same(burst(FRAME_BURST), { dropped: 0, flooding: false }, 'a full burst is served')
  t.same(burst(1), { dropped: 1, flooding: false }, 'one more is dropped')
  clock.now += 1000
  t.same(burst(FRAMES_PER_SECOND), { dropped: 0, flooding: false }, 'a second refills FRAMES_PER_SECOND')
  t.same(burst(1), { dropped: 1, flooding: false })
})

t.test('bursts over the allowance, under the average rate, are never taken for a flood however long the socket lives', async (t) => {
  // 100 frames every 8 s: 12.5 a second on average, but each burst drops 40. Before drops were
  // forgiven, the fifth burst (200 drops in all, after 32 s) closed a well-behaved socket.
  const { clock, burst } = connectionAt()
  let dropped = 0
  for (let round = 0; round < 100; round++) {
    const result = burst(100)
    t.equal(result.flooding, false, `burst ${round + 1} is not a flood`)
    if (result.flooding) break
    dropped += result.dropped
    clock.now += 8000
  }
  t.ok(dropped >= 100 * (100 - FRAME_BURST), `${dropped} frames were dropped in all, far over FLOOD_DROPS_MAX`)
  t.ok(dropped > FLOOD_DROPS_MAX)
})

t.test('sustained flooding is closed: FLOOD_DROPS_MAX drops within FLOOD_WINDOW_MS', async (t) => {
  const { burst } = connectionAt()
  const all = burst(FRAME_BURST + FLOOD_DROPS_MAX + 100)
  t.same(all, { dropped: FLOOD_DROPS_MAX, flooding: true }, 'a flood at once: closed at the FLOOD_DROPS_MAX-th drop')

  // Steadily over the rate: FLOOD_DROPS_MAX spread evenly over the window, a second at a time.
  const steady = connectionAt()
  steady.burst(FRAME_BURST)
  let flooding = false
  let seconds = 0
  for (; seconds <= FLOOD_WINDOW_MS / 1000 && !flooding; seconds++) {
    steady.clock.now += 1000
    flooding = steady.burst(FRAMES_PER_SECOND + FLOOD_DROPS_MAX / (FLOOD_WINDOW_MS / 1000)).flooding
  }
  t.ok(flooding, `flooding for ${seconds} s closes it`)
  t.ok(seconds * 1000 <= FLOOD_WINDOW_MS, 'within the window')
})

t.test('drops older than FLOOD_WINDOW_MS are forgiven; newer ones still count', async (t) => {
  const { clock, burst } = connectionAt()
  burst(FRAME_BURST)
  t.same(burst(FLOOD_DROPS_MAX - 1), { dropped: FLOOD_DROPS_MAX - 1, flooding: false }, 'one drop short of a flood')
  clock.now += FLOOD_WINDOW_MS - 1
  burst(FRAME_BURST)
  t.same(burst(1), { dropped: 1, flooding: true }, 'one more within the window is a flood')

  const later = connectionAt()
  later.burst(FRAME_BURST)
  later.burst(FLOOD_DROPS_MAX - 1)
  later.clock.now += FLOOD_WINDOW_MS
  later.burst(FRAME_BURST)
  t.same(later.burst(1), { dropped: 1, flooding: false }, 'after the window the earlier drops no longer count')
})

t.test('a send over the socket buffer bound closes the socket as lagging, and nothing more is sent', async (t) => {
  const socket = fakeSocket()
  const connection = new Connection(socket as unknown as WebSocket, visitor, { sendBufferMaxBytes: 100 })
  t.equal(connection.send({ type: 'pong' }), true)
  socket.bufferedAmount = 100
  t.equal(connection.send({ type: 'pong' }), true, 'at the bound: still sent')
  socket.bufferedAmount = 101
  t.equal(connection.send({ type: 'pong' }), false, 'over it: not sent')
  t.same(socket.closedWith, { code: CLOSE_CODES.LAGGING, reason: 'resume again' })
  socket.bufferedAmount = 0
  t.equal(connection.send({ type: 'pong' }), false, 'nor anything after')
  t.equal(socket.sent.length, 2)
})

t.test('live frames held back during a resume are bounded in count and bytes; past either the socket closes as lagging', async (t) => {
  const pong = { type: 'pong' } as const
  const byCount = fakeSocket()
  const counted = new Connection(byCount as unknown as WebSocket, visitor, { liveHeldMaxFrames: 2 })
  await counted.holdingLive(async () => {
    counted.sendLive(pong)
    counted.sendLive(pong)
    t.equal(byCount.closedWith, null, 'two held')
    counted.sendLive(pong)
    t.same(byCount.closedWith, { code: CLOSE_CODES.LAGGING, reason: 'resume again' }, 'the third closes it')
  })
  t.same(byCount.sent, [], 'and none of them is sent after the resume')

  const bySize = fakeSocket()
  const sized = new Connection(bySize as unknown as WebSocket, visitor, { liveHeldMaxBytes: 2 * JSON.stringify(pong).length })
  await sized.holdingLive(async () => {
    sized.sendLive(pong)
    sized.sendLive(pong)
    t.equal(bySize.closedWith, null)
    sized.sendLive(pong)
    t.match(bySize.closedWith, { code: CLOSE_CODES.LAGGING })
  })

  const within = fakeSocket()
  const fine = new Connection(within as unknown as WebSocket, visitor, { liveHeldMaxFrames: 2 })
  await fine.holdingLive(async () => {
    fine.sendLive(pong)
    fine.sendLive(pong)
    t.same(within.sent, [], 'held while the resume runs')
  })
  t.equal(within.sent.length, 2, 'sent once it is done')
  t.equal(within.closedWith, null)
})
