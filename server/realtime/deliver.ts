// Who hears about what happens in a conversation: every agent of its workspace, and the customer's
// tabs and devices unless it is internal. One place, so the message path, AI answers and routing
// address people the same way.
import type { ServerFrame } from '../../protocol/frames.ts'
import { conversationView, messageView } from '../http/views.ts'
import type { Conversation, Message, Visitor } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { topics, type Bus } from './bus.ts'
import { customerOf } from './conversation-access.ts'
import { inboxSummaries } from './summaries.ts'

export interface Delivery {
  /** To agents only. */
  toAgents(conversation: Conversation, frame: ServerFrame): void
  /** To the conversation's customer only. */
  toCustomer(conversation: Conversation, frame: ServerFrame): Promise<void>
  /** To agents and the customer. */
  toEveryone(conversation: Conversation, frame: ServerFrame): Promise<void>
  /**
   * A stored (or finished) message: to agents, and to the customer when it is public (`customer` when
   * already read). The agents' inbox summary follows.
   */
  message(conversation: Conversation, message: Message, customer?: Visitor): Promise<void>
  /** The conversation was opened or moved: the `conversation` frame to agents and its customer, and the inbox summary. */
  changed(conversation: Conversation): Promise<void>
}

export function delivery(store: Store, bus: Bus): Delivery {
  const inbox = inboxSummaries(store, bus)
  const toAgents = (conversation: Conversation, frame: ServerFrame) =>
    bus.publish(topics.agents(conversation.workspaceId), { kind: 'frame', frame })

  async function toCustomer(conversation: Conversation, frame: ServerFrame, known?: Visitor) {
    const customer = known ?? (await customerOf(store, conversation))
    if (customer) bus.publish(topics.customer(conversation.siteId, customer), { kind: 'frame', frame })
  }

  return {
    toAgents,
    toCustomer: (conversation, frame) => toCustomer(conversation, frame),
    async toEveryone(conversation, frame) {
      toAgents(conversation, frame)
      await toCustomer(conversation, frame)
    },
    async message(conversation, message, customer) {
      const frame: ServerFrame = { type: 'message', message: messageView(message) }
      toAgents(conversation, frame)
      inbox.changed(conversation, { message, customer })
      if (message.visibility === 'public') await toCustomer(conversation, frame, customer)
    },
    async changed(conversation) {
      const frame: ServerFrame = { type: 'conversation', conversation: conversationView(conversation) }
      toAgents(conversation, frame)
      inbox.changed(conversation)
      await toCustomer(conversation, frame)
    },
  }
}
