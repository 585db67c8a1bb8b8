// A site's business hours: always open, or a week of intervals (several a day, past midnight allowed)
// in a time zone. Switching to "always open" and back brings the week as it was, not a default one.
import { h, type JSX } from 'preact'
import { useRef } from 'preact/hooks'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { DAY_NAMES, hoursOf, INTERVALS_MAX, intervalCount, officeWeek, runsPastMidnight, WEEK, weekOf, type Week } from './week-hours.ts'

type BusinessHours = NonNullable<SiteView['businessHours']>

function timeZones(): string[] {
  const withSupported = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  return withSupported.supportedValuesOf?.('timeZone') ?? ['UTC']
}

export function HoursEditor({ hours, onChange }: { hours: BusinessHours | null; onChange: (hours: BusinessHours | null) => void }): JSX.Element {
  const lastHours = useRef<BusinessHours | null>(hours)
  if (hours) lastHours.current = hours
  const week = weekOf(hours)
  const zone = hours?.timeZone ?? lastHours.current?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const set = (next: Week) => onChange(hoursOf(next, zone))
  const full = intervalCount(week) >= INTERVALS_MAX
  return (
    <fieldset class="hours">
      <legend>Business hours</legend>
      <label class="check">
        <input type="radio" name="hours-mode" checked={hours === null} onChange={() => onChange(null)} /> Always open
      </label>
      <label class="check">
        <input type="radio" name="hours-mode" checked={hours !== null} onChange={() => onChange(lastHours.current ?? hoursOf(officeWeek(), zone))} /> Open on these hours
      </label>
      {hours !== null && (
        <div class="hours-grid">
          <label class="field">
            <span>Time zone</span>
            <select value={zone} onChange={(e) => onChange({ ...hours, timeZone: e.currentTarget.value })}>
              {[...new Set([zone, ...timeZones()])].map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <ul class="days">
            {WEEK.map((day) => {
              const intervals = week[day] ?? []
              const change = (list: typeof intervals) => set({ ...week, [day]: list })
              return (
                <li key={day}>
                  <span class="day-name">{DAY_NAMES[day]}</span>
                  {intervals.length === 0 && <span class="hint">Closed</span>}
                  {intervals.map((interval, i) => (
                    <span class="interval" key={i}>
                      <input type="time" required aria-label={`${DAY_NAMES[day]}: opens`} value={interval.open} onChange={(e) => change(intervals.map((x, j) => (j === i ? { ...x, open: e.currentTarget.value } : x)))} />
                      <span aria-hidden="true">–</span>
                      <input type="time" required aria-label={`${DAY_NAMES[day]}: closes`} value={interval.close} onChange={(e) => change(intervals.map((x, j) => (j === i ? { ...x, close: e.currentTarget.value } : x)))} />
                      {runsPastMidnight(interval) && <span class="hint">next day</span>}
                      <button type="button" class="link" aria-label={`Remove ${DAY_NAMES[day]} ${interval.open}–${interval.close}`} onClick={() => change(intervals.filter((_, j) => j !== i))}>
                        Remove
                      </button>
                    </span>
                  ))}
                  {!full && (
                    <button type="button" class="link" aria-label={`Add hours on ${DAY_NAMES[day]}`} onClick={() => change([...intervals, { open: '09:00', close: '17:00' }])}>
                      Add hours
                    </button>
                  )}
                </li>
              )
            })}
          </ul>
          <p class="hint">Outside these hours customers are told when you open again, and the away message is shown.</p>
        </div>
      )}
    </fieldset>
  )
}
