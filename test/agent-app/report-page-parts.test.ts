// The pure parts of the reports page: the ranges its menu offers, the choice kept in its address,
// durations in words, and the scales of its chart and heat map.
import t from 'tap'
import { REPORT_DAYS_MAX } from '../../protocol/limits.ts'
import { niceCeiling, shadeOf, tickIndexes } from '../../agent-app/admin/report-charts.tsx'
import { duration, percent } from '../../agent-app/admin/report-format.ts'
import { apiQueryOf, choiceFromSearch, daysIn, presetOf, presetRange, rangeProblem, searchOf, todayIn } from '../../agent-app/admin/report-range.ts'

t.test('the range menu: days ending today, this and last month, and twelve months within the limit', async (t) => {
  t.same(presetRange('last-7', '2026-03-02'), { from: '2026-02-24', to: '2026-03-02' })
  t.same(presetRange('last-30', '2026-03-02'), { from: '2026-02-01', to: '2026-03-02' })
  t.same(presetRange('this-month', '2026-03-02'), { from: '2026-03-01', to: '2026-03-02' })
  t.same(presetRange('last-month', '2026-03-02'), { from: '2026-02-01', to: '2026-02-28' })
  t.same(presetRange('last-month', '2026-01-15'), { from: '2025-12-01', to: '2025-12-31' }, 'across a new year')
  t.same(presetRange('last-12-months', '2026-12-03'), { from: '2025-12-04', to: '2026-12-03' })
  const leap = presetRange('last-12-months', '2028-02-29')
  t.same(leap, { from: '2027-03-01', to: '2028-02-29' }, 'from a leap day, a year back is the day after 28 February')
  t.ok(daysIn(leap.from, leap.to) <= REPORT_DAYS_MAX && rangeProblem(leap.from, leap.to) === null)
  t.equal(presetOf({ from: '2026-02-01', to: '2026-02-28' }, '2026-03-02'), 'last-month')
  t.equal(presetOf({ from: '2026-02-02', to: '2026-02-28' }, '2026-03-02'), null, 'dates of its own are custom')
})

t.test('a range that is not one says why', async (t) => {
  t.equal(rangeProblem('2026-03-01', '2026-03-01'), null, 'one day is a range')
  t.match(rangeProblem('', '2026-03-01'), /start and an end/)
  t.match(rangeProblem('2026-02-30', '2026-03-01'), /start and an end/, 'not a real date')
  t.match(rangeProblem('2026-03-02', '2026-03-01'), /after the end/)
  t.match(rangeProblem('2025-01-01', '2026-03-01'), `at most ${REPORT_DAYS_MAX} days`)
})

t.test('the choice in the address: read back as written, and the last 30 days for anything missing or wrong', async (t) => {
  const now = new Date('2026-03-31T23:30:00Z')
  const choice = { from: '2026-03-27', to: '2026-03-30', timeZone: 'Europe/Paris', siteKey: 'site_abc', agentId: 'a1' }
  t.same(choiceFromSearch(searchOf(choice), now), choice)
  t.equal(apiQueryOf(choice), 'from=2026-03-27&to=2026-03-30&timeZone=Europe%2FParis&siteKey=site_abc&agentId=a1')
  const fallback = choiceFromSearch('?from=2026-03-30&to=2026-03-01&zone=Europe/Paris', now)
  t.same([fallback.from, fallback.to], ['2026-03-03', '2026-04-01'], "ending today in Paris, already 1 April there")
  t.not(choiceFromSearch('?zone=Mars/Olympus', now).timeZone, 'Mars/Olympus', 'an unknown zone is not kept')
  t.equal(todayIn('America/New_York', now), '2026-03-31')
})

t.test('durations in at most two units, shares as percents', async (t) => {
  t.same([0, 45, 90, 300, 725, 3600, 3720, 86_400, 90_000].map(duration), ['0 s', '45 s', '1 min 30 s', '5 min', '12 min', '1 h', '1 h 2 min', '1 d', '1 d 1 h'])
  t.equal(duration(null), '–')
  t.same([percent(0.5), percent(1 / 3), percent(null)], ['50%', '33%', '–'])
})

t.test("the chart's top line is round with a whole middle; ticks include the ends; shades grow with the count", async (t) => {
  t.same([0, 1, 3, 5, 7, 9, 11, 45, 99, 101, 850].map(niceCeiling), [2, 2, 4, 6, 8, 10, 20, 60, 100, 200, 1000])
  t.same(tickIndexes(4, 7), [0, 1, 2, 3])
  const year = tickIndexes(365, 7)
  t.same([year.length, year[0], year.at(-1)], [7, 0, 364])
  t.same([0, 1, 2, 3, 4].map((n) => shadeOf(n, 4)), [0, 1, 2, 3, 4])
  t.equal(shadeOf(1, 1000), 1, 'one conversation is never blank')
})
