// How many frames an actor may send: a token bucket, and the drops that add up to a flood. One
// allowance serves all of an actor's sockets, so opening more sockets, or reconnecting, never buys
// a visitor a fresh burst.

export interface AllowanceRates {
  /** Refill rate, frames per second. */
  framesPerSecond: number
  /** The most frames the bucket holds (the burst allowed at once). */
  frameBurst: number
  /** This many frames dropped within floodWindowMs is a flood. */
  floodDropsMax: number
  floodWindowMs: number
}

export class FrameAllowance {
  readonly #rates: AllowanceRates
  #tokens: number
  #refilledAt: number
  /** When each recently dropped frame was dropped, oldest first: only drops within the window count. */
  readonly #drops: number[] = []

  constructor(rates: AllowanceRates, now: number) {
    this.#rates = rates
    this.#tokens = rates.frameBurst
    this.#refilledAt = now
  }

  #refill(now: number): void {
    const { frameBurst, framesPerSecond } = this.#rates
    this.#tokens = Math.min(frameBurst, this.#tokens + ((now - this.#refilledAt) / 1000) * framesPerSecond)
    this.#refilledAt = now
  }

  /** false when this frame is over the rate and must be dropped (the drop is counted). */
  take(now: number): boolean {
    this.#refill(now)
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return true
    }
    this.#drops.push(now)
    return false
  }

  /** FLOOD_DROPS_MAX drops within the window; older drops are forgiven. */
  flooding(now: number): boolean {
    this.#forgetDrops(now)
    return this.#drops.length >= this.#rates.floodDropsMax
  }

  /** Full again and with no drop to remember: forgetting it changes nothing. */
  rested(now: number): boolean {
    this.#refill(now)
    this.#forgetDrops(now)
    return this.#tokens >= this.#rates.frameBurst && this.#drops.length === 0
  }

  #forgetDrops(now: number): void {
    const since = now - this.#rates.floodWindowMs
    let stale = 0
    while (stale < this.#drops.length && this.#drops[stale]! <= since) stale++
    this.#drops.splice(0, stale)
  }
}

/**
 * The allowances of the actors with sockets on this process, and of those gone for less time than
 * their allowance takes to rest: past that, a returning actor starts exactly as it would have.
 */
export function frameAllowances(rates: AllowanceRates, now: () => number = Date.now) {
  const entries = new Map<string, { allowance: FrameAllowance; sockets: number }>()
  /** Actors with no socket left, kept until their allowance has rested. */
  const idle = new Set<string>()
  return {
    /** The actor's allowance, held for one more socket until the returned release is called. */
    acquire(actorKey: string): { allowance: FrameAllowance; release(): void } {
      const at = now()
      // Swept here rather than on a timer, oldest departure first, stopping at the first that still
      // remembers something: each hello looks at few entries, and the map holds only actors seen lately.
      for (const key of idle) {
        if (!entries.get(key)!.allowance.rested(at)) break
        entries.delete(key)
        idle.delete(key)
      }
      let entry = entries.get(actorKey)
      if (!entry) entries.set(actorKey, (entry = { allowance: new FrameAllowance(rates, at), sockets: 0 }))
      entry.sockets++
      idle.delete(actorKey)
      let released = false
      return {
        allowance: entry.allowance,
        release() {
          if (released) return
          released = true
          if (--entry.sockets === 0) idle.add(actorKey)
        },
      }
    },
    /** Actors whose allowance is remembered (for tests). */
    get size() {
      return entries.size
    },
  }
}
