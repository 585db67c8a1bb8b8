// Unsent replies and notes, per agent and conversation, kept in this browser until sent or signed out,
// so a reload, a crash or a look at another conversation loses nothing the agent typed. A draft keeps
// whether it is a private note: a note must never come back as a reply to the customer.
const PREFIX = 'tandem.agent.draft.'

const keyOf = (agentId: string, conversationId: string) => `${PREFIX}${agentId}.${conversationId}`

export interface Draft {
  text: string
  note: boolean
  /** The AI's suggestion it holds, if any (shown marked as the AI's while the text still has it). */
  suggestion: string | null
}

export const EMPTY_DRAFT: Draft = { text: '', note: false, suggestion: null }

export function readDraft(agentId: string, conversationId: string): Draft | null {
  try {
    const stored = localStorage.getItem(keyOf(agentId, conversationId))
    if (stored === null) return null
    const draft = JSON.parse(stored) as Partial<Draft>
    return { text: String(draft.text ?? ''), note: draft.note === true, suggestion: typeof draft.suggestion === 'string' ? draft.suggestion : null }
  } catch {
    return null
  }
}

export function saveDraft(agentId: string, conversationId: string, draft: Draft): void {
  try {
    if (draft.text) localStorage.setItem(keyOf(agentId, conversationId), JSON.stringify(draft))
    else localStorage.removeItem(keyOf(agentId, conversationId))
  } catch {
    // Storage refused (private mode, full): the draft lives as long as the page.
  }
}

/** At sign-out: a shared computer keeps nothing a customer said. */
export function forgetDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key)
  } catch {
    // Nothing to forget where nothing could be kept.
  }
}
