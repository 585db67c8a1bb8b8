// When a page is refused because its origin is not one of the site's allowed origins, the site owner
// needs to see it: "the bubble does not connect" is otherwise a mystery. Each refusal is logged at warn
// with the site and kept on the site (the Store keeps its REFUSED_ORIGINS_KEPT latest distinct
// origins, shown on the site's admin page).
//
// Site keys are public and anyone can send any Origin header, so what a flood costs, and how much of
// the list it can take, is bounded:
// - only what a browser could send is kept: an origin as the Origin schema has it, or "null";
// - an origin already noted for a site within RENOTE_AFTER_MS is neither written nor logged again;
// - one address brings at most NEW_ORIGINS_PER_ADDRESS_PER_MINUTE origins a minute to a site (a real
//   misconfiguration shows from many visitors, a made-up one from few), and a site takes at most
//   RECORDS_PER_SITE_PER_MINUTE writes a minute in all;
// - this process remembers at most NOTED_KEYS_MAX pairs of each kind.
import type { FastifyBaseLogger } from 'fastify'
import { URL_MAX_CHARS } from '../protocol/limits.ts'
import { BoundedMap } from './bounded-map.ts'
import type { Site } from './store/records.ts'
import { REFUSED_ORIGINS_KEPT, type Store } from './store/store.ts'

export const RENOTE_AFTER_MS = 60_000
export const NEW_ORIGINS_PER_ADDRESS_PER_MINUTE = 3
/** As many as a site keeps. */
export const RECORDS_PER_SITE_PER_MINUTE = REFUSED_ORIGINS_KEPT
const NOTED_KEYS_MAX = 10_000
const WINDOW_MS = 60_000

export type RefusalChannel = 'http' | 'websocket'

export interface RefusedOrigins {
  /** A page of `origin` was refused for `site`, asked from `address`; returns at once (the write happens behind). */
  note(site: Site, origin: string, via: RefusalChannel, address: string): void
  /** Resolves when every write started so far is done (tests, shutdown). */
  settled(): Promise<void>
}

/** The Origin schema's pattern (protocol/rest/sites.ts), as a literal so the linear-regex check reads it; a test keeps the two equal. */
export const ORIGIN_PATTERN = /^https?:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/

/** What a browser sends: a lower-case origin, or "null" from a sandboxed frame or a file. */
export const looksLikeOrigin = (origin: string): boolean => origin === 'null' || (origin.length <= URL_MAX_CHARS && ORIGIN_PATTERN.test(origin))

/** Counts per key in fixed windows of a minute, forgetting the oldest keys past NOTED_KEYS_MAX. */
function windowCounter(max: number) {
  const windows = new BoundedMap<string, { startedAt: number; count: number }>(NOTED_KEYS_MAX)
  return {
    /** Takes one for `key` at `at`; false when its window is full (nothing taken). */
    take(key: string, at: number): boolean {
      let window = windows.get(key)
      if (!window || at - window.startedAt >= WINDOW_MS) {
        window = { startedAt: at, count: 0 }
        windows.set(key, window)
      }
      if (window.count >= max) return false
      window.count++
      return true
    },
  }
}

export function refusedOrigins({ store, log, now = Date.now }: { store: Store; log: FastifyBaseLogger; now?: () => number }): RefusedOrigins {
  const notedAt = new BoundedMap<string, number>(NOTED_KEYS_MAX)
  const perAddress = windowCounter(NEW_ORIGINS_PER_ADDRESS_PER_MINUTE)
  const perSite = windowCounter(RECORDS_PER_SITE_PER_MINUTE)
  const pending = new Set<Promise<void>>()

  return {
    note(site, origin, via, address) {
      if (!looksLikeOrigin(origin)) return
      const at = now()
      const key = `${site.id}\n${origin}`
      const last = notedAt.get(key)
      if (last !== undefined && at - last < RENOTE_AFTER_MS) return
      if (!perAddress.take(`${site.id}\n${address}`, at) || !perSite.take(site.id, at)) return
      notedAt.set(key, at)
      log.warn(
        { siteKey: site.key, siteName: site.name, origin, via },
        "a page was refused: its origin is not one of the site's allowed origins (add it on the site's admin page if the page is the site's own)",
      )
      const write = store
        .recordRefusedOrigin(site.workspaceId, site.id, origin, new Date(at))
        .catch((error: unknown) => log.error({ err: error, siteKey: site.key }, 'a refused origin could not be recorded'))
        .finally(() => pending.delete(write))
      pending.add(write)
    },
    async settled() {
      await Promise.all([...pending])
    },
  }
}
