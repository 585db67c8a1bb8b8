// Every error Tandem answers with, in one list: a machine-readable code, the HTTP status it maps to
// and a default message. Clients switch on `code`; the message is for people and may change.
// Never reuse a retired code: add a new one. protocol/README.md documents each (a test keeps them in step).
import { Type, type Static } from 'typebox'

export interface ErrorSpec {
  readonly status: number
  readonly message: string
}

export const ERRORS = {
  ERR_REQUEST_INVALID: { status: 400, message: 'The request does not match the schema.' },
  ERR_REQUEST_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ERR_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit.' },
  ERR_REQUEST_MEDIA_TYPE: { status: 415, message: 'The request body must be application/json.' },
  ERR_REQUEST_URL_INVALID: { status: 400, message: 'The URL is not valid: a part of its path is badly percent-encoded.' },
  ERR_REQUEST_URL_TOO_LONG: { status: 414, message: 'A part of the URL path is longer than 100 characters.' },
  ERR_REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive.' },
  ERR_REQUEST_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are larger than the limit.' },
  ERR_ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  ERR_METHOD_NOT_ALLOWED: { status: 405, message: 'This route does not take that method; the Allow header lists the ones it takes.' },
  ERR_SERVER_INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  ERR_SERVER_UNAVAILABLE: { status: 503, message: 'The server cannot answer this now; try again shortly.' },
  ERR_CONFIG_INVALID: { status: 500, message: 'The server configuration is invalid.' },
  ERR_RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  ERR_AUTH_REQUIRED: { status: 401, message: 'Sign in first: this needs an access token.' },
  ERR_AUTH_TOKEN_INVALID: { status: 401, message: 'The access token is not valid.' },
  ERR_AUTH_TOKEN_EXPIRED: { status: 401, message: 'The access token has expired; refresh it.' },
  ERR_AUTH_SESSION_REVOKED: { status: 401, message: 'This session has ended; sign in again.' },
  ERR_AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The email or password is incorrect.' },
  ERR_AUTH_REFRESH_INVALID: { status: 401, message: 'The refresh token is missing, unknown or expired; sign in again.' },
  ERR_AUTH_REFRESH_REUSED: { status: 401, message: 'This refresh token was already used; the session is ended for safety.' },
  ERR_AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, message: 'Choose your own password first: POST /v1/me/password with the current (one-time) password and a new one.' },
  ERR_AUTH_PASSWORD_WRONG: { status: 403, message: 'The current password is incorrect.' },
  ERR_AUTH_PASSWORD_WEAK: { status: 400, message: 'The new password is too weak.' },
  ERR_ACCESS_ADMIN_ONLY: { status: 403, message: 'Only an admin may do this.' },
  ERR_ACCESS_NOT_ASSIGNEE: { status: 403, message: 'This conversation is assigned to another agent.' },
  ERR_AGENT_NOT_FOUND: { status: 404, message: 'No such agent in this workspace.' },
  ERR_AGENT_RESET_SELF: { status: 409, message: 'An admin changes their own password with POST /v1/me/password, not by resetting it.' },
  ERR_AGENT_LAST_ADMIN: { status: 409, message: 'A workspace keeps at least one active admin.' },
  ERR_SITE_NOT_FOUND: { status: 404, message: 'No such site.' },
  ERR_SITE_SECRET_UNREADABLE: { status: 500, message: 'The site secret cannot be decrypted with this SERVER_KEY; rotate the secret.' },
  ERR_SITE_ORIGIN_NOT_ALLOWED: { status: 403, message: "This page's origin is not allowed for the site." },
  ERR_ARTICLE_NOT_FOUND: { status: 404, message: 'No such help article.' },
  ERR_ARTICLE_IMPORT_INVALID: { status: 400, message: 'Some articles of the import are not valid; nothing was imported. `rows` says which, and why.' },
  ERR_REPORT_TOO_LARGE: { status: 422, message: 'The range holds more conversations than one report reads: choose a shorter one, or one site.' },
  ERR_CANNED_NOT_FOUND: { status: 404, message: 'No such canned reply.' },
  ERR_VISITOR_NOT_FOUND: { status: 404, message: 'No such visitor.' },
  ERR_VISITOR_TOKEN_INVALID: { status: 401, message: 'The visitor token is missing or unknown.' },
  ERR_VISITOR_BLOCKED: { status: 403, message: 'This visitor has been blocked by the site.' },
  ERR_VISITOR_ATTRIBUTES_TOO_MANY: { status: 400, message: 'A visitor keeps at most 30 attributes of their own.' },
  ERR_PRECHAT_FIELD_UNKNOWN: { status: 400, message: "An answer names a field the site's pre-chat form does not have." },
  ERR_PRECHAT_FIELD_REQUIRED: { status: 400, message: 'A required pre-chat field has no answer.' },
  ERR_PRECHAT_FIELD_INVALID: { status: 400, message: 'A pre-chat answer is not valid for its field (an email field needs an email address).' },
  ERR_IDENTITY_HASH_INVALID: { status: 403, message: 'The identity hash does not match the user id.' },
  ERR_CONVERSATION_NOT_FOUND: { status: 404, message: 'No such conversation.' },
  ERR_MESSAGE_NOT_AN_ANSWER: { status: 409, message: 'Feedback is for a complete AI answer only.' },
  ERR_CONVERSATION_NOT_RESOLVED: { status: 409, message: 'Only a resolved conversation can be rated.' },
  ERR_CONVERSATION_RESOLVED: { status: 409, message: 'The conversation is resolved; a new customer message, or its agent replying, reopens it.' },
  ERR_CONVERSATION_TAKEN: { status: 409, message: 'Another agent already holds this conversation.' },
  ERR_AGENT_UNAVAILABLE: { status: 409, message: 'That agent is offline or deactivated.' },
  ERR_ROUTING_AI_ONLY: { status: 409, message: "This site's conversations are answered by its assistant only." },
  ERR_IDENTITY_ALREADY_VERIFIED: { status: 409, message: 'This visitor is verified as another user; start a new visitor.' },
  ERR_FRAME_NOT_JSON: { status: 400, message: 'A frame must be one JSON object in a text message.' },
  ERR_FRAME_INVALID: { status: 400, message: 'The frame does not match its schema.' },
  ERR_FRAME_NOT_ALLOWED: { status: 403, message: 'This connection may not send that frame.' },
  ERR_FRAME_RATE_LIMITED: { status: 429, message: 'Too many frames; this one was dropped.' },
  ERR_WATCH_LIMIT: { status: 429, message: 'This socket already watches as many conversations as it may; unwatch one first.' },
  ERR_FRAME_CLIENT_ID_REUSED: { status: 409, message: 'This clientId belongs to another message; use a new clientId for every new message.' },
  ERR_STORE_UNAVAILABLE: { status: 503, message: 'The database is not reachable.' },
  ERR_STORE_SCHEMA_TOO_NEW: { status: 500, message: 'The database was written by a newer Tandem.' },
  ERR_STORE_DUPLICATE: { status: 409, message: 'A record with this unique value already exists.' },
  ERR_AGENT_EMAIL_TAKEN: { status: 409, message: 'An agent with this email already exists.' },
  ERR_CANNED_SHORTCUT_TAKEN: { status: 409, message: 'A canned reply with this shortcut already exists.' },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

/** One invalid row of a bulk import: its index in the file, the field at fault ('' for the row itself) and why. */
export const ImportRowProblem = Type.Object(
  { index: Type.Integer({ minimum: 0 }), field: Type.String(), reason: Type.String() },
  { additionalProperties: false },
)
export type ImportRowProblem = Static<typeof ImportRowProblem>

/** A bulk import's 400: with ERR_ARTICLE_IMPORT_INVALID, `rows` lists every invalid row of the import. */
export const ImportErrorBodySchema = Type.Object(
  {
    error: Type.Object(
      { code: Type.String(), message: Type.String(), rows: Type.Optional(Type.Array(ImportRowProblem)) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

/** The body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

/** ErrorBody as a schema, for routes' documented responses. */
export const ErrorBodySchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }) },
  { additionalProperties: false },
)
