// Every HTTP error leaves in one shape, {error: {code, message}}, with a code from protocol/errors.ts:
// Tandem's own errors as thrown, Fastify's translated (fastify-errors.ts) whether they reach the error
// handler, come from the router before any route (a bad or too long URL) or from Node's HTTP parser.
// Anything unexpected is logged in full and answered as ERR_SERVER_INTERNAL without its details.
// A path that exists under other methods is a 405 naming them (Allow), not a 404.
import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import { ERRORS, type ErrorBody, type ErrorCode } from '../../protocol/errors.ts'
import { isTandemError } from '../errors.ts'
import { translateFrameworkError } from './fastify-errors.ts'

export function errorBody(code: ErrorCode, message: string = ERRORS[code].message): ErrorBody {
  return { error: { code, message } }
}

/** Errors the router meets before any route or hook runs (a bad URL, a path segment too long). */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { code, status, message } = translateFrameworkError(error)
  void reply.status(status).send(errorBody(code, message))
}

/** A request Node's HTTP parser refused: written straight to the socket, as Fastify's default does. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  // Reset by the client: nobody is left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { code, status, message } = translateFrameworkError({ code: error.code, statusCode: 400, message: 'The request is not valid HTTP.' })
  const body = JSON.stringify(errorBody(code, message))
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

/** Options of the Fastify constructor that keep Fastify's own error bodies from reaching a client. */
export const ERROR_SHAPE_OPTIONS = { frameworkErrors, clientErrorHandler } satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>

/**
 * Methods a path is looked up under when its own method has no route, for a 405's Allow header.
 * OPTIONS is left out: CORS answers preflights on every path, so it would make every path exist.
 */
const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

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
    const { code, status, message } = translateFrameworkError(error)
    if (status >= 500) request.log.error({ err: error }, 'unhandled error')
    return reply.status(status).send(errorBody(code, message))
  })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    const allowed = ROUTE_METHODS.filter((method) => app.findRoute({ method, url: path }) !== null)
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('ERR_METHOD_NOT_ALLOWED', `${request.method} ${path} is not a route; it takes ${allowed.join(', ')}.`))
    }
    return reply.status(404).send(errorBody('ERR_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`))
  })
}
