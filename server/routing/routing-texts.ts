// What customers read when routing moves their conversation, kept in one place so that wording (and,
// later, translations) changes here only. Stored as system messages, so a reload shows them again.
export const routingTexts = {
  joined: (agent: string) => `${agent} joined the conversation.`,
  transferred: (from: string, to: string) => `${from} passed the conversation to ${to}.`,
  left: (agent: string) => `${agent} left the conversation. We're finding someone else to help you.`,
  /** Where only the AI answers, nobody else is looked for: the assistant carries on. */
  leftToAssistant: (agent: string) => `${agent} left the conversation. Our assistant will keep helping you.`,
  queued: 'You are in line for the next available person.',
  queuedWhileAiHelps: 'You are in line for the next available person. Our assistant will keep helping you meanwhile.',
  // Nobody online, or outside the site's hours. No promise to write back: nothing reaches a customer
  // who has left, though the conversation keeps its place and its history for when they return.
  queuedWhileAway: "We're away right now. You keep your place in line for the next available person.",
  queuedWhileAwayAiHelps: "We're away right now. You keep your place in line for the next available person, and our assistant will keep helping you meanwhile.",
  /**
   * The one notice a customer gets on joining the queue. When the team is away, a site's own away
   * message replaces Tandem's wording rather than following it: two notices would contradict.
   */
  queueNotice: (aiHelps: boolean, away: boolean, siteAwayMessage: string): string => {
    if (!away) return aiHelps ? routingTexts.queuedWhileAiHelps : routingTexts.queued
    if (siteAwayMessage.trim() !== '') return siteAwayMessage
    return aiHelps ? routingTexts.queuedWhileAwayAiHelps : routingTexts.queuedWhileAway
  },
  resolved: 'This conversation was resolved. Write again any time to reopen it.',
  abandoned: (minutes: number) =>
    `This conversation was closed after ${minutes} minute${minutes === 1 ? '' : 's'} without activity. Write again any time to reopen it.`,
  /** "I need more help" where only the assistant answers: it cannot hand over, so it asks again. */
  askRephrase: "Sorry that didn't help. Could you ask again in other words, with a detail or two more?",
  noPeopleHere: "Sorry, the assistant has no answer to that, and this chat is answered by the assistant only. Try asking in other words.",
  /**
   * The private note that briefs the agent taking over from the assistant. Labelled as the AI's own
   * words: a customer can steer what a model writes, so nothing in it is a verified fact.
   */
  handoffNote: (reason: string, summary: string | undefined) =>
    `Handed over by the assistant (written by the AI, not verified): ${reason}${summary ? `\n\nSummary: ${summary}` : ''}`,
}
