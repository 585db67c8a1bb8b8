// Tells the people concerned what routing did: a `routing` frame to the customer and the agents, the
// changed conversation to the agents (their inbox), and a system message the customer keeps in the
// transcript. Queue positions are live only (`queue` frames), never stored.
import type { RoutingEvent } from '../../protocol/enums.ts'
import type { AgentBadge } from '../../protocol/frames.ts'
import type { Delivery } from '../realtime/deliver.ts'
import type { Agent, Conversation } from '../store/records.ts'
import type { NewMessage, Store } from '../store/store.ts'
import type { SystemNotice } from './notices.ts'

const badge = (agent: Agent | null): AgentBadge | null => (agent ? { id: agent.id, name: agent.name } : null)

export interface Announcements {
  event(conversation: Conversation, event: RoutingEvent, agent: Agent | null, previousAgent?: Agent | null): Promise<void>
  /** A public system message in the transcript. */
  say(conversation: Conversation, said: SystemNotice): Promise<void>
  /** A private note for agents (the brief a handoff or a transfer leaves), by an agent or by Tandem. */
  note(conversation: Conversation, text: string, author: Agent | null): Promise<void>
}

export function announcements(store: Store, deliver: Delivery): Announcements {
  async function append(conversation: Conversation, input: Omit<NewMessage, 'conversationId'>) {
    const stored = await store.appendMessage(conversation.workspaceId, { conversationId: conversation.id, ...input })
    if (stored) await deliver.message(conversation, stored.message)
  }

  /** The changed conversation, to agents (their inbox) and its customer (who also shows its state). */
  const changed = (conversation: Conversation) => deliver.changed(conversation)

  return {
    async event(conversation, event, agent, previousAgent = null) {
      await changed(conversation)
      await deliver.toEveryone(conversation, {
        type: 'routing',
        conversationId: conversation.id,
        event,
        agent: badge(agent),
        previousAgent: badge(previousAgent),
      })
    },
    say: (conversation, { text, notice }) => append(conversation, { kind: 'system', text, notice }),
    note: (conversation, text, author) => append(conversation, { kind: 'note', text, authorId: author?.id ?? null, authorName: author?.name ?? null }),
  }
}
