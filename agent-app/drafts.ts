// Unsent replies, per agent and conversation, kept in this browser until sent or signed out, so a
// reload, a crash or a look at another conversation loses nothing the agent typed.
const PREFIX = 'tandem.agent.draft.'

const keyOf = (agentId: string, conversationId: string) => `${PREFIX}${agentId}.${conversationId}`

export function readDraft(agentId: string, conversationId: string): string {
  try {
    return localStorage.getItem(keyOf(agentId, conversationId)) ?? ''
  } catch {
    return ''
  }
}

export function saveDraft(agentId: string, conversationId: string, text: string): void {
  try {
    if (text) localStorage.setItem(keyOf(agentId, conversationId), text)
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
