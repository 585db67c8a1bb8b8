// Whether a send frame whose (author, clientId) is already stored is that message sent again: the
// client lost the ack and resends from its outbox. Anything else reusing the clientId is a client
// bug, and acking it as the old message would lose the new one without a word.
import type { SendFrame } from '../../protocol/frames.ts'
import type { Message } from '../store/records.ts'

export function isResendOf(original: Message, frame: SendFrame): boolean {
  if (original.text !== frame.text) return false
  if ((original.kind === 'note') !== (frame.note === true)) return false
  if (frame.conversationId !== undefined) return original.conversationId === frame.conversationId
  // No conversationId: only a first message may be resent so, by an outbox that never learnt the
  // conversation it opened. The message that opens a conversation is stored first, at seq 1.
  return original.seq === 1
}
