// Page cursors are opaque to clients: the sort key and id of the last item, base64url JSON.
// A cursor that does not decode is treated as an invalid request by the caller, never as page one.
import { TandemError } from '../errors.ts'

export type CursorKey = [sortValue: number | string, id: string]

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      (typeof key[0] === 'number' || typeof key[0] === 'string') &&
      typeof key[1] === 'string'
    ) {
      return [key[0], key[1]]
    }
  } catch {
    // falls through to the error below
  }
  throw new TandemError('ERR_REQUEST_INVALID', 'The page cursor is not valid.')
}
