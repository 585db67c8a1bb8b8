// Errors on an open WebSocket, logged by whose fault they are. An operator reads error-level lines as
// "the server is broken": a client breaking the protocol or a network dropping must not show as one.
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'

/** What the network does to a socket: nobody's fault, worth a debug line at most. */
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'])

/**
 * ws reports a client breaking the protocol (a frame over maxPayload, a bad opcode, invalid UTF-8)
 * with a WS_ERR_* code after it has already begun closing the socket with the matching close code
 * (1009, 1002, 1007): the client's fault, a warning with the reason; the close goes on as begun.
 * Anything else is the server's: logged as an error, and the socket dropped.
 */
export function onSocketError(error: Error, socket: WebSocket, log: FastifyBaseLogger): void {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  if (code.startsWith('WS_ERR_')) {
    log.warn({ reason: code, detail: error.message }, 'websocket closed: the client broke the protocol')
    return
  }
  if (NETWORK_CODES.has(code)) {
    log.debug({ reason: code }, 'websocket dropped by the network')
    return
  }
  log.error({ err: error }, 'websocket error')
  socket.terminate()
}
