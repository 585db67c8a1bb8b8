// Business hours as the settings form edits them, a week starting on Monday with each day's intervals,
// and as the API keeps them: a flat list of {day (0 = Sunday), open, close} in a time zone. An interval
// that closes at or before it opens runs past midnight into the next day, as the server reads it.
import type { SiteView } from '../../protocol/rest/sites.ts'

type BusinessHours = NonNullable<SiteView['businessHours']>

export type Interval = { open: string; close: string }
/** Monday first, as most of the world's support teams plan their week. */
export const WEEK = [1, 2, 3, 4, 5, 6, 0] as const
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const
/** The API's limit on intervals in a week. */
export const INTERVALS_MAX = 21

export type Week = Record<number, Interval[]>

/** Each day's intervals in the order they are kept: an interval being edited never moves under the cursor. */
export function weekOf(hours: BusinessHours | null): Week {
  const week: Week = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] }
  for (const interval of hours?.hours ?? []) week[interval.day]!.push({ open: interval.open, close: interval.close })
  return week
}

/** The hours as they are saved: Monday first, each day's intervals by opening time. */
export function sortedHours(hours: BusinessHours): BusinessHours {
  const week = weekOf(hours)
  for (const day of WEEK) week[day]!.sort((a, b) => a.open.localeCompare(b.open))
  return hoursOf(week, hours.timeZone)
}

/** Monday to Friday, 9:00 to 17:00: where a site that starts keeping hours begins. */
export function officeWeek(): Week {
  const week = weekOf(null)
  for (const day of [1, 2, 3, 4, 5]) week[day] = [{ open: '09:00', close: '17:00' }]
  return week
}

export function hoursOf(week: Week, timeZone: string): BusinessHours {
  return { timeZone, hours: WEEK.flatMap((day) => (week[day] ?? []).map((interval) => ({ day, ...interval }))) }
}

export const runsPastMidnight = (interval: Interval): boolean => interval.close <= interval.open

export function intervalCount(week: Week): number {
  return WEEK.reduce((sum: number, day) => sum + (week[day]?.length ?? 0), 0)
}
