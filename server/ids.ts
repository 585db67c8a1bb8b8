import { randomBytes, randomFillSync } from 'node:crypto'

// Ids sort by creation time (48-bit milliseconds, then randomness), so "newest first" is "highest id
// first" in every store and cursors need no second key. Within one millisecond a counter keeps the
// order of one process; across processes the random part only keeps them unique.
const RANDOM_BYTES = 8
let lastMs = 0
let counter = 0

/**
 * Random bytes drawn 4 KiB at a time: asking the system for 8 bytes per id was a visible share of a
 * message's cost. Each id still gets its own bytes, never reused.
 */
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes)
  poolOffset += bytes
  return hex
}

/** A new record id: 32 lowercase hex characters, time-ordered. */
export function newId(now: number = Date.now()): string {
  if (now === lastMs) counter++
  else {
    lastMs = now
    counter = 0
  }
  const time = now.toString(16).padStart(12, '0')
  const sequence = (counter & 0xffff).toString(16).padStart(4, '0')
  return time + sequence + randomHex(RANDOM_BYTES)
}

/** A secret of 256 random bits, URL-safe: visitor tokens, refresh tokens, site keys' secrets. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}
