// Whether a person can answer on a site right now, as the widget shows it before the customer
// writes: anyone online in the workspace, the site's hours, and when they next begin.
import type { AvailabilityView } from '../../protocol/rest/sites.ts'
import type { Agent, Site } from '../store/records.ts'
import { nextOpening, withinBusinessHours } from './business-hours.ts'

/** An agent who could answer now: active and online (away takes nothing new). */
export const answersNow = (agent: Agent) => agent.active && agent.status === 'online'

export const anyoneOnline = (agents: readonly Agent[]) => agents.some(answersNow)

export function availability(site: Site, agentsOnline: boolean, at: Date): AvailabilityView {
  const opens = nextOpening(site.businessHours, at)
  return { agentsOnline, withinBusinessHours: withinBusinessHours(site.businessHours, at), nextOpenAt: opens && opens.toISOString() }
}
