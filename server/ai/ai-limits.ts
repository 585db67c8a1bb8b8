// How many AI answers a visitor and a site may have in a window, so one chatty visitor (or a script)
// cannot run up the site's Gemini bill. Counted in this process's memory, like the HTTP rate limits;
// several processes each allow the limit until the counters move to Redis with the Bus.

export interface AiLimitSettings {
  perVisitorPerHour: number
  perSitePerDay: number
}

const HOUR = 3600_000
const DAY = 24 * HOUR

export type AiAllowance = 'ok' | 'visitor-limit' | 'site-limit'

export function aiLimits(settings: AiLimitSettings, now = () => Date.now()) {
  const visitors = new Map<string, number[]>()
  const sites = new Map<string, number[]>()

  /** The recent uses of `key`, those older than the window dropped. */
  function recent(map: Map<string, number[]>, key: string, windowMs: number): number[] {
    const since = now() - windowMs
    const kept = (map.get(key) ?? []).filter((at) => at > since)
    if (kept.length === 0) map.delete(key)
    else map.set(key, kept)
    return kept
  }

  return {
    /** Takes one answer for this visitor on this site, or says which limit stops it (nothing taken). */
    take(siteId: string, visitorId: string): AiAllowance {
      const byVisitor = recent(visitors, visitorId, HOUR)
      if (byVisitor.length >= settings.perVisitorPerHour) return 'visitor-limit'
      const bySite = recent(sites, siteId, DAY)
      if (bySite.length >= settings.perSitePerDay) return 'site-limit'
      visitors.set(visitorId, [...byVisitor, now()])
      sites.set(siteId, [...bySite, now()])
      return 'ok'
    },
  }
}
