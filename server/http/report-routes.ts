// Support reports for admins: the figures of a range of local dates in a time zone, for the workspace,
// one site or one agent, as JSON or CSV, and the conversations behind them as CSV. The conversations
// are read by the instants the local range covers and the figures computed from their stored facts
// (server/reports/figures.ts holds the definitions).
import { Readable } from 'node:stream'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { REPORT_DAYS_MAX } from '../../protocol/limits.ts'
import { ReportQuery, ReportView } from '../../protocol/rest/reports.ts'
import { TandemError } from '../errors.ts'
import { localParts, nextDate } from '../reports/calendar.ts'
import { csv, csvChunks, type CsvValue } from '../reports/csv.ts'
import { HANDOFF_REASONS, reportFigures, type ReportFigures } from '../reports/figures.ts'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { ReportConversation } from '../store/store.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { siteOfWorkspace } from './site-routes.ts'

export const REPORTS_PER_ADMIN_PER_MINUTE = 30
/** The most conversations one report reads: a year of a busy site, twice over. */
export const REPORT_CONVERSATIONS_MAX = 200_000

const CsvText = Type.String({ description: 'CSV (RFC 4180, CRLF); cells that would start a formula begin with an apostrophe.' })

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 422: ErrorBodySchema, 429: ErrorBodySchema }

const DAY_MS = 86_400_000
/** Local days in some zone start up to 14 h before or after UTC's: a window this much wider holds them all. */
const ZONE_SPREAD_MS = 15 * 3600_000

/** The zone's canonical name (Intl accepts any letter case), or ERR_REQUEST_INVALID. */
function zoneOf(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone
  } catch {
    throw new TandemError('ERR_REQUEST_INVALID', 'Invalid query: timeZone is not a known IANA time zone.')
  }
}

/** Checked before anything is built from them: a range is a count of days, worked out, not listed. */
function checkRange(query: ReportQuery): void {
  const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`)
  const real = (date: string) => date >= '2000-01-01' && date <= '2999-12-31' && !Number.isNaN(dayOf(date)) && new Date(dayOf(date)).toISOString().startsWith(date)
  if (!real(query.from) || !real(query.to)) throw new TandemError('ERR_REQUEST_INVALID', 'Invalid query: from and to must be real calendar dates, from 2000 to 2999.')
  if (query.from > query.to) throw new TandemError('ERR_REQUEST_INVALID', 'Invalid query: from is after to.')
  if ((dayOf(query.to) - dayOf(query.from)) / DAY_MS + 1 > REPORT_DAYS_MAX) throw new TandemError('ERR_REQUEST_INVALID', `Invalid query: a report covers at most ${REPORT_DAYS_MAX} days.`)
}

const iso = (date: Date | null) => (date ? date.toISOString() : null)
const seconds = (from: Date | null, to: Date | null) => (from && to && to >= from ? Math.round((to.getTime() - from.getTime()) / 1000) : null)

export function reportRoutes(ctx: ApiContext) {
  const { store } = ctx

  // A workspace's reports read one at a time: a year's read is 100,000 conversations (half a second of
  // the database, and their memory), and the admins of one workspace asking together would read as many
  // at once. Each read's figures are made, or its CSV streamed, after its turn.
  const oneAtATime = new KeyedLock()

  /** The conversations a report covers: created on its local days, of its site and agent if given. */
  function conversationsOf(workspaceId: string, asked: ReportQuery): Promise<{ query: ReportQuery; conversations: ReportConversation[] }> {
    checkRange(asked)
    const query = { ...asked, timeZone: zoneOf(asked.timeZone) }
    return oneAtATime.run(workspaceId, async () => {
      const site = query.siteKey ? await siteOfWorkspace(store, workspaceId, query.siteKey) : null
      if (query.agentId && !(await store.getAgent(workspaceId, query.agentId))) throw new TandemError('ERR_AGENT_NOT_FOUND')
      // Read a little wide of the local days (where a daylight-saving change falls at midnight, a day's
      // start is not simply its midnight), then keep the conversations of the local dates only.
      const from = new Date(Date.parse(`${query.from}T00:00:00Z`) - ZONE_SPREAD_MS)
      const to = new Date(Date.parse(`${nextDate(query.to)}T00:00:00Z`) + ZONE_SPREAD_MS)
      const read = await store.listConversationsCreated(workspaceId, { from, to, ...(site ? { siteId: site.id } : {}), limit: REPORT_CONVERSATIONS_MAX + 1 })
      if (read.length > REPORT_CONVERSATIONS_MAX) throw new TandemError('ERR_REPORT_TOO_LARGE')
      const onLocalDays = (c: ReportConversation) => {
        const date = localParts(c.createdAt, query.timeZone).date
        return date >= query.from && date <= query.to
      }
      // An agent's report: the conversations they held or resolved last.
      const ofAgent = (c: ReportConversation) => !query.agentId || c.assigneeId === query.agentId || c.facts.resolverId === query.agentId
      return { query, conversations: read.filter((c) => onLocalDays(c) && ofAgent(c)) }
    })
  }

  async function figuresOf(workspaceId: string, asked: ReportQuery): Promise<ReportFigures> {
    const { query, conversations } = await conversationsOf(workspaceId, asked)
    return reportFigures(conversations, { from: query.from, to: query.to, timeZone: query.timeZone, now: new Date() })
  }

  return async function register(app: Api) {
    const perAdmin = app.rateLimit({ max: REPORTS_PER_ADMIN_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `reports:${request.agentAuth?.agent.id ?? request.ip}` })
    const guards = { preHandler: [ctx.requireAdmin, perAdmin] }

    app.get(
      '/v1/reports/summary',
      { schema: { tags: ['reports'], summary: 'Support figures for a range of local dates (admin): volume, response and resolution times, AI resolutions, handoffs, satisfaction, busiest hours', querystring: ReportQuery, response: { 200: ReportView, ...errors } }, ...guards },
      async (request) => ({ from: request.query.from, to: request.query.to, timeZone: zoneOf(request.query.timeZone), ...(await figuresOf(callerOf(request).agent.workspaceId, request.query)) }),
    )

    app.get(
      '/v1/reports/summary.csv',
      { schema: { tags: ['reports'], summary: 'The summary figures as CSV (admin): one row per day, then the totals', querystring: ReportQuery, produces: ['text/csv'], response: { 200: CsvText, ...errors } }, ...guards },
      async (request, reply) => {
        const figures = await figuresOf(callerOf(request).agent.workspaceId, request.query)
        const rows = figures.perDay.map((day) => ['day', day.date, day.count])
        const totals: [string, string, number | null][] = [
          ['total', 'conversations', figures.conversations],
          ['total', 'not recorded', figures.notRecorded],
          ['total', 'open', figures.open],
          ['total', 'resolved', figures.resolved],
          ['total', 'abandoned', figures.abandoned],
          ['total', 'resolved without a person', figures.withoutPerson.count],
          ['total', 'hard AI resolutions', figures.withoutPerson.hard],
          ['total', 'soft AI resolutions', figures.withoutPerson.soft],
          ['seconds', 'first response by a person, median', figures.firstResponse.person.medianSeconds],
          ['seconds', 'first response by a person, p90', figures.firstResponse.person.p90Seconds],
          ['seconds', 'first response by the AI, median', figures.firstResponse.ai.medianSeconds],
          ['seconds', 'first response by the AI, p90', figures.firstResponse.ai.p90Seconds],
          ['seconds', 'resolution, median', figures.resolution.medianSeconds],
          ['seconds', 'resolution, p90', figures.resolution.p90Seconds],
          ...HANDOFF_REASONS.map((reason): [string, string, number] => ['handoffs', reason, figures.handoffs[reason]]),
          ['ratings', 'count', figures.satisfaction.count],
          ['ratings', 'average', figures.satisfaction.average],
          ...figures.satisfaction.distribution.map((n, i): [string, string, number] => ['ratings', `${i + 1} stars`, n]),
        ]
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="tandem-report-${request.query.from}-${request.query.to}.csv"`)
          .send(csv(['kind', 'name', 'value'], [...rows, ...totals]))
      },
    )

    app.get(
      '/v1/reports/conversations.csv',
      { schema: { tags: ['reports'], summary: 'The conversations behind a report, one row each, as CSV (admin)', querystring: ReportQuery, produces: ['text/csv'], response: { 200: CsvText, ...errors } }, ...guards },
      async (request, reply) => {
        const { conversations } = await conversationsOf(callerOf(request).agent.workspaceId, request.query)
        const rowOf = (c: ReportConversation): CsvValue[] => {
          const f = c.facts
          return [
            c.id,
            c.siteId,
            iso(c.createdAt),
            c.status,
            // A reopened conversation's last resolve is not how it stands now.
            c.status === 'resolved' ? iso(c.resolvedAt) : null,
            c.status === 'resolved' ? f.resolvedBy : null,
            c.status === 'resolved' ? f.resolverId : null,
            seconds(f.humanNeededAt, f.firstHumanReplyAt),
            seconds(f.firstCustomerMessageAt, f.firstAiReplyAt),
            c.resolvedAt ? seconds(c.createdAt, c.resolvedAt) : null,
            f.handoffReason,
            f.firstHumanReplyAt === null,
            f.lastAiAnswerOutcome,
            c.rating?.score ?? null,
            c.rating?.comment ?? null,
          ]
        }
        const header = ['conversation', 'site', 'created', 'status', 'resolved', 'resolved by', 'resolver', 'first response by a person (s)', 'first response by the AI (s)', 'resolution (s)', 'handoff reason', 'no person answered', 'last AI answer', 'rating', 'comment']
        const recorded = conversations.filter((c) => c.facts.recorded)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="tandem-conversations-${request.query.from}-${request.query.to}.csv"`)
          // Streamed (a year's is ~17 MB); the schema's string is what it holds, for the API's documents.
          .send(Readable.from(csvChunks(header, recorded, rowOf)) as unknown as string)
      },
    )
  }
}
