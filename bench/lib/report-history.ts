// A busy site's year of support for the reports benchmark, begun as a few dozen template conversations
// written through the Store's own writes at the instants given (as test/helpers/report-dataset.ts
// writes its stories), so their facts come from the same code that records them live. report-clones.ts
// then copies them across the year. Deterministic: the same templates and the same year on every run
// and on every store.
import type { AnswerOutcome, HandoffReason } from '../../protocol/enums.ts'
import type { Store } from '../../server/store/store.ts'

/** The day every template is created on (UTC); clones are shifted whole days (and up to an hour) from it. */
export const TEMPLATE_DAY_MS = Date.parse('2025-12-01T00:00:00Z')

/** A deterministic PRNG (mulberry32), so every run and every store gets the same year. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What happened in one conversation, in seconds after its creation. */
interface Story {
  aiAt?: number
  outcome?: AnswerOutcome
  /** A person needed from the start (human-first). */
  humanFirst?: boolean
  handoff?: { reason: HandoffReason; at: number }
  takenAt?: number
  agentReplyAt?: number
  resolved?: { by: 'agent' | 'inactivity'; at: number }
  rating?: { score: number; comment: string | null }
}

type Random = () => number
const between = (random: Random, min: number, max: number) => Math.round(min + random() * (max - min))
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

// Some with commas, quotes, a line break or a leading "=", as customers write: the CSV must quote them.
const GOOD = ['Quick and right', 'Solved in a minute, thanks', 'Very helpful', '"Just works" now']
const BAD = ['Took too long', 'Had to explain it twice,\nthen waited', '=HYPERLINK("x") no answer', 'Not what I asked']

/** A rating on about a third of the conversations, better when they went well; undefined for none. */
function rating(random: Random, happy: boolean): Story['rating'] {
  if (random() > 0.35) return undefined
  const score = happy ? between(random, 4, 5) : between(random, 1, 3)
  return { score, comment: random() < 0.5 ? pick(random, happy ? GOOD : BAD) : null }
}

/** A handoff after the AI's answer: a person takes it, answers, resolves it. */
function handedOff(random: Random, reason: HandoffReason, ai: boolean): Story {
  const aiAt = ai ? between(random, 2, 12) : undefined
  const at = (aiAt ?? 0) + between(random, 5, 300)
  const takenAt = at + between(random, 20, 900)
  const agentReplyAt = takenAt + between(random, 10, 240)
  return { ...(aiAt === undefined ? {} : { aiAt }), handoff: { reason, at }, takenAt, agentReplyAt, resolved: { by: 'agent', at: agentReplyAt + between(random, 120, 7200) }, rating: rating(random, random() < 0.7) }
}

/**
 * The kinds of conversation of a site that answers with AI first, and how many templates of each:
 * since clones take the templates in turn, these counts are the shares of the year (of 40: 40 % the
 * AI's own, 35 % handed to a person, 15 % human-first, 10 % still open).
 */
const KINDS: { name: string; templates: number; story: (random: Random) => Story }[] = [
  { name: 'AI answer, confirmed', templates: 8, story: (r) => ({ aiAt: between(r, 2, 10), outcome: 'confirmed', resolved: { by: 'agent', at: between(r, 300, 3600) }, rating: rating(r, true) }) },
  { name: 'AI answer, then quiet: swept', templates: 8, story: (r) => ({ aiAt: between(r, 2, 10), resolved: { by: 'inactivity', at: 3600 + between(r, 0, 86_400) } }) },
  { name: 'AI unsure', templates: 4, story: (r) => handedOff(r, 'ai_unsure', true) },
  { name: 'customer asked for a person', templates: 4, story: (r) => handedOff(r, 'customer_asked', true) },
  { name: 'more help, then a person', templates: 2, story: (r) => ({ ...handedOff(r, 'customer_asked', true), outcome: 'more_help' }) },
  { name: 'model decided', templates: 2, story: (r) => handedOff(r, 'model_decided', true) },
  { name: 'AI failure', templates: 1, story: (r) => handedOff(r, 'ai_failure', false) },
  { name: 'AI limit', templates: 1, story: (r) => handedOff(r, 'limit', false) },
  {
    name: 'human-first, answered',
    templates: 4,
    story: (r) => {
      const takenAt = between(r, 10, 600)
      const agentReplyAt = takenAt + between(r, 10, 300)
      return { humanFirst: true, takenAt, agentReplyAt, resolved: { by: 'agent', at: agentReplyAt + between(r, 300, 5400) }, rating: rating(r, r() < 0.6) }
    },
  },
  {
    // The sweep leaves a queued conversation alone: a human-first one is abandoned once a person has answered.
    name: 'human-first, answered, then quiet: swept',
    templates: 2,
    story: (r) => {
      const takenAt = between(r, 10, 600)
      const agentReplyAt = takenAt + between(r, 10, 300)
      return { humanFirst: true, takenAt, agentReplyAt, resolved: { by: 'inactivity', at: agentReplyAt + 3600 + between(r, 0, 7200) } }
    },
  },
  { name: 'waiting for a person', templates: 2, story: (r) => ({ aiAt: between(r, 2, 10), handoff: { reason: 'customer_asked', at: between(r, 30, 300) } }) },
  { name: 'held by a person, open', templates: 2, story: (r) => ({ ...handedOff(r, 'ai_unsure', true), resolved: undefined, rating: undefined }) },
]

/** Seconds into the template day: mostly office hours, some at night, never past 22:59 (so a clone stays in its UTC day). */
function startSecond(random: Random): number {
  const hour = random() < 0.15 ? between(random, 0, 22) : between(random, 8, 20)
  return hour * 3600 + between(random, 0, 3599)
}

export interface HistoryPeople {
  siteId: string
  /** The agents who take handed-off conversations, in turn. */
  agentIds: string[]
}

/** Writes the templates into the workspace, each as its own visitor's conversation; returns how many. */
export async function writeTemplates(store: Store, workspaceId: string, people: HistoryPeople): Promise<number> {
  const random = seededRandom(2026)
  let written = 0
  for (const kind of KINDS) {
    for (let i = 0; i < kind.templates; i++) {
      const agentId = people.agentIds[written % people.agentIds.length]!
      await writeStory(store, workspaceId, { siteId: people.siteId, agentId, index: written, start: TEMPLATE_DAY_MS + startSecond(random) * 1000 }, kind.story(random))
      written++
    }
  }
  return written
}

/** One story through the Store, step by step, each at its own instant. */
async function writeStory(store: Store, workspaceId: string, where: { siteId: string; agentId: string; index: number; start: number }, story: Story): Promise<void> {
  const at = (seconds: number) => new Date(where.start + seconds * 1000)
  const visitor = await store.createVisitor(workspaceId, { siteId: where.siteId, tokenHash: `report-bench-${where.index}-${workspaceId}`, name: `Customer ${where.index + 1}` })
  let conversation = await store.createConversation(workspaceId, { siteId: where.siteId, visitorId: visitor.id, createdAt: at(0), ...(story.humanFirst ? { humanNeededAt: at(0), queuedAt: at(0) } : {}) })
  const write = (kind: 'customer' | 'ai' | 'agent', seconds: number, authorId: string | null) =>
    store.appendMessage(workspaceId, { conversationId: conversation.id, kind, authorId, text: `A ${kind} message`, createdAt: at(seconds), ...(kind === 'ai' ? { status: 'complete' as const } : {}) })
  const move = async (change: Parameters<Store['transitionConversation']>[3]) => {
    const moved = await store.transitionConversation(workspaceId, conversation.id, conversation.revision, change)
    if (!moved?.won) throw new Error(`report template ${where.index} did not move`)
    conversation = moved.conversation
  }

  await write('customer', 0, visitor.id)
  if (story.aiAt !== undefined) {
    const answer = await write('ai', story.aiAt, null)
    if (story.outcome) await store.updateMessage(workspaceId, conversation.id, answer!.message.seq, { outcome: story.outcome })
  }
  if (story.handoff) await move({ queuedAt: at(story.handoff.at), humanNeededAt: at(story.handoff.at), handoff: { reason: story.handoff.reason, at: at(story.handoff.at) }, at: at(story.handoff.at) })
  if (story.takenAt !== undefined) await move({ assigneeId: where.agentId, queuedAt: null, at: at(story.takenAt) })
  if (story.agentReplyAt !== undefined) await write('agent', story.agentReplyAt, where.agentId)
  if (story.resolved) {
    const by = story.resolved.by === 'inactivity' ? { by: 'inactivity' as const, agentId: null } : { by: 'agent' as const, agentId: where.agentId }
    await move({ status: 'resolved', resolvedBy: by, at: at(story.resolved.at) })
  }
  if (story.rating) await store.updateConversation(workspaceId, conversation.id, { rating: story.rating })
}
