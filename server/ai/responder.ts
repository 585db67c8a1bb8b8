// The Responder port: whatever writes the AI's side of a conversation (design.md, AI). An adapter
// reads the request and yields what it has to say as it goes; it never touches the Store or a socket.
// ai-turns.ts streams its text to the customer and acts on a handoff.
import type { HandoffReason } from '../../protocol/enums.ts'
import type { Citation, Conversation, Message, Site } from '../store/records.ts'

export interface ResponderRequest {
  site: Site
  conversation: Conversation
  /** The conversation's latest public messages, oldest first; the customer's latest is the last but routing's notices. */
  history: readonly Message[]
  /**
   * What the customer is asking now (conversation-text.ts `openQuestion`): their latest unanswered
   * messages, bounded in number and length, so no conversation makes a responder's work unbounded.
   */
  question: string
  /** Aborted when a person takes the conversation over (or the server stops): stop generating. */
  signal: AbortSignal
}

export type ResponderEvent =
  /** More answer text, as it is generated. */
  | { type: 'text'; delta: string }
  /** The help articles the answer rests on. */
  | { type: 'citations'; citations: Citation[] }
  /**
   * A person should take over: the customer asked, the responder cannot answer well enough, or the
   * model decided so. `reason` says it to the agent, `code` classifies it for reports; `summary` briefs
   * the agent, so the customer never has to repeat themselves.
   */
  | { type: 'handoff'; code: HandoffReason; reason: string; summary?: string }

export interface Responder {
  /** For logs and the start-up banner. */
  readonly name: string
  respond(request: ResponderRequest): AsyncIterable<ResponderEvent>
}
