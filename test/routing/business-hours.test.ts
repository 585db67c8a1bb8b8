import t from 'tap'
import { nextOpening, withinBusinessHours } from '../../server/routing/business-hours.ts'

// 2026-11-25 is a Wednesday (day 3).
const utc = (day: number, hh: number, mm = 0) => new Date(Date.UTC(2026, 10, day, hh, mm))

t.test('no hours set means always open', async (t) => {
  t.ok(withinBusinessHours(null, utc(25, 3)))
})

t.test("hours are read in the site's time zone, opening inclusive and closing exclusive", async (t) => {
  const paris = { timeZone: 'Europe/Paris', hours: [{ day: 3, open: '09:00', close: '17:30' }] }
  // Paris is UTC+1 in November.
  t.notOk(withinBusinessHours(paris, utc(25, 7, 59)), '08:59 in Paris')
  t.ok(withinBusinessHours(paris, utc(25, 8, 0)), '09:00 in Paris')
  t.ok(withinBusinessHours(paris, utc(25, 16, 29)), '17:29 in Paris')
  t.notOk(withinBusinessHours(paris, utc(25, 16, 30)), '17:30 in Paris')
  t.notOk(withinBusinessHours(paris, utc(26, 10)), 'Thursday is not listed')
  const tokyo = { timeZone: 'Asia/Tokyo', hours: [{ day: 4, open: '08:00', close: '09:00' }] }
  t.ok(withinBusinessHours(tokyo, utc(25, 23, 30)), "Wednesday 23:30 UTC is Thursday 08:30 in Tokyo")
})

t.test('an interval closing before it opens runs past midnight into the next day', async (t) => {
  const night = { timeZone: 'UTC', hours: [{ day: 3, open: '22:00', close: '02:00' }] }
  t.ok(withinBusinessHours(night, utc(25, 23)), 'Wednesday 23:00')
  t.ok(withinBusinessHours(night, utc(26, 1, 59)), 'Thursday 01:59')
  t.notOk(withinBusinessHours(night, utc(26, 2)), 'Thursday 02:00')
  t.notOk(withinBusinessHours(night, utc(25, 1)), 'Wednesday 01:00 belongs to Tuesday night, which is not listed')
})

t.test('several intervals a day, and several days', async (t) => {
  const split = {
    timeZone: 'America/New_York',
    hours: [
      { day: 1, open: '09:00', close: '12:00' },
      { day: 1, open: '13:00', close: '17:00' },
      { day: 3, open: '09:00', close: '17:00' },
    ],
  }
  // New York is UTC-5 in November; 2026-11-23 is a Monday.
  t.ok(withinBusinessHours(split, utc(23, 15)), 'Monday 10:00')
  t.notOk(withinBusinessHours(split, utc(23, 17, 30)), 'Monday 12:30, lunch')
  t.ok(withinBusinessHours(split, utc(23, 18)), 'Monday 13:00')
  t.ok(withinBusinessHours(split, utc(25, 14)), 'Wednesday 09:00')
  t.notOk(withinBusinessHours(split, utc(24, 15)), 'Tuesday')
})

t.test("the next opening is the soonest interval's start, in the site's time zone, and null while open", async (t) => {
  const paris = { timeZone: 'Europe/Paris', hours: [{ day: 3, open: '09:00', close: '17:30' }, { day: 5, open: '10:00', close: '12:00' }] }
  t.equal(nextOpening(paris, utc(25, 9)), null, 'open now')
  t.equal(nextOpening(null, utc(25, 9)), null, 'no hours: always open')
  t.equal(nextOpening({ timeZone: 'UTC', hours: [] }, utc(25, 9)), null, 'no interval: never opens')
  t.same(nextOpening(paris, utc(25, 6, 30)), utc(25, 8), 'later the same morning (09:00 Paris is 08:00 UTC)')
  t.same(nextOpening(paris, utc(25, 17)), utc(27, 9), 'after closing: Friday 10:00 Paris')
  t.same(nextOpening(paris, utc(27, 12)), new Date(Date.UTC(2026, 11, 2, 8)), 'after Friday: Wednesday next week')
  const spring = { timeZone: 'Europe/Paris', hours: [{ day: 0, open: '09:00', close: '10:00' }] }
  // 2026-03-29 is the Sunday Paris moves to UTC+2: counted in Saturday's UTC+1 minutes, the opening moves by the hour.
  t.same(nextOpening(spring, new Date(Date.UTC(2026, 2, 28, 12))), new Date(Date.UTC(2026, 2, 29, 7)), 'across a daylight-saving change')
})
