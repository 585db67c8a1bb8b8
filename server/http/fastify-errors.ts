// Fastify's own errors (and Node's HTTP parser's) in Tandem's terms: every one leaves as a code from
// protocol/errors.ts, so no client ever sees Fastify's body or a code of its own. A Fastify code not
// named here, such as one a later Fastify adds, is still answered by its HTTP status.
import { ERRORS, type ErrorCode } from '../../protocol/errors.ts'

export interface Translated {
  code: ErrorCode
  status: number
  message: string
}

/** The Fastify codes a request can meet, with a message for people where the default says too little. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_NOT_FOUND: { code: 'ERR_ROUTE_NOT_FOUND' },
  FST_ERR_VALIDATION: { code: 'ERR_REQUEST_INVALID' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'ERR_REQUEST_MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'ERR_REQUEST_MALFORMED_JSON', message: 'The body is empty but Content-Type says JSON: send {} or no Content-Type.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'ERR_REQUEST_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'ERR_REQUEST_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'ERR_REQUEST_INVALID', message: "The body's size does not match its Content-Length header." },
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: { code: 'ERR_REQUEST_MEDIA_TYPE', message: 'This request needs a Content-Type header: application/json.' },
  FST_ERR_ROUTE_MISSING_CONTENT: { code: 'ERR_REQUEST_INVALID', message: 'This request needs a body.' },
  FST_ERR_BAD_URL: { code: 'ERR_REQUEST_URL_INVALID' },
  FST_ERR_INVALID_URL: { code: 'ERR_REQUEST_URL_INVALID' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'ERR_REQUEST_URL_TOO_LONG' },
  FST_ERR_HANDLER_TIMEOUT: { code: 'ERR_SERVER_UNAVAILABLE' },
}

/** Node's HTTP parser, before Fastify sees a request (see clientErrorHandler in error-handler.ts). */
const PARSER_CODES: Record<string, ErrorCode> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'ERR_REQUEST_TIMEOUT',
  HPE_HEADER_OVERFLOW: 'ERR_REQUEST_HEADERS_TOO_LARGE',
}

/** An error of unknown code, by its status: the nearest Tandem code. */
const BY_STATUS: Record<number, ErrorCode> = {
  404: 'ERR_ROUTE_NOT_FOUND',
  408: 'ERR_REQUEST_TIMEOUT',
  413: 'ERR_REQUEST_TOO_LARGE',
  414: 'ERR_REQUEST_URL_TOO_LONG',
  415: 'ERR_REQUEST_MEDIA_TYPE',
  429: 'ERR_RATE_LIMITED',
  431: 'ERR_REQUEST_HEADERS_TOO_LARGE',
  503: 'ERR_SERVER_UNAVAILABLE',
}

const answer = (code: ErrorCode, message: string = ERRORS[code].message): Translated => ({ code, status: ERRORS[code].status, message })

/**
 * The Tandem error for an error Tandem did not throw itself. A client's fault (4xx) may keep the
 * framework's message, which is about the request; the server's (5xx) never shows its details.
 */
export function translateFrameworkError(error: { code?: unknown; statusCode?: unknown; message?: unknown }): Translated {
  const code = typeof error.code === 'string' ? error.code : ''
  const known = FASTIFY_CODES[code]
  if (known) return answer(known.code, known.message)
  const parsed = PARSER_CODES[code]
  if (parsed) return answer(parsed)
  if (error instanceof SyntaxError) return answer('ERR_REQUEST_MALFORMED_JSON')
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500
  const byStatus = BY_STATUS[status]
  if (byStatus) return answer(byStatus)
  if (status >= 400 && status < 500) return answer('ERR_REQUEST_INVALID', typeof error.message === 'string' && error.message ? error.message : undefined)
  return answer('ERR_SERVER_INTERNAL')
}
