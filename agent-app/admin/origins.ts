// The allowed origins an admin types, one per line, checked and normalised as browsers send them
// (scheme, host and port, lower case, no default port, no path): what the server matches the Origin
// header against exactly. A line that is not an origin says why, instead of being silently dropped.
import { ORIGINS_MAX } from '../../protocol/limits.ts'

export interface OriginProblem {
  line: string
  reason: string
}

export function parseOrigins(text: string): { origins: string[]; problems: OriginProblem[] } {
  const origins: string[] = []
  const problems: OriginProblem[] = []
  for (const raw of text.split(/[\s,]+/)) {
    const line = raw.trim()
    if (line === '') continue
    let url: URL
    try {
      url = new URL(line)
    } catch {
      problems.push({ line, reason: 'is not an address: write it as https://shop.example' })
      continue
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problems.push({ line, reason: 'must start with https:// (or http:// for a test server)' })
      continue
    }
    if (url.username || url.password) {
      problems.push({ line, reason: 'must not hold a user name or password' })
      continue
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      problems.push({ line, reason: `is a page, not an origin: use ${url.origin}` })
      continue
    }
    if (!origins.includes(url.origin)) origins.push(url.origin)
  }
  if (origins.length > ORIGINS_MAX) problems.push({ line: origins.slice(ORIGINS_MAX).join(' '), reason: `is over the limit: a site allows at most ${ORIGINS_MAX} origins` })
  return { origins, problems }
}
