// Every HTTP error leaves in one shape, {error: {code, message}}, with a code from protocol/errors.ts.
// Fastify's own errors (bad JSON, body too large, schema mismatch) are translated here; anything
// unexpected is logged in full and answered as ERR_SERVER_INTERNAL without its details.
import type { FastifyError, FastifyInstance } from 'fastify'
import { ERRORS, type ErrorBody, type ErrorCode } from '../../protocol/errors.ts'
import { isTandemError } from '../errors.ts'

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_REQUEST_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_REQUEST_INVALID',
  FST_ERR_VALIDATION: 'ERR_REQUEST_INVALID',
}

export function errorBody(code: ErrorCode, message: string = ERRORS[code].message): ErrorBody {
  return { error: { code, message } }
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isTandemError(error)) {
      if (error.statusCode >= 500) request.log.error({ err: error }, error.message)
      return reply.status(error.statusCode).send(errorBody(error.code, error.message))
    }
    if (error.validation) {
      const where = error.validationContext ?? 'request'
      return reply.status(400).send(errorBody('ERR_REQUEST_INVALID', `Invalid ${where}: ${error.message}`))
    }
    const code = FASTIFY_CODES[error.code] ?? (error instanceof SyntaxError ? 'ERR_REQUEST_MALFORMED_JSON' : undefined)
    if (code) return reply.status(ERRORS[code].status).send(errorBody(code))
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('ERR_REQUEST_INVALID', error.message))
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send(errorBody('ERR_SERVER_INTERNAL'))
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('ERR_ROUTE_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}.`))
  })
}
