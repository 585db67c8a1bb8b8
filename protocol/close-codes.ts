// WebSocket close codes Tandem uses, declared once for the server and every client. 4000-4999 is the
// range RFC 6455 leaves to applications. Never reuse a retired code: add a new one.

export const CLOSE_CODES = {
  /** The server is shutting down or restarting: reconnect after a short pause. */
  GOING_AWAY: 1001,
  /** A frame exceeded MAX_FRAME_BYTES (set by the WebSocket layer itself). */
  TOO_LARGE: 1009,
  /** The first frame was not a valid `hello`: fix the client, reconnecting will not help. */
  HELLO_INVALID: 4001,
  /** The credentials in `hello` were refused (unknown, expired or revoked): sign in again or refresh. */
  AUTH_FAILED: 4002,
  /** No `hello` arrived within HELLO_TIMEOUT_MS. */
  HELLO_TIMEOUT: 4003,
  /** A visitor connection from a page whose origin the site does not allow. */
  ORIGIN_NOT_ALLOWED: 4004,
  /** The client's protocol version is not one this server speaks; `reason` lists the supported ones. */
  PROTOCOL_UNSUPPORTED: 4005,
  /** The agent signed out, was deactivated or their session was revoked. */
  SESSION_REVOKED: 4006,
  /** The site blocked this visitor. */
  VISITOR_BLOCKED: 4007,
  /** The client kept sending far over the frame rate limit after being warned. */
  FLOODING: 4008,
  /**
   * Refused at `hello`: this visitor, agent or client address already holds as many sockets as the
   * server allows. Close other tabs, or reconnect later with backoff.
   */
  TOO_MANY_CONNECTIONS: 4009,
  /**
   * The client fell behind: it did not read what was sent (over SEND_BUFFER_MAX_BYTES waiting), or more
   * live frames came during a resume than are held back. Reconnect and resume from the last seq held.
   */
  LAGGING: 4010,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]
