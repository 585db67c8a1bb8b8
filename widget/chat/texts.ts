// Every customer-facing string of the chat app, in one table per locale ([09b] adds German and
// Spanish beside English). System messages are worded here from their notice code, so a transcript
// reads in the customer's language whatever the server stored.
import type { NoticeView } from '../../protocol/rest/conversations.ts'

export const en = {
  title: 'Chat with us',
  close: 'Close chat',
  you: 'You',
  assistant: 'AI assistant',
  support: 'Support',
  system: 'Update',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent.',
  retry: 'Retry',
  talkToPerson: 'Talk to a person',
  typing: (who: string) => `${who} is typing…`,
  reconnecting: 'Reconnecting… your messages will be sent when we are back.',
  offline: 'You are offline. Messages will be sent when you are back.',
  blocked: 'This chat is not available.',
  older: 'Show earlier messages',
  interrupted: 'This answer was interrupted.',
  sources: 'Sources',
  queue: (position: number, minutes: number | null) =>
    `You are number ${position} in line${minutes === null ? '' : ` · about ${minutes < 1 ? 'a minute' : `${minutes} min`}`}.`,
  away: 'You are in line: someone will join you as soon as they are online.',
  resolvedNote: 'This conversation was resolved. Write again any time.',
  messages: 'Messages',
  notice(notice: NoticeView, stored: string): string {
    const p = notice.params
    switch (notice.code) {
      case 'agent_joined':
        return `${p.agent} joined the conversation.`
      case 'transferred':
        return `${p.from} passed the conversation to ${p.to}.`
      case 'agent_left':
        return `${p.agent} left the conversation. We're finding someone else to help you.`
      case 'agent_left_to_assistant':
        return `${p.agent} left the conversation. Our assistant will keep helping you.`
      default:
        // Codes without parameters read as Tandem stored them.
        return stored
    }
  },
}

export type Texts = typeof en
