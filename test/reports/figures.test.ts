// A report's figures over a small dataset whose expected figures are worked out by hand below (not by
// the code under test), in Europe/Paris around the spring daylight-saving change (29 March 2026 has 23
// hours), with conversations at 23:30 and 00:30 local time that UTC would put on other days.
import t from 'tap'
import { localParts, startOfLocalDay } from '../../server/reports/calendar.ts'
import { nearestRank, reportFigures } from '../../server/reports/figures.ts'
import { newConversationFacts } from '../../server/store/defaults.ts'
import type { Conversation, ConversationFacts } from '../../server/store/records.ts'

const at = (iso: string) => new Date(iso)
const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000)

function conversation(id: string, createdAt: Date, over: Partial<Conversation> = {}, facts: Partial<ConversationFacts> = {}): Conversation {
  return {
    id,
    workspaceId: 'w',
    siteId: 's',
    visitorId: 'v',
    status: 'open',
    assigneeId: null,
    queuedAt: null,
    revision: 1,
    lastSeq: 1,
    rating: null,
    createdAt,
    updatedAt: createdAt,
    lastActivityAt: createdAt,
    resolvedAt: null,
    ...over,
    facts: { ...newConversationFacts(), firstCustomerMessageAt: createdAt, lastCustomerMessageAt: createdAt, ...facts },
  }
}

// 23:30 on Saturday 28 March in Paris (UTC+1): the AI answered in 4 s, the customer said "That helped", the sweep closed it.
const c1 = at('2026-03-28T22:30:00Z')
// 00:30 on Sunday 29 March (still UTC+1): a person needed from the start, answered in 120 s, resolved after 600 s.
const c2 = at('2026-03-28T23:30:00Z')
// 14:00 on Sunday (UTC+2 by then): AI in 2 s, handed off unsure at 10 s, a person answered 60 s later; still open.
const c3 = at('2026-03-29T12:00:00Z')
// 23:59 on Sunday: AI in 6 s, the customer said nothing more, the sweep closed it: abandoned, and soft-resolved a day on.
const c4 = at('2026-03-29T21:59:00Z')
// 00:01 on Monday 30 March, stored before facts were: left out, counted.
const c5 = at('2026-03-29T22:01:00Z')
// 00:30 on Tuesday 31 March: outside the range.
const c6 = at('2026-03-30T22:30:00Z')
// 10:00 on Monday: AI in 8 s, the customer asked for a person at 30 s, answered 300 s later, resolved after 900 s.
const c7 = at('2026-03-30T08:00:00Z')

const dataset: Conversation[] = [
  conversation('c1', c1, { status: 'resolved', resolvedAt: plus(c1, 3600), rating: { score: 5, comment: 'Great' } }, { firstAiReplyAt: plus(c1, 4), lastAiAnswerAt: plus(c1, 4), lastAiAnswerSeq: 2, lastAiAnswerOutcome: 'confirmed', resolvedBy: 'inactivity' }),
  conversation('c2', c2, { status: 'resolved', resolvedAt: plus(c2, 600), rating: { score: 3, comment: null } }, { humanNeededAt: c2, firstHumanReplyAt: plus(c2, 120), resolvedBy: 'agent', resolverId: 'ann' }),
  conversation('c3', c3, {}, { firstAiReplyAt: plus(c3, 2), lastAiAnswerAt: plus(c3, 2), handoffReason: 'ai_unsure', handoffAt: plus(c3, 10), humanNeededAt: plus(c3, 10), firstHumanReplyAt: plus(c3, 70) }),
  conversation('c4', c4, { status: 'resolved', resolvedAt: plus(c4, 3600) }, { firstAiReplyAt: plus(c4, 6), lastAiAnswerAt: plus(c4, 6), resolvedBy: 'inactivity' }),
  { ...conversation('c5', c5, { status: 'resolved', resolvedAt: plus(c5, 60) }), facts: { ...newConversationFacts(), recorded: false } },
  conversation('c6', c6),
  conversation('c7', c7, { status: 'resolved', resolvedAt: plus(c7, 900), rating: { score: 1, comment: 'Too slow' } }, { firstAiReplyAt: plus(c7, 8), lastAiAnswerAt: plus(c7, 8), handoffReason: 'customer_asked', handoffAt: plus(c7, 30), humanNeededAt: plus(c7, 30), firstHumanReplyAt: plus(c7, 330), resolvedBy: 'agent', resolverId: 'ann' }),
]

const range = { from: '2026-03-28', to: '2026-03-30', timeZone: 'Europe/Paris', now: at('2026-04-02T00:00:00Z') }

t.test('local days and hours in a time zone, across the daylight-saving change', async (t) => {
  t.same(localParts(c1, 'Europe/Paris'), { date: '2026-03-28', weekday: 6, hour: 23 }, '23:30 local is still Saturday')
  t.same(localParts(c2, 'Europe/Paris'), { date: '2026-03-29', weekday: 0, hour: 0 }, 'Saturday 23:30 UTC is Sunday in Paris')
  t.same(localParts(c4, 'Europe/Paris'), { date: '2026-03-29', weekday: 0, hour: 23 }, 'after the change, UTC+2')
  t.equal(startOfLocalDay('2026-03-29', 'Europe/Paris').toISOString(), '2026-03-28T23:00:00.000Z')
  t.equal(startOfLocalDay('2026-03-30', 'Europe/Paris').toISOString(), '2026-03-29T22:00:00.000Z', 'the change day has 23 hours')
  t.equal(startOfLocalDay('2026-10-26', 'Europe/Paris').getTime() - startOfLocalDay('2026-10-25', 'Europe/Paris').getTime(), 25 * 3600_000, 'the autumn one 25')
  t.equal(startOfLocalDay('2026-12-03', 'Asia/Kolkata').toISOString(), '2026-12-02T18:30:00.000Z', 'a half-hour zone')
})

t.test('nearest rank: the value at rank ⌈p·n⌉', async (t) => {
  t.equal(nearestRank([60, 120, 300], 0.5), 120)
  t.equal(nearestRank([2, 4, 6, 8], 0.5), 4)
  t.equal(nearestRank([2, 4, 6, 8], 0.9), 8)
  t.equal(nearestRank([7], 0.9), 7)
  t.equal(nearestRank([], 0.5), null)
})

t.test('the figures of the seeded dataset, as worked out by hand', async (t) => {
  const figures = reportFigures(dataset, range)
  t.equal(figures.conversations, 5, 'c1, c2, c3, c4, c7')
  t.equal(figures.notRecorded, 1, 'c5')
  t.same(figures.perDay, [
    { date: '2026-03-28', count: 1 },
    { date: '2026-03-29', count: 3 },
    { date: '2026-03-30', count: 1 },
  ])
  t.same(figures.firstResponse.person, { count: 3, medianSeconds: 120, p90Seconds: 300 }, '60, 120, 300 s')
  t.same(figures.firstResponse.ai, { count: 4, medianSeconds: 4, p90Seconds: 8 }, '2, 4, 6, 8 s')
  t.same(figures.resolution, { count: 4, medianSeconds: 900, p90Seconds: 3600 }, '600, 900, 3600, 3600 s')
  t.same([figures.open, figures.resolved, figures.abandoned], [1, 4, 2])
  t.same(figures.withoutPerson, { count: 2, hard: 1, soft: 1, shareOfResolved: 0.5 }, 'c1 confirmed, c4 quiet for over a day')
  t.same(figures.handoffs, { customer_asked: 1, ai_unsure: 1, model_decided: 0, ai_failure: 0, limit: 0 })
  t.same(figures.satisfaction, {
    count: 3,
    average: 3,
    distribution: [1, 0, 1, 0, 1],
    comments: [
      { conversationId: 'c1', score: 5, comment: 'Great' },
      { conversationId: 'c7', score: 1, comment: 'Too slow' },
    ],
  })
  const cells = figures.busiestHours.flatMap((hours, weekday) => hours.flatMap((n, hour) => (n ? [[weekday, hour, n]] : [])))
  t.same(cells, [
    [0, 0, 1],
    [0, 14, 1],
    [0, 23, 1],
    [1, 10, 1],
    [6, 23, 1],
  ])
})

t.test('a soft resolution needs a full day of quiet after the last answer', async (t) => {
  const soon = reportFigures(dataset, { ...range, now: at('2026-03-30T12:00:00Z') })
  t.same(soon.withoutPerson, { count: 2, hard: 1, soft: 0, shareOfResolved: 0.5 }, 'c4 is not a day old yet')
  const spoke = reportFigures(
    dataset.map((c) => (c.id === 'c4' ? { ...c, facts: { ...c.facts, lastCustomerMessageAt: plus(c4, 60) } } : c)),
    range,
  )
  t.equal(spoke.withoutPerson.soft, 0, 'a customer who wrote after the answer was not helped by it')
})

t.test("an AI resolution is the AI's alone: not after 'I need more help', a handoff, or a customer writing again", async (t) => {
  const now = at('2026-04-02T00:00:00Z')
  const answered = (id: string, facts: Partial<ConversationFacts>) =>
    conversation(id, c1, { status: 'resolved', resolvedAt: plus(c1, 3600) }, { firstAiReplyAt: plus(c1, 4), lastAiAnswerAt: plus(c1, 4), lastAiAnswerSeq: 2, resolvedBy: 'inactivity', ...facts })
  const figures = reportFigures(
    [
      answered('more-help', { lastAiAnswerOutcome: 'more_help' }),
      answered('handed-off', { handoffReason: 'ai_unsure', handoffAt: plus(c1, 10), humanNeededAt: plus(c1, 10) }),
      answered('wrote-after', { lastAiAnswerOutcome: 'confirmed', lastCustomerMessageAt: plus(c1, 60) }),
      answered('confirmed', { lastAiAnswerOutcome: 'confirmed' }),
      answered('quiet', {}),
    ],
    { ...range, now },
  )
  t.same(figures.withoutPerson, { count: 5, hard: 1, soft: 1, shareOfResolved: 1 }, 'no person wrote in any; the AI alone resolved two')
})

t.test('an empty range has zeros and no averages, every day listed', async (t) => {
  const empty = reportFigures([], { ...range, from: '2026-12-30', to: '2027-01-01' })
  t.same(empty.perDay.map((d) => d.date), ['2026-12-30', '2026-12-31', '2027-01-01'])
  t.same([empty.conversations, empty.firstResponse.person.medianSeconds, empty.satisfaction.average, empty.withoutPerson.shareOfResolved], [0, null, null, null])
})
