// When a page is refused because its origin is not one of the site's allowed origins, the site owner
// needs to see it: "the bubble does not connect" is otherwise a mystery. Each refusal is logged at warn
// with the site and kept on the site (the Store keeps its REFUSED_ORIGINS_KEPT latest distinct
// origins, shown on the site's admin page). Anyone can send any Origin header, so what a flood costs
// is bounded: an origin already noted for a site within a minute is neither written nor logged again,
// a site takes at most RECORDS_PER_SITE_PER_MINUTE writes a minute, and this process remembers at
// most NOTED_KEYS_MAX (site, origin) pairs.
import type { FastifyBaseLogger } from 'fastify'
import { URL_MAX_CHARS } from '../../protocol/limits.ts'
import { BoundedMap } from '../bounded-map.ts'
import type { Site } from '../store/records.ts'
import { REFUSED_ORIGINS_KEPT, type Store } from '../store/store.ts'

export const RENOTE_AFTER_MS = 60_000
/** As many as a site keeps: a flood of made-up origins replaces the list at most once a minute. */
export const RECORDS_PER_SITE_PER_MINUTE = REFUSED_ORIGINS_KEPT
const NOTED_KEYS_MAX = 10_000

export type RefusalChannel = 'http' | 'websocket'

export interface RefusedOrigins {
  /** A page of `origin` was refused for `site`; returns at once (the write happens behind). */
  note(site: Site, origin: string, via: RefusalChannel): void
  /** Resolves when every write started so far is done (tests, shutdown). */
  settled(): Promise<void>
}

/** Control characters and anything past URL_MAX_CHARS are not kept: the header is anyone's to write. */
export const storedOrigin = (origin: string): string => origin.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, URL_MAX_CHARS)

export function refusedOrigins({ store, log, now = Date.now }: { store: Store; log: FastifyBaseLogger; now?: () => number }): RefusedOrigins {
  const notedAt = new BoundedMap<string, number>(NOTED_KEYS_MAX)
  const siteWindows = new BoundedMap<string, { startedAt: number; count: number }>(NOTED_KEYS_MAX)
  const pending = new Set<Promise<void>>()

  function siteHasRoom(siteId: string, at: number): boolean {
    let window = siteWindows.get(siteId)
    if (!window || at - window.startedAt >= 60_000) {
      window = { startedAt: at, count: 0 }
      siteWindows.set(siteId, window)
    }
    if (window.count >= RECORDS_PER_SITE_PER_MINUTE) return false
    window.count++
    return true
  }

  return {
    note(site, origin, via) {
      const at = now()
      const kept = storedOrigin(origin)
      const key = `${site.id}\n${kept}`
      const last = notedAt.get(key)
      if (last !== undefined && at - last < RENOTE_AFTER_MS) return
      if (!siteHasRoom(site.id, at)) return
      notedAt.set(key, at)
      log.warn(
        { siteKey: site.key, siteName: site.name, origin: kept, via },
        "a page was refused: its origin is not one of the site's allowed origins (add it on the site's admin page if the page is the site's own)",
      )
      const write = store
        .recordRefusedOrigin(site.workspaceId, site.id, kept, new Date(at))
        .catch((error: unknown) => log.error({ err: error, siteKey: site.key }, 'a refused origin could not be recorded'))
        .finally(() => pending.delete(write))
      pending.add(write)
    },
    async settled() {
      await Promise.all([...pending])
    },
  }
}
