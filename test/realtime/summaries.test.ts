// The agents' inbox summaries: one per conversation per moment, however many changes it took, built
// from what the server had in hand and read from the store only for what it did not.
import { setImmediate as nextTurn } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { SUMMARIES_PER_FRAME_MAX, SUMMARY_TEXT_MAX_CHARS } from '../../protocol/limits.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import { createLocalBus, topics } from '../../server/realtime/bus.ts'
import { customerBadge, inboxSummaries, lastPublicOf } from '../../server/realtime/summaries.ts'
import type { Message, Visitor } from '../../server/store/records.ts'
import { testStore } from '../helpers/factories.ts'

async function inbox(t: Test) {
  const store = testStore(t)
  const bus = createLocalBus()
  const summaries = inboxSummaries(store, bus)
  const workspace = await store.createWorkspace({ name: 'Acme' })
  const site = await store.createSite(workspace.id, { name: 'Shop', key: 'key_summaries', secretEncrypted: 'enc' })
  const heard: Extract<ServerFrame, { type: 'summaries' }>[] = []
  bus.subscribe(topics.agents(workspace.id), (event) => {
    if (event.kind === 'frame' && event.frame.type === 'summaries') heard.push(event.frame)
  })
  const open = async (name: string | null = null) => {
    const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: `hash_${Math.random()}`, name })
    return { visitor, conversation: await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id }) }
  }
  const append = async (conversationId: string, kind: 'customer' | 'note' | 'agent', text: string) =>
    (await store.appendMessage(workspace.id, { conversationId, kind, text, authorId: null }))!.message
  return { store, summaries, workspace, heard, open, append }
}

/** The summaries of one moment have gone out: the turn they were asked for in, and the reads they needed. */
async function settled() {
  for (let i = 0; i < 5; i++) await nextTurn()
}

t.test('many changes to one conversation in one moment go out as one summary, as it is after the last', async (t) => {
  const { store, summaries, workspace, heard, open, append } = await inbox(t)
  const { visitor, conversation } = await open('Ann')
  const messages: Message[] = []
  for (const text of ['Hi', 'Where is my order?', 'It was due Monday']) messages.push(await append(conversation.id, 'customer', text))
  const note = await append(conversation.id, 'note', 'Check the courier')
  const current = (await store.getConversation(workspace.id, conversation.id))!
  for (const message of [...messages, note]) summaries.changed(conversation, { message, customer: visitor })
  summaries.changed(current)
  await settled()
  t.equal(heard.length, 1, 'one frame')
  t.same(heard[0]!.conversations, [
    {
      id: conversation.id,
      siteId: conversation.siteId,
      visitorId: visitor.id,
      status: 'open',
      assignee: null,
      queuedAt: null,
      lastSeq: 4,
      lastPublic: { seq: 3, text: 'It was due Monday', kind: 'customer', at: messages[2]!.createdAt.toISOString() },
      customer: { displayName: 'Ann', verified: false },
      rating: null,
    },
  ], 'the note moves lastSeq, not the last public message')
})

t.test('what nobody had in hand is read from the store: the last public message and the customer', async (t) => {
  const { store, summaries, workspace, heard, open, append } = await inbox(t)
  const { conversation } = await open(null)
  await append(conversation.id, 'agent', 'Hello!')
  await append(conversation.id, 'note', 'VIP')
  const moved = (await store.transitionConversation(workspace.id, conversation.id, 0, { queuedAt: new Date('2030-01-01T10:00:00Z') }))!.conversation
  summaries.changed(moved)
  await settled()
  t.match(heard[0]!.conversations[0], {
    lastSeq: 2,
    queuedAt: '2030-01-01T10:00:00.000Z',
    lastPublic: { seq: 1, text: 'Hello!', kind: 'agent' },
    customer: { displayName: `Visitor ${conversation.visitorId.slice(-4)}`, verified: false },
  })
})

t.test(`more than ${SUMMARIES_PER_FRAME_MAX} conversations changed at once go out in several frames, each once`, async (t) => {
  const { summaries, heard, open } = await inbox(t)
  const opened = []
  for (let i = 0; i < SUMMARIES_PER_FRAME_MAX + 5; i++) opened.push((await open(`Customer ${i}`)).conversation)
  for (const conversation of opened) summaries.changed(conversation)
  await settled()
  t.same(heard.map((frame) => frame.conversations.length), [SUMMARIES_PER_FRAME_MAX, 5])
  t.same(new Set(heard.flatMap((frame) => frame.conversations.map((c) => c.id))).size, opened.length)
})

t.test(`a preview is the first ${SUMMARY_TEXT_MAX_CHARS} characters, never half an emoji`, async (t) => {
  const at = new Date()
  const message = (text: string) => lastPublicOf({ seq: 1, text, kind: 'customer', createdAt: at } as Message)
  t.equal(message('short').text, 'short')
  t.equal(message('x'.repeat(500)).text, 'x'.repeat(SUMMARY_TEXT_MAX_CHARS))
  const emojiAtTheCut = 'x'.repeat(SUMMARY_TEXT_MAX_CHARS - 1) + '😀 and more'
  t.equal(message(emojiAtTheCut).text, 'x'.repeat(SUMMARY_TEXT_MAX_CHARS - 1), 'the emoji that would be cut in two is left out')
})

t.test('a customer is named by name, else email, else what they said of themselves, else a short tag; verified only with an identity', async (t) => {
  type Named = Pick<Visitor, 'id' | 'name' | 'email' | 'externalId' | 'claims'>
  const base: Named = { id: 'f'.repeat(28) + 'a1b2', name: null, email: null, externalId: null, claims: { name: null, email: null, attributes: {} } }
  const badge = (v: Partial<Named>) => customerBadge({ ...base, ...v } as Visitor)
  t.same(badge({ name: 'Ann', email: 'ann@example.com' }), { displayName: 'Ann', verified: false })
  t.same(badge({ email: 'ann@example.com', externalId: 'user-1' }), { displayName: 'ann@example.com', verified: true })
  t.same(badge({}), { displayName: 'Visitor a1b2', verified: false })
  const said = { name: 'Ada (pre-chat)', email: null, attributes: {} }
  t.same(badge({ claims: said }), { displayName: 'Ada (pre-chat)', verified: false }, 'a claimed name is shown, as unverified')
  t.same(badge({ claims: said, externalId: 'user-2' }), { displayName: 'Ada (pre-chat)', verified: false }, 'even on a verified visitor whose identity gave no name')
  t.same(badge({ claims: said, externalId: 'user-2', name: 'Ada Lovelace' }), { displayName: 'Ada Lovelace', verified: true }, 'a verified name wins')
  t.same(badge({ claims: { name: null, email: 'ada@example.com', attributes: {} } }), { displayName: 'ada@example.com', verified: false })
})
