// A browser that has signed in as an agent before carries a device cookie naming that agent. Guessing
// an account's password from new devices is slowed per account; the owner's known device is not, so
// a stranger's wrong guesses never lock the owner out.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const DEVICE_COOKIE = 'tandem_device'
/** Long-lived: a device stays known across sessions, which end after 30 days at most. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600
/** 128 bits: the id only has to be unique; the MAC is what makes the cookie unforgeable. */
const DEVICE_ID_BYTES = 16

export interface DeviceCookies {
  /** A new cookie value for a device the agent just signed in from. */
  issue(agentId: string): string
  /** The agent a cookie value was issued to, or null when it is malformed or not signed by us. */
  agentOf(value: string | undefined): string | null
}

/** `secret` is the JWT secret; a key derived from it keeps the two uses apart. */
export function deviceCookies(secret: string): DeviceCookies {
  const key = createHmac('sha256', secret).update('tandem device cookie v1').digest()
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest()

  return {
    issue(agentId) {
      const payload = `${agentId}.${randomBytes(DEVICE_ID_BYTES).toString('base64url')}`
      return `${payload}.${mac(payload).toString('base64url')}`
    },
    agentOf(value) {
      const parts = value?.split('.') ?? []
      if (parts.length !== 3) return null
      const [agentId, deviceId, signature] = parts as [string, string, string]
      // Compared as text, not decoded: base64's last character carries unused bits, and decoding
      // would accept several spellings of one signature.
      const expected = Buffer.from(mac(`${agentId}.${deviceId}`).toString('base64url'))
      const given = Buffer.from(signature)
      return given.length === expected.length && timingSafeEqual(given, expected) ? agentId : null
    },
  }
}
