// Report figures in words a support lead reads at a glance: durations as "45 s", "3 min 20 s",
// "2 h 5 min", "1 d 4 h"; shares as whole percents; dates and hours as the page shows them.

/** Seconds as at most two units, the larger first; "–" for none. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–'
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 && minutes < 10 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`
}

export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`
}

/** Sunday first, as the API counts weekdays. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
/** The heat map's rows: the working week first. */
export const WEEKDAY_ORDER = [1, 2, 3, 4, 5, 6, 0]

export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`

/** "27 Mar" (or "27 Mar 2025" when the range spans years), for a YYYY-MM-DD date read as a calendar day. */
export function shortDate(date: string, withYear = false): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' })
}
