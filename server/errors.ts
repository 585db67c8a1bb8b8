import { ERRORS, type ErrorCode } from '../protocol/errors.ts'

/** The one error type the server throws on purpose: its code is always in protocol/errors.ts. */
export class TandemError extends Error {
  readonly code: ErrorCode
  readonly statusCode: number

  constructor(code: ErrorCode, message: string = ERRORS[code].message, options?: ErrorOptions) {
    super(message, options)
    this.name = 'TandemError'
    this.code = code
    this.statusCode = ERRORS[code].status
  }
}

export function isTandemError(error: unknown, code?: ErrorCode): error is TandemError {
  return error instanceof TandemError && (code === undefined || error.code === code)
}
