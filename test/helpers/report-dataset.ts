// A small support history whose report figures are worked out by hand below, for the reports tests on
// both stores and the reports page's browser test. It is written through the Store's own writes (at the
// instants given), so the facts come from the same code that records them live.
//
// The range is 27-30 March 2026. Paris moves its clocks forward on Sunday 29 March at 02:00 (UTC+1 to
// UTC+2); New York moved on 8 March (UTC-4 all range long). Conversations sit on both sides of local
// midnight in each zone, and on both sides of the change.
import type { AnswerOutcome, HandoffReason } from '../../protocol/enums.ts'
import type { Store } from '../../server/store/store.ts'

export const REPORT_FROM = '2026-03-27'
export const REPORT_TO = '2026-03-30'

interface Story {
  name: string
  /** When it was created, with the offset of the zone it is told in. */
  created: string
  /** Seconds after creation. */
  customerAt: number
  aiAt?: number
  outcome?: AnswerOutcome
  /** A person needed from the start (human-first). */
  humanFirst?: boolean
  handoff?: { reason: HandoffReason; at: number }
  taken?: { by: 'ada' | 'bo'; at: number }
  agentReplyAt?: number
  resolved?: { by: 'ada' | 'bo' | 'inactivity'; at: number }
  rating?: { score: number; comment?: string }
}

export const STORIES: Story[] = [
  // Friday 09:15 in Paris. The AI answered in 6 s and the customer said it helped; Bo closed it without writing.
  { name: 'hard AI resolution', created: '2026-03-27T09:15:00+01:00', customerAt: 0, aiAt: 6, outcome: 'confirmed', resolved: { by: 'bo', at: 600 }, rating: { score: 5, comment: 'Quick and right' } },
  // Friday 14:00. Answered in 3 s; the customer went quiet and the sweep closed it a day and an hour later.
  { name: 'soft AI resolution, swept', created: '2026-03-27T14:00:00+01:00', customerAt: 0, aiAt: 3, resolved: { by: 'inactivity', at: 90_000 } },
  // Saturday 23:30 in Paris (22:30 UTC). Asked for a person after the AI's answer; Ada replied 90 s later.
  { name: 'asked for a person', created: '2026-03-28T23:30:00+01:00', customerAt: 0, aiAt: 5, handoff: { reason: 'customer_asked', at: 60 }, taken: { by: 'ada', at: 90 }, agentReplyAt: 150, resolved: { by: 'ada', at: 1200 }, rating: { score: 4, comment: '=SUM(A1) was my order total' } },
  // Sunday 00:30 in Paris: Saturday 23:30 in UTC. The AI was unsure; Ada replied 5 min later.
  { name: 'AI unsure after midnight', created: '2026-03-29T00:30:00+01:00', customerAt: 0, aiAt: 4, handoff: { reason: 'ai_unsure', at: 4 }, taken: { by: 'ada', at: 200 }, agentReplyAt: 304, resolved: { by: 'ada', at: 3600 }, rating: { score: 2, comment: 'Took too long' } },
  // Sunday 03:30 in Paris, an hour after the clocks went forward (01:30 UTC). A limit handed it over; still open.
  { name: 'limit, after the change', created: '2026-03-29T03:30:00+02:00', customerAt: 0, aiAt: 8, handoff: { reason: 'limit', at: 400 }, taken: { by: 'ada', at: 420 }, agentReplyAt: 445 },
  // Sunday 23:30 in Paris, summer time (21:30 UTC). Human-first: Bo answered in 4 min.
  { name: 'human-first', created: '2026-03-29T23:30:00+02:00', customerAt: 0, humanFirst: true, taken: { by: 'bo', at: 60 }, agentReplyAt: 240, resolved: { by: 'bo', at: 900 }, rating: { score: 5 } },
  // Friday 23:30 in New York: Saturday 04:30 in Paris. Answered in 2 s, swept two hours later.
  { name: 'New York, late', created: '2026-03-27T23:30:00-04:00', customerAt: 0, aiAt: 2, resolved: { by: 'inactivity', at: 7200 } },
  // Monday 10:00 in Paris. The AI's answer did not help; the customer asked for a person, still waiting.
  { name: 'more help, waiting', created: '2026-03-30T10:00:00+02:00', customerAt: 0, aiAt: 5, outcome: 'more_help', handoff: { reason: 'customer_asked', at: 30 } },
  // Thursday 23:30 in Paris (22:30 UTC, 18:30 in New York): before the range in both zones.
  { name: 'before the range', created: '2026-03-26T23:30:00+01:00', customerAt: 0, aiAt: 3 },
  // Tuesday 00:15 in Paris (after the range), Monday 18:15 in New York (in it).
  { name: 'after the range in Paris', created: '2026-03-31T00:15:00+02:00', customerAt: 0, aiAt: 3 },
]

/**
 * The Paris report of the range, worked out by hand from the stories above.
 * Durations in seconds; median and p90 by nearest rank (the value at rank ⌈p·n⌉ of n sorted).
 */
export const PARIS_REPORT = {
  // The first eight stories; not the last two.
  conversations: 8,
  perDay: [
    { date: '2026-03-27', count: 2 }, // hard AI resolution, soft AI resolution
    { date: '2026-03-28', count: 2 }, // asked for a person (23:30), New York late (04:30)
    { date: '2026-03-29', count: 3 }, // after midnight, after the change, human-first (23:30)
    { date: '2026-03-30', count: 1 }, // more help
  ],
  // AI: 6, 3, 5, 4, 8, 2, 5 -> sorted 2 3 4 5 5 6 8: rank 4 is 5, rank 7 is 8.
  // Person: 150-60, 304-4, 445-400, 240-0 = 90, 300, 45, 240 -> 45 90 240 300: rank 2 is 90, rank 4 is 300.
  firstResponse: { person: { count: 4, medianSeconds: 90, p90Seconds: 300 }, ai: { count: 7, medianSeconds: 5, p90Seconds: 8 } },
  // Resolved: 600, 90000, 1200, 3600, 900, 7200 -> 600 900 1200 3600 7200 90000: rank 3 is 1200, rank 6 is 90000.
  resolution: { count: 6, medianSeconds: 1200, p90Seconds: 90_000 },
  open: 2,
  resolved: 6,
  abandoned: 2,
  // Resolved with no agent message and an AI answer: hard, soft swept, New York late. Confirmed: one.
  withoutPerson: { count: 3, hard: 1, soft: 2, shareOfResolved: 0.5 },
  handoffs: { customer_asked: 2, ai_unsure: 1, model_decided: 0, ai_failure: 0, limit: 1 },
  satisfaction: { count: 4, average: 4, distribution: [0, 1, 0, 1, 2] },
  comments: ['Quick and right', '=SUM(A1) was my order total', 'Took too long'],
  /** [weekday (0 = Sunday), hour] of each conversation, in Paris. */
  hours: [[5, 9], [5, 14], [6, 23], [0, 0], [0, 3], [0, 23], [6, 4], [1, 10]],
}

/** The New York report's days: the same range holds other conversations there. */
export const NEW_YORK_PER_DAY = [
  { date: '2026-03-27', count: 3 }, // hard (04:15), soft (09:00), New York late (23:30)
  { date: '2026-03-28', count: 3 }, // asked for a person (18:30), after midnight (19:30), after the change (21:30)
  { date: '2026-03-29', count: 1 }, // human-first (17:30)
  { date: '2026-03-30', count: 2 }, // more help (04:00), after the range in Paris (18:15)
]

export interface DatasetPeople {
  siteId: string
  ada: string
  bo: string
}

/** Writes the stories into the workspace, each as its own visitor's conversation; returns their ids by name. */
export async function seedReportDataset(store: Store, workspaceId: string, people: DatasetPeople): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for (const [i, story] of STORIES.entries()) {
    const start = Date.parse(story.created)
    const at = (seconds: number) => new Date(start + seconds * 1000)
    const agentId = (who: 'ada' | 'bo') => people[who]
    const visitor = await store.createVisitor(workspaceId, { siteId: people.siteId, tokenHash: `report-dataset-${i}-${workspaceId}`, name: `Customer ${i + 1}` })
    let conversation = await store.createConversation(workspaceId, { siteId: people.siteId, visitorId: visitor.id, createdAt: at(0), ...(story.humanFirst ? { humanNeededAt: at(0), queuedAt: at(0) } : {}) })
    ids.set(story.name, conversation.id)
    const write = (kind: 'customer' | 'ai' | 'agent', seconds: number, text: string, authorId: string | null) =>
      store.appendMessage(workspaceId, { conversationId: conversation.id, kind, authorId, text, createdAt: at(seconds), ...(kind === 'ai' ? { status: 'complete' as const } : {}) })
    const move = async (change: Parameters<Store['transitionConversation']>[3]) => {
      const moved = await store.transitionConversation(workspaceId, conversation.id, conversation.revision, change)
      if (!moved?.won) throw new Error(`the dataset's ${story.name} did not move`)
      conversation = moved.conversation
    }

    await write('customer', story.customerAt, `Question of ${story.name}`, visitor.id)
    if (story.aiAt !== undefined) {
      const answer = await write('ai', story.aiAt, `Answer for ${story.name}`, null)
      if (story.outcome) await store.updateMessage(workspaceId, conversation.id, answer!.message.seq, { outcome: story.outcome })
    }
    if (story.handoff) await move({ queuedAt: at(story.handoff.at), humanNeededAt: at(story.handoff.at), handoff: { reason: story.handoff.reason, at: at(story.handoff.at) }, at: at(story.handoff.at) })
    if (story.taken) await move({ assigneeId: agentId(story.taken.by), queuedAt: null, at: at(story.taken.at) })
    if (story.agentReplyAt !== undefined) await write('agent', story.agentReplyAt, `A person's reply to ${story.name}`, agentId(story.taken!.by))
    if (story.resolved) {
      const by = story.resolved.by
      await move({ status: 'resolved', resolvedBy: by === 'inactivity' ? { by: 'inactivity', agentId: null } : { by: 'agent', agentId: agentId(by) }, at: at(story.resolved.at) })
    }
    if (story.rating) await store.updateConversation(workspaceId, conversation.id, { rating: { score: story.rating.score, comment: story.rating.comment ?? null } })
  }
  return ids
}
