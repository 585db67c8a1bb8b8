import t from 'tap'
import { DEFAULT_HANDLING_MS, expectedWaitSeconds, typicalHandlingMs } from '../../server/routing/expected-wait.ts'
import type { Conversation } from '../../server/store/records.ts'
import { newConversationFacts } from '../../server/store/defaults.ts'

const start = new Date(Date.UTC(2026, 10, 25, 9))
function handled(minutes: number, assigneeId: string | null = 'a'): Conversation {
  return {
    id: String(minutes),
    workspaceId: 'w',
    siteId: 's',
    visitorId: 'v',
    status: 'resolved',
    assigneeId,
    queuedAt: null,
    revision: 2,
    lastSeq: 4,
    rating: null,
    createdAt: start,
    updatedAt: start,
    lastActivityAt: start,
    resolvedAt: new Date(start.getTime() + minutes * 60_000),
    facts: newConversationFacts(),
  }
}

t.test('the typical handling time is the median of conversations a person held', async (t) => {
  t.equal(typicalHandlingMs([handled(4), handled(10), handled(6)]), 6 * 60_000)
  t.equal(typicalHandlingMs([handled(4), handled(10), handled(6), handled(8)]), 7 * 60_000, 'the mean of the middle two')
  t.equal(typicalHandlingMs([handled(1, null), handled(30)]), 30 * 60_000, 'conversations only the AI handled do not count')
  t.equal(typicalHandlingMs([]), DEFAULT_HANDLING_MS, 'a new workspace gets the default')
})

t.test('the wait grows with the position and shrinks with the places online, in whole minutes', async (t) => {
  const sixMinutes = 6 * 60_000
  t.equal(expectedWaitSeconds(1, 3, sixMinutes), 120, 'first of three places: 2 minutes')
  t.equal(expectedWaitSeconds(6, 3, sixMinutes), 720)
  t.equal(expectedWaitSeconds(1, 4, sixMinutes), 120, '1.5 minutes rounds up to 2')
  t.equal(expectedWaitSeconds(2, 0, sixMinutes), null, 'nobody online: nobody can say')
})
