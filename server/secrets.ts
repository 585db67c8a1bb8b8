// Tokens that are not passwords (visitor tokens, refresh tokens) are 256 random bits, so one fast hash
// is enough to store them: a lookup by SHA-256 is an index hit, and a leaked table reveals nothing
// usable. Site secrets must be read back to verify identity hashes, so they are encrypted instead.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { TandemError } from './errors.ts'
import { newSecret } from './ids.ts'

export { newSecret as newToken }

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** AES-256-GCM's recommended nonce size. */
const IV_BYTES = 12
const TAG_BYTES = 16
/** The format marker; a new scheme gets a new one, and old values stay readable. */
const VERSION = 'v1'

/** Encrypts and decrypts short secrets with the server key; tampering fails decryption. */
export interface SecretBox {
  seal(plain: string): string
  open(sealed: string): string
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`
    },
    open(sealed) {
      const [version, data] = sealed.split(':')
      try {
        if (version !== VERSION || !data) throw new Error(`unknown sealed format "${version}"`)
        const bytes = Buffer.from(data, 'base64url')
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
      } catch (error) {
        // Almost always a changed SERVER_KEY: say so rather than fail as an unexplained 500.
        throw new TandemError('ERR_SITE_SECRET_UNREADABLE', undefined, { cause: error })
      }
    },
  }
}

/** Identity verification: the host site's backend signs its user id with the site secret. */
export function identityHash(siteSecret: string, userId: string): string {
  return createHmac('sha256', siteSecret).update(userId).digest('hex')
}

/** Compares in constant time, so the answer time leaks nothing about the expected value. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
