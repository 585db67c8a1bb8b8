// Reading a conversation the way a responder needs it: what the customer is asking now.
import type { Message } from '../store/records.ts'
import { QUESTION_MAX_CHARS } from '../../protocol/limits.ts'

/**
 * At most this many of the customer's latest unanswered messages make the question: enough for a
 * question split over a few lines, while a conversation nobody answers (a handoff waiting in the
 * queue) cannot grow a question that every new message searches again.
 */
export const QUESTION_MAX_MESSAGES = 3
/** And at most QUESTION_MAX_CHARS characters of them (protocol/limits.ts), the latest kept. */
export { QUESTION_MAX_CHARS }

/**
 * What the customer is asking now: their messages since anyone last answered them, joined, the
 * latest QUESTION_MAX_MESSAGES of them and the last QUESTION_MAX_CHARS characters of those.
 */
export function openQuestion(history: readonly Message[]): string {
  const asked: string[] = []
  for (let i = history.length - 1; i >= 0 && asked.length < QUESTION_MAX_MESSAGES; i--) {
    const message = history[i] as Message
    if (message.kind === 'system') continue
    if (message.kind !== 'customer') break
    asked.unshift(message.text)
  }
  return lastChars(asked.join('\n'), QUESTION_MAX_CHARS)
}

/**
 * What the customer asked before the open question: their messages of the turn before it (after
 * which someone answered), joined, cut so that with the open question it stays within
 * QUESTION_MAX_CHARS. Empty when the open question is their first.
 */
export function previousQuestion(history: readonly Message[]): string {
  let i = history.length - 1
  let open = 0
  for (; i >= 0; i--) {
    const kind = (history[i] as Message).kind
    if (kind === 'customer') open += (history[i] as Message).text.length + 1
    else if (kind !== 'system') break
  }
  for (; i >= 0 && (history[i] as Message).kind !== 'customer'; i--);
  const asked: string[] = []
  for (; i >= 0 && asked.length < QUESTION_MAX_MESSAGES; i--) {
    const message = history[i] as Message
    if (message.kind === 'system') continue
    if (message.kind !== 'customer') break
    asked.unshift(message.text)
  }
  return lastChars(asked.join('\n'), Math.max(0, QUESTION_MAX_CHARS - open))
}

/** The end of `text`, at most `max` UTF-16 units, never starting on the second half of a surrogate pair. */
function lastChars(text: string, max: number): string {
  if (text.length <= max) return text
  const start = text.length - max
  const code = text.charCodeAt(start)
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? start + 1 : start)
}

/** "Talk to a person", in the words customers use for it. */
const WANTS_PERSON = /\b(human|real person|a person|someone real|live agent|an agent|representative|operator|customer service rep|talk to (a|an|some)(one|body)?|speak (to|with) (a|an|some)(one|body)?)\b/i

export const asksForPerson = (text: string): boolean => WANTS_PERSON.test(text)

/** Only a greeting or thanks, with no question in it. */
const SMALL_TALK = /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|thanks?( you)?( so much| a lot)?|thx|ty|cheers|ok(ay)?|great|perfect|bye|goodbye)[\s!.,?]*$/i

export const isSmallTalk = (text: string): boolean => SMALL_TALK.test(text)
