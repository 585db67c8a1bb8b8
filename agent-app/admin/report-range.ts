// What a report covers, as the reports page chooses it and keeps it in its address (so a report can be
// reloaded, bookmarked and sent to a colleague): a range of local dates, a time zone, and optionally a
// site and an agent. Dates are YYYY-MM-DD strings, worked on as UTC days so no zone shifts them.
import { REPORT_DAYS_MAX } from '../../protocol/limits.ts'

export interface ReportChoice {
  from: string
  to: string
  timeZone: string
  siteKey: string | null
  agentId: string | null
}

export type RangePreset = 'last-7' | 'last-30' | 'this-month' | 'last-month' | 'last-12-months'

export const PRESET_LABELS: Record<RangePreset, string> = {
  'last-7': 'Last 7 days',
  'last-30': 'Last 30 days',
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-12-months': 'Last 12 months',
}

const DAY_MS = 86_400_000
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`)
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function addDays(date: string, days: number): string {
  return dateOf(dayOf(date) + days * DAY_MS)
}

/** Days from `from` to `to`, both counted. */
export function daysIn(from: string, to: string): number {
  return Math.round((dayOf(to) - dayOf(from)) / DAY_MS) + 1
}

/** A real calendar date, as the server takes them. */
export function isDate(text: string): boolean {
  return DATE_PATTERN.test(text) && !Number.isNaN(dayOf(text)) && dateOf(dayOf(text)) === text
}

/** Today's date in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

/** The range a preset names, ending today (or the last whole month) in the zone. */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const monthStart = `${today.slice(0, 8)}01`
  switch (preset) {
    case 'last-7':
      return { from: addDays(today, -6), to: today }
    case 'last-30':
      return { from: addDays(today, -29), to: today }
    case 'this-month':
      return { from: monthStart, to: today }
    case 'last-month': {
      const to = addDays(monthStart, -1)
      return { from: `${to.slice(0, 8)}01`, to }
    }
    case 'last-12-months': {
      // From the same day a year ago, after it: 365 or 366 days, within REPORT_DAYS_MAX.
      const year = Number(today.slice(0, 4)) - 1
      const sameDay = `${year}${today.slice(4)}`
      return { from: addDays(isDate(sameDay) ? sameDay : `${year}-02-28`, 1), to: today }
    }
  }
}

/** The preset a range is, if it is one (for the range menu to show it). */
export function presetOf(range: { from: string; to: string }, today: string): RangePreset | null {
  for (const preset of Object.keys(PRESET_LABELS) as RangePreset[]) {
    const candidate = presetRange(preset, today)
    if (candidate.from === range.from && candidate.to === range.to) return preset
  }
  return null
}

/** What is wrong with a range, in words, or null. */
export function rangeProblem(from: string, to: string): string | null {
  if (!isDate(from) || !isDate(to)) return 'Choose a start and an end date.'
  if (from > to) return 'The start date is after the end date.'
  if (daysIn(from, to) > REPORT_DAYS_MAX) return `A report covers at most ${REPORT_DAYS_MAX} days.`
  return null
}

/** The zone this browser is in, the default of a new report. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** The choice in an address's query, with the last 30 days in this browser's zone for what is missing or wrong. */
export function choiceFromSearch(search: string, now = new Date()): ReportChoice {
  const query = new URLSearchParams(search)
  const zone = query.get('zone')
  const timeZone = zone && knownZone(zone) ? zone : browserTimeZone()
  const from = query.get('from') ?? ''
  const to = query.get('to') ?? ''
  const range = rangeProblem(from, to) === null ? { from, to } : presetRange('last-30', todayIn(timeZone, now))
  return { ...range, timeZone, siteKey: query.get('site') || null, agentId: query.get('agent') || null }
}

export function searchOf(choice: ReportChoice): string {
  const query = new URLSearchParams({ from: choice.from, to: choice.to, zone: choice.timeZone })
  if (choice.siteKey) query.set('site', choice.siteKey)
  if (choice.agentId) query.set('agent', choice.agentId)
  return `?${query}`
}

/** The API's query for a choice (its names differ from the address's, which people read). */
export function apiQueryOf(choice: ReportChoice): string {
  const query = new URLSearchParams({ from: choice.from, to: choice.to, timeZone: choice.timeZone })
  if (choice.siteKey) query.set('siteKey', choice.siteKey)
  if (choice.agentId) query.set('agentId', choice.agentId)
  return query.toString()
}

export function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** The zones a report may be read in: the platform's list, with UTC and the chosen one always there. */
export function timeZones(chosen: string): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set(['UTC', chosen, ...listed])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)))
}
