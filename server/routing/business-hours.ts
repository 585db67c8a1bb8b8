// Whether a site's team is within its opening hours at a given moment, in the site's own time zone.
import type { BusinessHours } from '../store/records.ts'

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MINUTES_PER_DAY = 24 * 60

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** The weekday (0 = Sunday) and minute of the day at `at` in `timeZone`. */
function localTime(timeZone: string, at: Date): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return { day: WEEKDAYS.indexOf(part('weekday')), minute: Number(part('hour')) * 60 + Number(part('minute')) }
}

/**
 * true when `at` falls in one of the intervals, or when the site keeps no hours (null: always open).
 * An interval that closes at or before it opens runs past midnight into the next day ("22:00"–"02:00").
 */
export function withinBusinessHours(hours: BusinessHours | null, at: Date): boolean {
  if (hours === null) return true
  const { day, minute } = localTime(hours.timeZone, at)
  const yesterday = (day + 6) % 7
  return hours.hours.some((interval) => {
    const open = minutes(interval.open)
    const close = minutes(interval.close)
    if (close > open) return interval.day === day && minute >= open && minute < close
    // Past midnight: from `open` to the end of its day, then from midnight to `close` the day after.
    return (interval.day === day && minute >= open && minute < MINUTES_PER_DAY) || (interval.day === yesterday && minute < close)
  })
}

/**
 * When the site next opens after `at`: null when it is open now, keeps no hours (always open) or
 * lists none. Counted in local minutes from `at` to each interval's opening, then checked against
 * withinBusinessHours and moved by the hour a daylight-saving change may put between them.
 */
export function nextOpening(hours: BusinessHours | null, at: Date): Date | null {
  if (hours === null || hours.hours.length === 0 || withinBusinessHours(hours, at)) return null
  const { day, minute } = localTime(hours.timeZone, at)
  const now = day * MINUTES_PER_DAY + minute
  const week = 7 * MINUTES_PER_DAY
  const waits = hours.hours.map((interval) => {
    const wait = (interval.day * MINUTES_PER_DAY + minutes(interval.open) - now + week) % week
    return wait === 0 ? week : wait
  })
  const soonest = new Date(at.getTime() + Math.min(...waits) * 60_000)
  soonest.setUTCSeconds(0, 0)
  for (const shift of [0, -60, 60]) {
    const candidate = new Date(soonest.getTime() + shift * 60_000)
    if (withinBusinessHours(hours, candidate)) return candidate
  }
  return soonest
}
