// Every error Tandem answers with, in one list: a machine-readable code, the HTTP status it maps to
// and a default message. Clients switch on `code`; the message is for people and may change.
// Never reuse a retired code: add a new one. protocol/README.md documents each (a test keeps them in step).
import { Type } from 'typebox'

export interface ErrorSpec {
  readonly status: number
  readonly message: string
}

export const ERRORS = {
  ERR_REQUEST_INVALID: { status: 400, message: 'The request does not match the schema.' },
  ERR_REQUEST_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit.' },
  ERR_REQUEST_MEDIA_TYPE: { status: 415, message: 'The request body must be application/json.' },
  ERR_ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  ERR_SERVER_INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  ERR_CONFIG_INVALID: { status: 500, message: 'The server configuration is invalid.' },
  ERR_STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable.' },
  ERR_STORE_SCHEMA_TOO_NEW: { status: 500, message: 'The database was written by a newer Tandem.' },
  ERR_STORE_DUPLICATE: { status: 409, message: 'A record with this unique value already exists.' },
  ERR_AGENT_EMAIL_TAKEN: { status: 409, message: 'An agent with this email already exists.' },
  ERR_CANNED_SHORTCUT_TAKEN: { status: 409, message: 'A canned reply with this shortcut already exists.' },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

/** The body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

/** ErrorBody as a schema, for routes' documented responses. */
export const ErrorBodySchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }) },
  { additionalProperties: false },
)
