// Turning the driver's failures into Tandem's listed errors: a unique-index conflict into the error its
// collection stands for, a lost connection into ERR_STORE_UNAVAILABLE.
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb'
import type { ErrorCode } from '../../../protocol/errors.ts'
import { TandemError } from '../../errors.ts'
import { COLLECTION_NAMES } from './mongo-collections.ts'

const DUPLICATE_KEY = 11000

/**
 * Which error a unique conflict means, by collection: each of these has one unique index besides
 * `_id`, and ids are random enough never to collide. (FerretDB's E11000 names no index, so the
 * collection is all there is to go on anyway.)
 */
const DUPLICATE_ERRORS: Partial<Record<string, ErrorCode>> = {
  [COLLECTION_NAMES.agents]: 'ERR_AGENT_EMAIL_TAKEN',
  [COLLECTION_NAMES.cannedReplies]: 'ERR_CANNED_SHORTCUT_TAKEN',
}

/** A write refused by a unique index. */
export function isDuplicateKey(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false
  if (error.code === DUPLICATE_KEY) return true
  // FerretDB on SQLite reports an update that breaks a unique index as an internal error (code 1)
  // carrying SQLite's own message, not as E11000.
  return /UNIQUE constraint failed/.test(error.message)
}

/** Runs a write, and rethrows a unique conflict as the listed error for its collection. */
export async function rethrowDuplicate<T>(collection: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new TandemError(DUPLICATE_ERRORS[collection] ?? 'ERR_STORE_DUPLICATE', undefined, { cause: error })
    }
    throw error
  }
}

/** The driver gave up reaching the server (as opposed to the server refusing the request). */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  )
}

/** The error a Store method throws for `error`: unreachable servers become ERR_STORE_UNAVAILABLE. */
export function toStoreError(error: unknown): unknown {
  if (isUnreachable(error)) return new TandemError('ERR_STORE_UNAVAILABLE', undefined, { cause: error })
  return error
}
