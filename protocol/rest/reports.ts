// Support reports (issue [11b]): a range of local dates in a time zone, for the workspace, a site or an
// agent. The figures and their definitions are server/reports/figures.ts's.
import { Type, type Static } from 'typebox'
import { HandoffReason } from '../enums.ts'
import { Id, Nullable, Strict } from './common.ts'
import { SiteKey } from './sites.ts'

const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A calendar date, YYYY-MM-DD, in the report’s time zone.' })

export const ReportQuery = Strict({
  from: LocalDate,
  to: LocalDate,
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time-zone name, such as Europe/Paris; an unknown one is refused.', example: 'Europe/Paris' }),
  siteKey: Type.Optional(SiteKey),
  agentId: Type.Optional(Id),
})
export type ReportQuery = Static<typeof ReportQuery>

const Durations = Strict({ count: Type.Integer({ minimum: 0 }), medianSeconds: Nullable(Type.Integer()), p90Seconds: Nullable(Type.Integer()) })

export const ReportView = Strict({
  from: LocalDate,
  to: LocalDate,
  timeZone: Type.String(),
  conversations: Type.Integer({ minimum: 0 }),
  notRecorded: Type.Integer({ minimum: 0, description: 'Conversations of the range stored before these facts were: left out of every figure.' }),
  perDay: Type.Array(Strict({ date: LocalDate, count: Type.Integer({ minimum: 0 }) })),
  firstResponse: Strict({ person: Durations, ai: Durations }),
  resolution: Durations,
  open: Type.Integer({ minimum: 0 }),
  resolved: Type.Integer({ minimum: 0 }),
  abandoned: Type.Integer({ minimum: 0 }),
  withoutPerson: Strict({ count: Type.Integer({ minimum: 0 }), hard: Type.Integer({ minimum: 0 }), soft: Type.Integer({ minimum: 0 }), shareOfResolved: Nullable(Type.Number()) }),
  handoffs: Type.Record(HandoffReason, Type.Integer({ minimum: 0 })),
  satisfaction: Strict({
    count: Type.Integer({ minimum: 0 }),
    average: Nullable(Type.Number()),
    distribution: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 5, maxItems: 5 }),
    comments: Type.Array(Strict({ conversationId: Id, score: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.String() })),
  }),
  busiestHours: Type.Array(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 24, maxItems: 24 }), { minItems: 7, maxItems: 7, description: 'Conversations created per weekday (0 = Sunday) and local hour.' }),
})
export type ReportView = Static<typeof ReportView>
