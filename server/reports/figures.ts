// The figures of a support report, computed from conversations' stored facts (records.ts,
// ConversationFacts) for a range of local dates in a time zone. Pure: the caller reads the
// conversations created in the range; nothing here touches a Store.
//
// Definitions (calendar time; README and the reports page say the same):
// - a conversation belongs to the local day it was created on;
// - first response by a person: from facts.humanNeededAt to facts.firstHumanReplyAt;
// - first response by the AI: from facts.firstCustomerMessageAt to facts.firstAiReplyAt;
// - resolution time: from creation to the last resolve (resolvedAt), for resolved conversations;
// - resolved without a person: resolved, no public agent message ever, and the AI answered; of these,
//   the AI's own resolutions are those never handed to a person and with no customer message after the
//   AI's last answer: hard when the customer confirmed that answer ("That helped"), soft when they said
//   nothing of it and 24 h have passed since;
// - abandoned: last resolved by the inactivity sweep;
// - median and p90 by nearest rank: the value at rank ⌈p·n⌉ of the n durations sorted.
// Conversations stored before facts were (facts.recorded false) are left out and counted.
import type { HandoffReason } from '../../protocol/enums.ts'
import type { ReportConversation } from '../store/store.ts'
import { datesBetween, localParts } from './calendar.ts'

export const HANDOFF_REASONS: readonly HandoffReason[] = ['customer_asked', 'ai_unsure', 'model_decided', 'ai_failure', 'limit']
/** How long a customer stays quiet after the AI's last answer before it counts as a soft resolution. */
export const SOFT_RESOLUTION_QUIET_MS = 24 * 3600_000
/** Rating comments a report carries: a year's may be thousands; the CSV of conversations has them all. */
export const COMMENTS_SHOWN = 100

export interface Durations {
  count: number
  medianSeconds: number | null
  p90Seconds: number | null
}

export interface RatingComment {
  conversationId: string
  score: number
  comment: string
}

export interface ReportFigures {
  conversations: number
  /** Created in the range before facts were stored: left out of every figure below. */
  notRecorded: number
  perDay: { date: string; count: number }[]
  firstResponse: { person: Durations; ai: Durations }
  resolution: Durations
  open: number
  resolved: number
  abandoned: number
  withoutPerson: { count: number; hard: number; soft: number; shareOfResolved: number | null }
  handoffs: Record<HandoffReason, number>
  /** `comments`: the latest COMMENTS_SHOWN, oldest first (conversations.csv has them all). */
  satisfaction: { count: number; average: number | null; distribution: [number, number, number, number, number]; comments: RatingComment[] }
  /** Conversations created per weekday (0 = Sunday) and local hour. */
  busiestHours: number[][]
}

/** The value at rank ⌈p·n⌉ of `sorted` (ascending), or null for none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number
}

function durations(values: number[]): Durations {
  const sorted = values.sort((a, b) => a - b)
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000))
  return { count: sorted.length, medianSeconds: seconds(nearestRank(sorted, 0.5)), p90Seconds: seconds(nearestRank(sorted, 0.9)) }
}

const between = (from: Date | null, to: Date | null): number | null => (from && to && to >= from ? to.getTime() - from.getTime() : null)

export interface ReportRange {
  /** Local dates, both included. */
  from: string
  to: string
  timeZone: string
  /** The report's "now", for what depends on time passing (a soft resolution needs 24 quiet hours). */
  now: Date
}

export function reportFigures(conversations: readonly ReportConversation[], range: ReportRange): ReportFigures {
  const perDay = new Map(datesBetween(range.from, range.to).map((date) => [date, 0]))
  const busiestHours = Array.from({ length: 7 }, () => Array<number>(24).fill(0))
  const person: number[] = []
  const ai: number[] = []
  const resolution: number[] = []
  const handoffs = Object.fromEntries(HANDOFF_REASONS.map((reason) => [reason, 0])) as Record<HandoffReason, number>
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0]
  const comments: RatingComment[] = []
  let notRecorded = 0
  let counted = 0
  let open = 0
  let resolved = 0
  let abandoned = 0
  let withoutPerson = 0
  let hard = 0
  let soft = 0
  let scoreSum = 0

  for (const conversation of conversations) {
    const local = localParts(conversation.createdAt, range.timeZone)
    // The caller reads by instants around the range: a conversation outside its local days is not in it.
    if (!perDay.has(local.date)) continue
    const { facts } = conversation
    if (!facts.recorded) {
      notRecorded++
      continue
    }
    counted++
    perDay.set(local.date, perDay.get(local.date)! + 1)
    busiestHours[local.weekday]![local.hour]!++

    const toPerson = between(facts.humanNeededAt, facts.firstHumanReplyAt)
    if (toPerson !== null) person.push(toPerson)
    const toAi = between(facts.firstCustomerMessageAt, facts.firstAiReplyAt)
    if (toAi !== null) ai.push(toAi)
    if (facts.handoffReason) handoffs[facts.handoffReason]++

    if (conversation.status === 'open') open++
    else {
      resolved++
      const took = between(conversation.createdAt, conversation.resolvedAt)
      if (took !== null) resolution.push(took)
      if (facts.resolvedBy === 'inactivity') abandoned++
      if (facts.firstHumanReplyAt === null && facts.lastAiAnswerAt !== null) {
        withoutPerson++
        // An AI resolution, hard or soft, is the AI's alone: never handed to a person, and the customer
        // asked nothing after its last answer. Hard: they confirmed it. Soft: they did not say it failed
        // ("I need more help") and stayed quiet for a day.
        const quietAfter = facts.lastCustomerMessageAt === null || facts.lastCustomerMessageAt <= facts.lastAiAnswerAt
        const aiAlone = facts.handoffReason === null && facts.humanNeededAt === null && quietAfter
        if (aiAlone && facts.lastAiAnswerOutcome === 'confirmed') hard++
        else if (aiAlone && facts.lastAiAnswerOutcome === null && range.now.getTime() - facts.lastAiAnswerAt.getTime() >= SOFT_RESOLUTION_QUIET_MS) soft++
      }
    }

    const rating = conversation.rating
    if (rating) {
      scoreSum += rating.score
      distribution[rating.score - 1]!++
      if (rating.comment) comments.push({ conversationId: conversation.id, score: rating.score, comment: rating.comment })
    }
  }

  const ratings = distribution.reduce((sum, n) => sum + n, 0)
  return {
    conversations: counted,
    notRecorded,
    perDay: [...perDay].map(([date, count]) => ({ date, count })),
    firstResponse: { person: durations(person), ai: durations(ai) },
    resolution: durations(resolution),
    open,
    resolved,
    abandoned,
    withoutPerson: { count: withoutPerson, hard, soft, shareOfResolved: resolved === 0 ? null : withoutPerson / resolved },
    handoffs,
    satisfaction: { count: ratings, average: ratings === 0 ? null : scoreSum / ratings, distribution, comments: comments.slice(-COMMENTS_SHOWN) },
    busiestHours,
  }
}
