// A conversation's facts on MongoDB: the `facts` subdocument (mongo-documents.ts, ConversationDoc), moved
// by update operators that need no read first, so they ride in the update that belongs to them.
import type { Document } from 'mongodb'
import type { FactMoves } from '../conversation-facts.ts'
import type { ConversationFacts } from '../records.ts'

/** The fields of `facts`, as paths an update can name. */
const path = (fact: keyof ConversationFacts) => `facts.${fact}`

/**
 * The update operators writing the moves: $min keeps a first time (an absent fact takes any), $max a
 * last one, $set the latest answer with its seq. An operator with nothing to do is left out.
 */
export function factUpdate(moves: FactMoves, answerSeq: number): { $min?: Document; $max?: Document; $set?: Document } {
  const $min: Document = {}
  const $max: Document = {}
  const $set: Document = {}
  for (const [fact, at] of Object.entries(moves.earliest)) $min[path(fact as keyof ConversationFacts)] = at
  for (const [fact, at] of Object.entries(moves.latest)) $max[path(fact as keyof ConversationFacts)] = at
  if (moves.answerAt) {
    $set[path('lastAiAnswerAt')] = moves.answerAt
    $set[path('lastAiAnswerSeq')] = answerSeq
    $set[path('lastAiAnswerOutcome')] = null
  }
  const update: { $min?: Document; $max?: Document; $set?: Document } = {}
  if (Object.keys($min).length > 0) update.$min = $min
  if (Object.keys($max).length > 0) update.$max = $max
  if (Object.keys($set).length > 0) update.$set = $set
  return update
}

/** `$set` paths for facts a transition writes (null included: a resolver replaced by none). */
export function factFields(facts: Partial<ConversationFacts>): Document {
  const fields: Document = {}
  for (const [fact, value] of Object.entries(facts)) fields[path(fact as keyof ConversationFacts)] = value
  return fields
}
