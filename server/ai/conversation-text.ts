// Reading a conversation the way a responder needs it: what the customer is asking now.
import type { Message } from '../store/records.ts'

/** The customer's messages since anyone last answered them, joined: the question to answer now. */
export function openQuestion(history: readonly Message[]): string {
  const asked: string[] = []
  for (let i = history.length - 1; i >= 0; i--) {
    const message = history[i] as Message
    if (message.kind === 'system') continue
    if (message.kind !== 'customer') break
    asked.unshift(message.text)
  }
  return asked.join('\n')
}

/** "Talk to a person", in the words customers use for it. */
const WANTS_PERSON = /\b(human|real person|a person|someone real|live agent|an agent|representative|operator|customer service rep|talk to (a|an|some)(one|body)?|speak (to|with) (a|an|some)(one|body)?)\b/i

export const asksForPerson = (text: string): boolean => WANTS_PERSON.test(text)

/** Only a greeting or thanks, with no question in it. */
const SMALL_TALK = /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|thanks?( you)?( so much| a lot)?|thx|ty|cheers|ok(ay)?|great|perfect|bye|goodbye)[\s!.,?]*$/i

export const isSmallTalk = (text: string): boolean => SMALL_TALK.test(text)
