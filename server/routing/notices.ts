// The system messages routing writes into a transcript: each one's code and parameters, which clients
// word in their own locale, and Tandem's English text, stored for clients that do not know the code.
import type { Notice } from '../store/records.ts'
import { routingTexts } from './routing-texts.ts'

export interface SystemNotice {
  notice: Notice
  text: string
}

const said = (code: Notice['code'], text: string, params: Record<string, string> = {}): SystemNotice => ({ notice: { code, params }, text })

export const notices = {
  joined: (agent: string) => said('agent_joined', routingTexts.joined(agent), { agent }),
  transferred: (from: string, to: string) => said('transferred', routingTexts.transferred(from, to), { from, to }),
  left: (agent: string) => said('agent_left', routingTexts.left(agent), { agent }),
  leftToAssistant: (agent: string) => said('agent_left_to_assistant', routingTexts.leftToAssistant(agent), { agent }),
  /** The one notice on joining the queue; a site's own away message replaces Tandem's wording. */
  queued(aiHelps: boolean, away: boolean, siteAwayMessage: string): SystemNotice {
    const text = routingTexts.queueNotice(aiHelps, away, siteAwayMessage)
    if (!away) return said(aiHelps ? 'queued_ai_helps' : 'queued', text)
    if (siteAwayMessage.trim() !== '') return said('away_message', text)
    return said(aiHelps ? 'queued_away_ai_helps' : 'queued_away', text)
  },
  resolved: () => said('resolved', routingTexts.resolved),
  abandoned: (minutes: number) => said('abandoned', routingTexts.abandoned(minutes), { minutes: String(minutes) }),
  noPeopleHere: () => said('no_people_here', routingTexts.noPeopleHere),
  askRephrase: () => said('ask_rephrase', routingTexts.askRephrase),
}
