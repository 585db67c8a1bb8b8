// A conversation's facts on SQLite: one column each on the conversation's row (migration 10), so reports
// can aggregate over them in SQL. Times are epoch milliseconds, like every time in this adapter.
import type { FactMoves } from '../conversation-facts.ts'
import type { ConversationFacts } from '../records.ts'
import type { ReportConversation } from '../store.ts'
import type { Row } from './sqlite-rows.ts'

type StoredFact = Exclude<keyof ConversationFacts, 'recorded'>

/** Each fact's column, and whether it holds a time. */
const FACT_COLUMNS: Record<StoredFact, [column: string, time: boolean]> = {
  firstCustomerMessageAt: ['first_customer_message_at', true],
  lastCustomerMessageAt: ['last_customer_message_at', true],
  firstAiReplyAt: ['first_ai_reply_at', true],
  lastAiAnswerAt: ['last_ai_answer_at', true],
  lastAiAnswerSeq: ['last_ai_answer_seq', false],
  lastAiAnswerOutcome: ['last_ai_answer_outcome', false],
  humanNeededAt: ['human_needed_at', true],
  firstHumanReplyAt: ['first_human_reply_at', true],
  handoffReason: ['handoff_reason', false],
  handoffAt: ['handoff_at', true],
  resolvedBy: ['resolved_by', false],
  resolverId: ['resolver_id', false],
}

const FACTS = Object.keys(FACT_COLUMNS) as StoredFact[]

/** The facts from their stored values: `recorded`'s flag, and each fact's column value in FACTS order. */
function factsOf(recorded: unknown, valueOf: (column: string, index: number) => unknown): ConversationFacts {
  const facts = { recorded: recorded === 1 } as Record<string, unknown>
  FACTS.forEach((fact, i) => {
    const [column, time] = FACT_COLUMNS[fact]
    const value = valueOf(column, i) ?? null
    facts[fact] = time && value !== null ? new Date(value as number) : value
  })
  return facts as unknown as ConversationFacts
}

/** The facts of a conversation row. */
export function toFacts(row: Row): ConversationFacts {
  return factsOf(row.facts_recorded, (column) => row[column])
}

/** The columns a report reads of a conversation, in the order reportConversationOf reads them. */
export const REPORT_COLUMNS = ['id', 'site_id', 'status', 'assignee_id', 'rating_score', 'rating_comment', 'created_at', 'resolved_at', 'facts_recorded', ...FACTS.map((fact) => FACT_COLUMNS[fact][0])].join(', ')

const dateOrNull = (value: unknown): Date | null => (value === null ? null : new Date(value as number))

/**
 * A report's conversation from its REPORT_COLUMNS read as an array (better-sqlite3's raw mode): a year
 * of a busy site is 100,000 rows, and arrays cost half what row objects do to read (1 s became 0.4-0.5 s
 * for 100,000 here).
 */
export function reportConversationOf(values: unknown[]): ReportConversation {
  return {
    id: values[0] as string,
    siteId: values[1] as string,
    status: values[2] as ReportConversation['status'],
    assigneeId: values[3] as string | null,
    rating: values[4] === null ? null : { score: values[4] as number, comment: values[5] as string | null },
    createdAt: new Date(values[6] as number),
    resolvedAt: dateOrNull(values[7]),
    facts: factsOf(values[8], (_column, i) => values[9 + i]),
  }
}

/** The columns of these facts, as a row's fields; `recorded` becomes facts_recorded when given. */
export function factColumns(facts: Partial<ConversationFacts>): Row {
  const row: Row = {}
  if (facts.recorded !== undefined) row.facts_recorded = facts.recorded ? 1 : 0
  for (const fact of FACTS) {
    if (!(fact in facts)) continue
    const [column, time] = FACT_COLUMNS[fact]
    const value = facts[fact] ?? null
    row[column] = time && value !== null ? (value as Date).getTime() : value
  }
  return row
}

/**
 * `column = …` assignments writing the moves, for an UPDATE of the conversation row, with their
 * parameters (each named after its column). `answerSeq` is the SQL giving the answer's seq: a
 * parameter, or `last_seq + 1` in the statement that takes the seq.
 */
export function moveAssignments(moves: FactMoves, answerSeq: string): { sql: string[]; params: Row } {
  const sql: string[] = []
  const params: Row = {}
  // SQLite's min() and max() of a NULL are NULL: a fact not set yet takes the new time.
  for (const [fact, at] of Object.entries(moves.earliest)) {
    const [column] = FACT_COLUMNS[fact as StoredFact]
    params[column] = at.getTime()
    sql.push(`${column} = min(coalesce(${column}, @${column}), @${column})`)
  }
  for (const [fact, at] of Object.entries(moves.latest)) {
    const [column] = FACT_COLUMNS[fact as StoredFact]
    params[column] = at.getTime()
    sql.push(`${column} = max(coalesce(${column}, @${column}), @${column})`)
  }
  if (moves.answerAt) {
    params.last_ai_answer_at = moves.answerAt.getTime()
    sql.push('last_ai_answer_at = @last_ai_answer_at', `last_ai_answer_seq = ${answerSeq}`, 'last_ai_answer_outcome = NULL')
  }
  return { sql, params }
}
