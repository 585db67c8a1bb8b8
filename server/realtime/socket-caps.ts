// How many sockets one visitor, one agent and one client address hold on this server process, so
// that no one visitor can take every socket the process can hold. Counted per process: a Redis bus
// may later share the counts between servers (design.md, Scale).

/** A place to take: under `key`, at most `max` sockets at once. */
export type Place = readonly [key: string, max: number]

export interface SocketCaps {
  /** Takes one place under every key if each has room; the function gives them back, null when one is full. */
  take(places: readonly Place[]): (() => void) | null
}

export function socketCaps(): SocketCaps {
  const counts = new Map<string, number>()
  return {
    take(places) {
      if (places.some(([key, max]) => (counts.get(key) ?? 0) >= max)) return null
      for (const [key] of places) counts.set(key, (counts.get(key) ?? 0) + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        for (const [key] of places) {
          const left = (counts.get(key) ?? 1) - 1
          if (left > 0) counts.set(key, left)
          else counts.delete(key)
        }
      }
    },
  }
}
