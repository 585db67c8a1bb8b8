// How the app names a customer. The server's badge says whether a name is verified; a customer with
// no name at all is given a tag made of their id ("Visitor 3a7e"), which is no claim of theirs and so
// is not marked as unverified.
import type { CustomerBadge } from '../protocol/rest/conversations.ts'

export function isClaimedName(badge: CustomerBadge, visitorId: string): boolean {
  return !badge.verified && badge.displayName !== `Visitor ${visitorId.slice(-4)}`
}
