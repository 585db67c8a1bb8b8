// The open sockets and the frames each has in hand. Frames of one socket run one after another, in
// the order sent, so acks and messages keep their order; shutdown lets the frames in hand finish,
// their acks sent, before it closes every socket with a code the client understands.
import type { WebSocket } from 'ws'
import { FRAMES_QUEUED_MAX } from '../../protocol/limits.ts'

export interface LiveSockets {
  /** True once shutdown has begun: no new socket or frame is taken. */
  readonly closing: boolean
  /** Every open socket. */
  all(): Iterable<WebSocket>
  add(socket: WebSocket): void
  remove(socket: WebSocket): void
  /**
   * Runs `work` after the socket's earlier frames; `work` handles its own errors. During shutdown the
   * frame is dropped unread: never acked, the client sends it again once reconnected.
   */
  handle(socket: WebSocket, work: () => Promise<void>): void
  /** Stops taking frames, waits for those in hand, then closes every socket with `code`. */
  closeAll(code: number, reason: string): Promise<void>
}

export function liveSockets(queuedMax = FRAMES_QUEUED_MAX): LiveSockets {
  const queues = new Map<WebSocket, Promise<void>>()
  /** Frames taken but not yet handled, per socket. */
  const depths = new Map<WebSocket, number>()
  let closing = false
  return {
    get closing() {
      return closing
    },
    all: () => queues.keys(),
    add(socket) {
      queues.set(socket, Promise.resolve())
    },
    remove(socket) {
      queues.delete(socket)
      depths.delete(socket)
    },
    handle(socket, work) {
      const queue = queues.get(socket)
      if (closing || queue === undefined) return
      // A client sending faster than its frames are handled stops being read (TCP pushes back on it)
      // until half its queue is done: a socket holds at most queuedMax frames in memory.
      const depth = (depths.get(socket) ?? 0) + 1
      depths.set(socket, depth)
      if (depth >= queuedMax) socket.pause()
      queues.set(
        socket,
        queue.then(work).finally(() => {
          if (!queues.has(socket)) return
          const left = (depths.get(socket) ?? 1) - 1
          depths.set(socket, left)
          if (left === Math.floor(queuedMax / 2) && socket.isPaused) socket.resume()
        }),
      )
    },
    async closeAll(code, reason) {
      closing = true
      await Promise.all(queues.values())
      for (const socket of queues.keys()) socket.close(code, reason)
    },
  }
}
