// A refused or failed REST call, as the widget and the agent app both see it: the server's error code
// (ERR_NETWORK when it could not be reached), its message, and the HTTP status (0 without one).
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The error object as the server sent it, for the codes that carry more (an import's `rows`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}
