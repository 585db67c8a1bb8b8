// How an AI answer reaches customers and agents as it is generated. The answer takes its seq when
// it starts (so nothing sent meanwhile jumps ahead of it), its text is saved as it grows (so a
// reconnecting client or a restart loses at most the last delta), and it ends complete or
// interrupted. The responder of a later issue drives this; it never talks to sockets itself.
import type { ServerFrame } from '../../protocol/frames.ts'
import { TandemError } from '../errors.ts'
import type { Citation, Conversation, Message } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import type { Bus } from './bus.ts'
import { delivery } from './deliver.ts'

export interface AiStream {
  readonly message: Message
  /** Appends generated text: saved, then relayed as a `stream` frame. */
  append(delta: string): Promise<void>
  /** The answer is whole: saved complete, with its citations. */
  complete(citations?: Citation[]): Promise<Message>
  /** The answer was cut (timeout, outage): the partial text stays, marked interrupted. */
  interrupt(): Promise<Message>
}

export function aiStreams({ store, bus }: { store: Store; bus: Bus }) {
  const deliver = delivery(store, bus)
  const publish = (conversation: Conversation, frame: ServerFrame) => deliver.toEveryone(conversation, frame)

  return {
    async start(conversation: Conversation): Promise<AiStream> {
      const started = await store.appendMessage(conversation.workspaceId, {
        conversationId: conversation.id,
        kind: 'ai',
        text: '',
        status: 'streaming',
      })
      if (!started) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
      const { seq } = started.message
      let text = ''
      let finished = false
      await deliver.message(conversation, started.message)

      async function finish(status: 'complete' | 'interrupted', citations?: Citation[]) {
        if (finished) throw new Error('This AI answer has already ended.')
        finished = true
        const saved = await store.updateMessage(conversation.workspaceId, conversation.id, seq, { text, status, ...(citations ? { citations } : {}) })
        if (!saved) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
        await deliver.message(conversation, saved)
        return saved
      }

      return {
        message: started.message,
        async append(delta) {
          if (finished) throw new Error('This AI answer has already ended.')
          text += delta
          await store.updateMessage(conversation.workspaceId, conversation.id, seq, { text })
          await publish(conversation, { type: 'stream', conversationId: conversation.id, seq, delta })
        },
        complete: (citations) => finish('complete', citations),
        interrupt: () => finish('interrupted'),
      }
    },
  }
}
