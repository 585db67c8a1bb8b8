// When the app acts by itself: renewing the access token, and reconnecting after a drop.

/** How long before expiry the token is renewed: a minute before, or halfway when its life is shorter than two. */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifeMs = expiresInSeconds * 1000
  return Math.max(lifeMs >= 120_000 ? lifeMs - 60_000 : lifeMs / 2, 500)
}

/** Reconnect backoff: doubles from the first wait to the cap, each wait jittered down to half (so tabs do not come back in step). */
const RECONNECT_FIRST_MS = 500
const RECONNECT_MAX_MS = 30_000

export function reconnectDelayMs(attempt: number, random = Math.random()): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** attempt)
  return ceiling / 2 + (ceiling / 2) * random
}
