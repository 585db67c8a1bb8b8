// A resolved conversation opening again: when its customer writes, or when an agent answers in it.
// Both run before the message is stored, so the message lands in an open conversation, and both tell
// the customer and the agents (a `routing` frame 'reopened' naming who holds it now).
import { TandemError } from '../errors.ts'
import type { Agent, Conversation } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { canTakeMore } from './agent-choice.ts'
import type { Announcements } from './announcements.ts'
import type { Move } from './conversation-move.ts'

export interface ReopenDeps {
  store: Store
  move: Move
  tell: Announcements
  now: () => Date
}

export function reopening({ store, move, tell, now }: ReopenDeps) {
  return {
    /**
     * Before a customer's message is stored: a resolved conversation opens again, with its previous
     * agent when they can take it, else for routing like a new one.
     */
    async reopenIfResolved(conversation: Conversation): Promise<Conversation> {
      if (conversation.status !== 'resolved') return conversation
      const previous = conversation.assigneeId === null ? null : await store.getAgent(conversation.workspaceId, conversation.assigneeId)
      const keep = previous !== null && canTakeMore(previous, await store.countOpenByAssignee(conversation.workspaceId))
      let moved = await move(conversation, (c) => {
        if (c.status !== 'resolved') return null
        return keep && c.assigneeId === previous.id ? { status: 'open' } : { status: 'open', assigneeId: null, queuedAt: null }
      })
      if (!moved.before) return moved.conversation
      // Two of the agent's conversations reopening at once may each have seen the last place free.
      if (moved.conversation.assigneeId !== null && previous) {
        const load = (await store.countOpenByAssignee(conversation.workspaceId)).get(previous.id) ?? 0
        if (load > previous.capacity) {
          const handedBack = await move(moved.conversation, (c) => (c.status === 'open' && c.assigneeId === previous.id ? { assigneeId: null, queuedAt: null } : null))
          if (handedBack.before) moved = { conversation: handedBack.conversation, before: moved.before }
        }
      }
      const holder = moved.conversation.assigneeId === null ? null : previous
      await tell.event(moved.conversation, 'reopened', holder)
      return moved.conversation
    },

    /**
     * Before an agent's reply to a resolved conversation is stored: it opens again with them holding
     * it, if they held it or nobody did (then it is theirs, as a take would make it). Capacity does
     * not stop it, as it does not stop a take: they chose to write, and the conversation counts for
     * them from now on. A colleague's resolved conversation stays theirs (ERR_ACCESS_NOT_ASSIGNEE).
     */
    async agentReopens(agent: Agent, conversation: Conversation): Promise<Conversation> {
      const mayHold = (c: Conversation) => c.assigneeId === null || c.assigneeId === agent.id
      const moved = await move(conversation, (c) => {
        if (c.status !== 'resolved') return null
        if (!mayHold(c)) throw new TandemError('ERR_ACCESS_NOT_ASSIGNEE')
        // Taken up by a person: needed from now, if no person was before (the first time counts).
        return { status: 'open', assigneeId: agent.id, queuedAt: null, humanNeededAt: now() }
      })
      if (!moved.before) {
        // Reopened meanwhile (the customer wrote): the agent answers only if it is theirs now.
        if (moved.conversation.assigneeId !== agent.id) throw new TandemError('ERR_ACCESS_NOT_ASSIGNEE')
        return moved.conversation
      }
      if (moved.before.assigneeId === null) await store.updateAgent(agent.workspaceId, agent.id, { lastAssignedAt: now() })
      await tell.event(moved.conversation, 'reopened', agent)
      return moved.conversation
    },
  }
}
