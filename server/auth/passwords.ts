// Agents' passwords: argon2id (memory-hard, so a stolen table resists GPU guessing), a minimal policy
// that explains itself, and one-time passwords for new agents and resets.
import argon2 from 'argon2'
import { randomInt } from 'node:crypto'
import { PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS } from '../../protocol/limits.ts'
import { TandemError } from '../errors.ts'

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id })
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    // A malformed stored hash is a failed login, not a crash.
    return false
  }
}

let decoyHash: Promise<string> | undefined
/**
 * Checked when the email is unknown, so a login takes as long whether or not the account exists and
 * the answer time cannot tell an attacker which emails are agents.
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password, never matches anything real')
  await verifyPassword(await decoyHash, password)
  return false
}

export function checkPasswordPolicy(password: string, email: string): void {
  if (password.length < PASSWORD_MIN_CHARS) {
    throw new TandemError('ERR_AUTH_PASSWORD_WEAK', `The new password needs at least ${PASSWORD_MIN_CHARS} characters.`)
  }
  if (password.length > PASSWORD_MAX_CHARS) {
    throw new TandemError('ERR_AUTH_PASSWORD_WEAK', `The new password may have at most ${PASSWORD_MAX_CHARS} characters.`)
  }
  if (password.trim().toLowerCase() === email.toLowerCase()) {
    throw new TandemError('ERR_AUTH_PASSWORD_WEAK', 'The new password must not be your email address.')
  }
}

/** No 0/O or 1/l/I, so a password read aloud or copied by hand comes through. */
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** 4 groups of 5 readable characters: about 116 bits, shown once and replaced at first login. */
export function newOneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => READABLE[randomInt(READABLE.length)]).join(''),
  )
  return groups.join('-')
}
