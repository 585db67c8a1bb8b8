// The open sockets and the frames each has in hand. Frames of one socket run one after another, in
// the order sent, so acks and messages keep their order; shutdown lets the frames in hand finish,
// their acks sent, before it closes every socket with a code the client understands.
import type { WebSocket } from 'ws'

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

export function liveSockets(): LiveSockets {
  const queues = new Map<WebSocket, Promise<void>>()
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
    },
    handle(socket, work) {
      const queue = queues.get(socket)
      if (closing || queue === undefined) return
      queues.set(socket, queue.then(work))
    },
    async closeAll(code, reason) {
      closing = true
      await Promise.all(queues.values())
      for (const socket of queues.keys()) socket.close(code, reason)
    },
  }
}
