// Who hears about what happens in a conversation: its customer's tabs and devices unless it is
// internal, the agents holding or watching it, and every agent's inbox as a summary. One place, so
// the message path, AI answers and routing address people the same way.
import type { ServerFrame } from '../../protocol/frames.ts'
import { conversationView, messageView } from '../http/views.ts'
import type { Conversation, Message, Visitor } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { topics, type Bus } from './bus.ts'
import { customerOf } from './conversation-access.ts'
import { inboxSummaries } from './summaries.ts'

export interface Delivery {
  /** To the agents holding or watching the conversation only (the customer typing). */
  toStaff(conversation: Conversation, frame: ServerFrame): void
  /** To the conversation's customer only, on every tab and device (queue positions). */
  toCustomer(conversation: Conversation, frame: ServerFrame): Promise<void>
  /** To the customer and the agents holding or watching the conversation. */
  toEveryone(conversation: Conversation, frame: ServerFrame): void
  /**
   * A stored (or finished) message: to the agents holding or watching the conversation, and to its
   * customer when it is public (`customer`: the customer, when already read). Every agent's inbox
   * gets the summary.
   */
  message(conversation: Conversation, message: Message, customer?: Visitor): void
  /**
   * The conversation was opened or moved: the `conversation` frame to every agent of the workspace
   * (the one who now holds it starts hearing it whole) and to its customer, and the inbox summary.
   */
  changed(conversation: Conversation): Promise<void>
}

export function delivery(store: Store, bus: Bus): Delivery {
  const inbox = inboxSummaries(store, bus)
  const publish = (topic: string, frame: ServerFrame) => bus.publish(topic, { kind: 'frame', frame })

  async function toCustomer(conversation: Conversation, frame: ServerFrame) {
    const customer = await customerOf(store, conversation)
    if (customer) publish(topics.customer(conversation.siteId, customer), frame)
  }

  return {
    toStaff: (conversation, frame) => publish(topics.conversationStaff(conversation.id), frame),
    toCustomer,
    toEveryone: (conversation, frame) => publish(topics.conversation(conversation.id), frame),
    message(conversation, message, customer) {
      const frame: ServerFrame = { type: 'message', message: messageView(message) }
      publish(message.visibility === 'public' ? topics.conversation(conversation.id) : topics.conversationStaff(conversation.id), frame)
      inbox.changed(conversation, { message, customer })
    },
    async changed(conversation) {
      const frame: ServerFrame = { type: 'conversation', conversation: conversationView(conversation) }
      publish(topics.agents(conversation.workspaceId), frame)
      inbox.changed(conversation)
      await toCustomer(conversation, frame)
    },
  }
}
