// Calendar days and hours in a time zone, for reports: which local day and hour an instant falls on,
// and the instant a local day starts (a daylight-saving day has 23 or 25 hours). Intl knows the zones;
// nothing here assumes an offset.
import { BoundedMap } from '../bounded-map.ts'

export interface LocalParts {
  /** YYYY-MM-DD in the zone. */
  date: string
  /** 0 = Sunday. */
  weekday: number
  hour: number
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const formats = new Map<string, Intl.DateTimeFormat>()

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    // Few zones are ever asked for; the cache cannot grow past the zones Intl knows.
    formats.set(timeZone, format)
  }
  return format
}

function parts(at: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatIn(timeZone).formatToParts(at).map((p) => [p.type, p.value]))
}

/**
 * Every zone's offset is a whole number of quarter hours, and changes on a quarter hour: all instants
 * of one quarter hour share their local date and hour. A report over a year asks Intl once per quarter
 * hour seen (35,000 at most), not once per conversation (Intl is most of a report's time otherwise).
 */
const QUARTER_HOUR_MS = 15 * 60_000
/** A year's quarter hours (35,040) of a few zones at once; the oldest are forgotten past that. */
const QUARTERS_KEPT = 100_000
const quarters = new BoundedMap<string, LocalParts>(QUARTERS_KEPT)

export function localParts(at: Date, timeZone: string): LocalParts {
  const key = `${timeZone} ${Math.floor(at.getTime() / QUARTER_HOUR_MS)}`
  let local = quarters.get(key)
  if (!local) {
    const p = parts(at, timeZone)
    local = { date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAYS.indexOf(p.weekday!), hour: Number(p.hour) }
    quarters.set(key, local)
  }
  return local
}

/** The zone's offset from UTC at `at`, in ms (local time minus UTC). */
function offsetAt(at: number, timeZone: string): number {
  const p = parts(new Date(at), timeZone)
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  return asUtc - Math.floor(at / 1000) * 1000
}

/** The instant local midnight of `date` (YYYY-MM-DD) happens in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const midnightAsUtc = Date.UTC(y, m - 1, d)
  // The offset at the guess, then at the corrected guess: right on both sides of a change.
  let at = midnightAsUtc - offsetAt(midnightAsUtc, timeZone)
  at = midnightAsUtc - offsetAt(at, timeZone)
  return new Date(at)
}

/** The calendar day after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = []
  for (let date = from; date <= to; date = nextDate(date)) dates.push(date)
  return dates
}
