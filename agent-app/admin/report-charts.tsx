// The reports page's pictures, drawn as SVG and HTML (no chart library, no images): conversations per
// day, a weekday × hour heat map, and bars for counts that compare. Each says its figures in words or a
// table too, for screen readers and for anyone who wants the numbers.
import { h, type JSX } from 'preact'
import { hourLabel, shortDate, WEEKDAY_ORDER, WEEKDAYS } from './report-format.ts'

/**
 * The smallest of 2, 4, 6, 8, 10 × 10^n at or above `max`: the chart's top line is a round number
 * whose half, the middle line, is a whole number of conversations too.
 */
export function niceCeiling(max: number): number {
  if (max <= 2) return 2
  const magnitude = 10 ** Math.floor(Math.log10(max))
  for (const step of [2, 4, 6, 8, 10]) if (step * magnitude >= max) return step * magnitude
  return 10 * magnitude
}

/** At most `count` evenly spaced indexes of `length` items, the first and the last among them. */
export function tickIndexes(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i)
  const step = (length - 1) / (count - 1)
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(i * step)))]
}

const WIDTH = 720
const HEIGHT = 200
const LEFT = 36
const BOTTOM = 24
const TOP = 8

export function DayChart({ days }: { days: { date: string; count: number }[] }): JSX.Element {
  const total = days.reduce((sum, day) => sum + day.count, 0)
  const busiest = days.reduce((best, day) => (day.count > best.count ? day : best), days[0] ?? { date: '', count: 0 })
  const top = niceCeiling(busiest.count)
  const withYear = days.length > 0 && days[0]!.date.slice(0, 4) !== days[days.length - 1]!.date.slice(0, 4)
  const plotWidth = WIDTH - LEFT
  const plotHeight = HEIGHT - BOTTOM - TOP
  const slot = plotWidth / Math.max(days.length, 1)
  // Thin bars for a year of days; a few days' bars no wider than a bar reads.
  const barWidth = Math.max(Math.min(slot > 6 ? slot * 0.75 : slot, 56), 1)
  const y = (count: number) => TOP + plotHeight - (count / top) * plotHeight
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const summary = total === 0 ? 'No conversations in this range.' : `${plural(total, 'conversation', 'conversations')} in ${plural(days.length, 'day', 'days')}; the busiest day was ${shortDate(busiest.date, true)}, with ${busiest.count}.`
  return (
    <figure class="chart day-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Conversations per day. ${summary}`}>
        {[0, top / 2, top].map((line) => (
          <g key={line} class="grid-line">
            <line x1={LEFT} x2={WIDTH} y1={y(line)} y2={y(line)} />
            <text x={LEFT - 6} y={y(line) + 4} text-anchor="end">
              {line}
            </text>
          </g>
        ))}
        {days.map((day, i) => (
          <rect key={day.date} class="bar" x={LEFT + i * slot + (slot - barWidth) / 2} width={barWidth} y={y(day.count)} height={Math.max(TOP + plotHeight - y(day.count), 0)}>
            <title>{`${shortDate(day.date, true)}: ${day.count}`}</title>
          </rect>
        ))}
        {tickIndexes(days.length, 7).map((i, n, ticks) => {
          // The first and last labels of many days are held inside the chart, not centred past its edges.
          const edge = slot < 40 && (n === 0 || n === ticks.length - 1)
          const x = edge ? (n === 0 ? LEFT + i * slot : LEFT + (i + 1) * slot) : LEFT + i * slot + slot / 2
          return (
            <text key={i} class="tick" x={x} y={HEIGHT - 6} text-anchor={edge ? (n === 0 ? 'start' : 'end') : 'middle'}>
              {shortDate(days[i]!.date, withYear)}
            </text>
          )
        })}
      </svg>
      <figcaption class="hint">{summary}</figcaption>
      <details class="chart-numbers">
        <summary>Show the numbers</summary>
        <table class="admin-table compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" class="number">Conversations</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{shortDate(day.date, true)}</th>
                <td class="number">{day.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

/** Five shades from none to the busiest hour: enough to read, few enough to tell apart. */
export function shadeOf(count: number, max: number): number {
  if (count === 0 || max === 0) return 0
  return Math.min(4, Math.ceil((count / max) * 4))
}

export function HourHeatMap({ hours }: { hours: number[][] }): JSX.Element {
  const max = Math.max(0, ...hours.flat())
  let busiest = { weekday: 0, hour: 0, count: 0 }
  for (const weekday of WEEKDAY_ORDER) {
    hours[weekday]!.forEach((count, hour) => {
      if (count > busiest.count) busiest = { weekday, hour, count }
    })
  }
  return (
    <figure class="chart heat-map">
      {/* Scrolls sideways on a phone: focusable, so a keyboard can scroll it too. */}
      <div class="heat-scroll" tabIndex={0} role="region" aria-label="Busiest hours, by weekday and hour">
        <table aria-describedby="heat-summary">
          <caption class="visually-hidden">Conversations started, by weekday and hour</caption>
          <thead>
            <tr>
              <td />
              {Array.from({ length: 24 }, (_, hour) => (
                <th key={hour} scope="col" abbr={hourLabel(hour)}>
                  <span aria-hidden="true">{hour % 3 === 0 ? String(hour).padStart(2, '0') : ''}</span>
                  <span class="visually-hidden">{hourLabel(hour)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAY_ORDER.map((weekday) => (
              <tr key={weekday}>
                <th scope="row">{WEEKDAYS[weekday]!.slice(0, 3)}</th>
                {hours[weekday]!.map((count, hour) => (
                  <td key={hour} class={`shade-${shadeOf(count, max)}`} title={`${WEEKDAYS[weekday]} ${hourLabel(hour)}: ${count}`}>
                    <span class="visually-hidden">{count}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption id="heat-summary" class="heat-legend">
        <span class="hint">{busiest.count === 0 ? 'No conversations in this range.' : `Busiest: ${WEEKDAYS[busiest.weekday]}s ${hourLabel(busiest.hour)}–${hourLabel((busiest.hour + 1) % 24)}, ${busiest.count} started.`}</span>
        <span class="legend" aria-hidden="true">
          Fewer
          {[0, 1, 2, 3, 4].map((shade) => (
            <span key={shade} class={`swatch-cell shade-${shade}`} />
          ))}
          More
        </span>
      </figcaption>
    </figure>
  )
}

/** Labelled counts as horizontal bars, each against the largest. */
export function BarList({ items, label }: { items: { name: string; count: number }[]; label: string }): JSX.Element {
  const max = Math.max(1, ...items.map((item) => item.count))
  return (
    <ul class="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.name}>
          <span class="bar-name">{item.name}</span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar-fill" style={{ width: `${(item.count / max) * 100}%` }} />
          </span>
          <span class="bar-count">{item.count}</span>
        </li>
      ))}
    </ul>
  )
}
