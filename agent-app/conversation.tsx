// The conversation on screen: who the customer is, who holds it, its whole history (the AI's answers
// with their sources, private notes and handoff notes apart, system events as events), whether the
// customer is typing and what they have read, and the composer. Everything a customer or the AI wrote
// is drawn as text nodes (ui/markdown.tsx makes Preact nodes, never HTML).
import { h, type JSX } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { MESSAGE_MAX_CHARS } from '../protocol/limits.ts'
import type { MessageView, SummaryReply } from '../protocol/rest/conversations.ts'
import { linkify, Markdown } from '../ui/markdown.tsx'
import { errorText, type Desk, type OpenConversation, type OutboxItem } from './desk.ts'
import { isClaimedName } from './customer.ts'
import { Composer } from './composer.tsx'
import { ContextPanel } from './context-panel.tsx'
import { Dialog } from './dialog.tsx'
import { Sources } from './sources.tsx'
import { clock } from './format.ts'

/** Pixels from the bottom within which the history follows new messages. */
const FOLLOW_SLACK_PX = 80

function authorOf(message: MessageView, customer: string): string {
  switch (message.kind) {
    case 'customer':
      return customer
    case 'ai':
      return 'AI assistant'
    case 'agent':
      return message.authorName ?? 'Agent'
    case 'note':
      return `${message.authorName ?? 'Tandem'} · private note`
    case 'system':
      return 'Tandem'
  }
}

function Message({ message, customer, seen }: { message: MessageView; customer: string; seen: boolean }) {
  if (message.kind === 'system') {
    return (
      <li class="event">
        <span>{message.text}</span> <time dateTime={message.createdAt}>{clock(message.createdAt)}</time>
      </li>
    )
  }
  const body = message.kind === 'customer' ? <p class="text">{linkify(message.text)}</p> : <Markdown text={message.text} />
  return (
    <li class={`message from-${message.kind}`}>
      <p class="byline">
        <span class="author">{authorOf(message, customer)}</span> <time dateTime={message.createdAt}>{clock(message.createdAt)}</time>
      </p>
      <div class="bubble">
        {body}
        {message.status === 'streaming' && <span class="hint"> writing…</span>}
        {message.status === 'interrupted' && <span class="hint"> (interrupted)</span>}
      </div>
      {message.citations.length > 0 && (
        <p class="citations">
          Sources: <Sources citations={message.citations} />
        </p>
      )}
      {message.outcome && <p class="hint">{message.outcome === 'confirmed' ? 'The customer said this helped.' : 'The customer asked for more help.'}</p>}
      {seen && <p class="seen">Seen</p>}
    </li>
  )
}

function Pending({ item, desk }: { item: OutboxItem; desk: Desk }) {
  return (
    <li class={`message ${item.note ? 'from-note' : 'from-agent'} pending`}>
      <div class="bubble">
        <p class="text">{item.text}</p>
      </div>
      {item.state === 'sending' ? (
        <p class="hint">Sending…</p>
      ) : (
        <p class="problem">
          Not sent: {item.error}{' '}
          <button type="button" class="link" onClick={() => desk.retry(item.clientId)}>
            Retry
          </button>{' '}
          <button type="button" class="link" onClick={() => desk.discard(item.clientId)}>
            Discard
          </button>
        </p>
      )}
    </li>
  )
}

const verifiedNameOf = (open: OpenConversation) => (open.visitor?.externalId ? (open.visitor.name ?? open.visitor.email) : null)
const claimedNameOf = (open: OpenConversation) => open.visitor?.claims.name ?? open.visitor?.claims.email ?? null

function customerName(open: OpenConversation, desk: Desk): string {
  const row = desk.state.rows.get(open.id)
  return verifiedNameOf(open) ?? claimedNameOf(open) ?? row?.customer.displayName ?? (open.conversation ? `Visitor ${open.conversation.visitorId.slice(-4)}` : 'Customer')
}

export function ConversationPane({ desk, onBack, onOpen }: { desk: Desk; onBack: () => void; onOpen: (id: string) => void }): JSX.Element {
  const open = desk.state.open!
  const me = desk.me
  const [problem, setProblem] = useState<string | null>(null)
  const [transferring, setTransferring] = useState(false)
  const [summary, setSummary] = useState<SummaryReply | 'asking' | null>(null)
  const [showDetails, setShowDetails] = useState(false)

  // Opened as a drawer: focus goes into it, to its heading.
  useEffect(() => {
    if (showDetails) document.getElementById('context-title')?.focus()
  }, [showDetails])
  const history = useRef<HTMLDivElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const following = useRef(true)
  const [announced, setAnnounced] = useState('')
  const lastSeen = useRef<{ id: string; seq: number } | null>(null)

  // A conversation opens at its newest message, with the heading focused where the inbox made way
  // for it (a narrow window shows one pane at a time, so focus would otherwise be lost).
  useEffect(() => {
    setProblem(null)
    setSummary(null)
    setTransferring(false)
    following.current = true
    if (window.matchMedia('(max-width: 999px)').matches) heading.current?.focus()
  }, [open.id])

  // New messages are announced one by one, complete (not every streamed piece, not the history).
  const newest = open.messages.at(-1)
  useEffect(() => {
    if (open.loading || !newest || newest.status === 'streaming') return
    const seen = lastSeen.current
    lastSeen.current = { id: open.id, seq: newest.seq }
    if (!seen || seen.id !== open.id || newest.seq <= seen.seq || newest.authorId === me.id) return
    setAnnounced(`${newest.kind === 'system' ? '' : `${authorOf(newest, customerName(open, desk))}: `}${newest.text}`)
  }, [open.id, open.loading, newest?.seq, newest?.status])

  // New messages keep the view at the bottom, unless the agent scrolled up to read.
  useLayoutEffect(() => {
    const element = history.current
    if (element && following.current) element.scrollTop = element.scrollHeight
  }, [open.messages.length, open.messages.at(-1)?.text, desk.state.outbox.length, open.customerTypingUntil])

  useEffect(() => {
    const seen = () => desk.markRead()
    document.addEventListener('visibilitychange', seen)
    window.addEventListener('focus', seen)
    return () => {
      document.removeEventListener('visibilitychange', seen)
      window.removeEventListener('focus', seen)
    }
  }, [])

  if (open.missing) {
    return (
      <section class="conversation empty-pane">
        <h1>Conversation not found</h1>
        <p>It does not exist, or it belongs to another workspace.</p>
        <button type="button" class="link" onClick={onBack}>
          Back to the inbox
        </button>
      </section>
    )
  }
  const conversation = open.conversation
  const row = desk.state.rows.get(open.id)
  const customer = customerName(open, desk)
  const unverified = verifiedNameOf(open) === null && (claimedNameOf(open) !== null || (row !== undefined && isClaimedName(row.customer, row.visitorId)))
  const mine = conversation?.assigneeId === me.id
  const holder = conversation?.assigneeId ? desk.agentName(conversation.assigneeId) ?? 'a colleague' : null
  // Reopened: open again, and the customer wrote after it was last resolved (or this tab was told so).
  const lastResolved = open.messages.findLastIndex((m) => m.notice?.code === 'resolved')
  const reopened = conversation?.status === 'open' && (desk.state.reopened.has(open.id) || (lastResolved >= 0 && open.messages.slice(lastResolved + 1).some((m) => m.kind === 'customer')))
  const lastAgentSeq = open.messages.findLast((m) => m.kind === 'agent')?.seq ?? 0
  const typing = open.customerTypingUntil > Date.now()
  const pending = desk.state.outbox.filter((item) => item.conversationId === open.id)
  // Only a conversation nobody holds can be taken; a colleague's is theirs until they transfer it.
  const canTake = conversation?.status === 'open' && conversation.assigneeId === null
  const canResolve = conversation?.status === 'open' && (mine || conversation.assigneeId === null || me.role === 'admin')
  // The server's rule: its holder, an admin, or anyone while nobody holds it.
  const canTransfer = conversation?.status === 'open' && (mine || conversation.assigneeId === null || me.role === 'admin')
  const canReply = conversation !== null && (mine || (conversation.status === 'resolved' && conversation.assigneeId === null))

  async function summarise() {
    setSummary('asking')
    setProblem(null)
    const id = open.id
    try {
      const summary = await desk.summarise(id)
      // Another conversation opened meanwhile: this summary is not its.
      if (desk.state.open?.id === id) setSummary(summary)
    } catch (error) {
      if (desk.state.open?.id !== id) return
      setSummary(null)
      setProblem(errorText(error))
    }
  }

  async function act(action: () => Promise<void>) {
    setProblem(null)
    try {
      await action()
    } catch (error) {
      setProblem(errorText(error))
    }
  }

  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header class="conversation-header">
        <button type="button" class="link back" onClick={onBack}>
          ← Inbox
        </button>
        <div class="who">
          <h1 id="conversation-title" ref={heading} tabIndex={-1}>
            {customer}
            {unverified && <span class="unverified"> (unverified)</span>}
          </h1>
          <p class="hint">
            {[open.visitor?.email ?? open.visitor?.claims.email, conversation ? desk.siteName(conversation.siteId) : null].filter(Boolean).join(' · ')}
          </p>
        </div>
        <p class="state">
          {conversation?.status === 'resolved' && <span class="tag">Resolved</span>}
          {reopened && <span class="tag reopened">Reopened</span>}
          {conversation?.status === 'open' && <span class="tag">{mine ? 'With you' : holder ? `With ${holder}` : conversation.queuedAt ? 'In the queue' : 'With the AI'}</span>}
        </p>
        <div class="actions">
          {canTake && (
            <button type="button" class="primary" onClick={() => void act(() => desk.take(open.id))}>
              Take
            </button>
          )}
          {canTransfer && (
            <button type="button" onClick={() => setTransferring(true)}>
              Transfer
            </button>
          )}
          {canResolve && (
            <button type="button" onClick={() => void act(() => desk.resolve(open.id))}>
              Resolve
            </button>
          )}
          <button type="button" onClick={() => void summarise()} disabled={summary === 'asking'}>
            {summary === 'asking' ? 'Summarizing…' : 'Summarize'}
          </button>
          <button type="button" class="details-toggle" aria-expanded={showDetails} aria-controls="context" onClick={() => setShowDetails((shown) => !shown)}>
            Customer details
          </button>
        </div>
      </header>
      {typeof summary === 'object' && summary !== null && (
        <section class="summary" aria-label="AI summary" aria-live="polite">
          <p>
            <strong>Summary</strong> <span class="hint">({summary.source === 'gemini' ? 'written by the AI' : 'extracted from the conversation'}, not verified)</span>{' '}
            <button type="button" class="link" onClick={() => setSummary(null)}>
              Hide
            </button>
          </p>
          <p class="text">{summary.text}</p>
        </section>
      )}
      {problem && (
        <p class="problem banner" role="alert">
          {problem}
        </p>
      )}
      {open.error && (
        <p class="problem banner" role="alert">
          {open.error}
        </p>
      )}
      <div class={`conversation-body${showDetails ? ' details-shown' : ''}`}>
      <div class="conversation-main">
      <div
        class="history"
        ref={history}
        onScroll={(event) => {
          const element = event.currentTarget
          following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX
        }}
      >
        {open.hasOlder && (
          <button type="button" class="link older" onClick={() => void desk.loadOlder()}>
            Show earlier messages
          </button>
        )}
        {open.loading && <p class="hint">Loading the conversation…</p>}
        <ol class="messages" aria-label="Messages">
          {open.messages.map((message) => (
            <Message key={message.seq} message={message} customer={customer} seen={message.seq === lastAgentSeq && open.customerReadSeq >= message.seq} />
          ))}
          {pending.map((item) => (
            <Pending key={item.clientId} item={item} desk={desk} />
          ))}
        </ol>
        <p class="typing" aria-live="polite">
          {typing ? `${customer} is typing…` : ''}
        </p>
        <p class="visually-hidden" aria-live="polite">
          {announced}
        </p>
      </div>
      {conversation && !canReply && <p class="take-hint">{holder ? `${holder} is answering: you can leave them a private note.` : 'Take this conversation to reply; a private note needs no taking.'}</p>}
      {conversation && <Composer key={open.id} desk={desk} open={open} canReply={canReply} />}
      </div>
      <div
        id="context"
        class="context-slot"
        onKeyDown={(event) => {
          // The drawer of narrow windows closes on Escape, back to the button that opened it.
          if (event.key === 'Escape' && showDetails) {
            setShowDetails(false)
            document.querySelector<HTMLElement>('.details-toggle')?.focus()
          }
        }}
      >
        {open.visitor && <ContextPanel desk={desk} visitor={open.visitor} onOpen={onOpen} onClose={() => setShowDetails(false)} />}
      </div>
      </div>
      {transferring && conversation && <TransferDialog desk={desk} conversationId={open.id} holderId={conversation.assigneeId} onClose={() => setTransferring(false)} />}
    </section>
  )
}

/** Hands the conversation to a colleague who is not offline, with a note only the team sees. */
function TransferDialog({ desk, conversationId, holderId, onClose }: { desk: Desk; conversationId: string; holderId: string | null; onClose: () => void }) {
  // Whom the server would take: active, not offline, not the holder, and not oneself.
  const colleagues = desk.state.agents.filter((agent) => agent.active && agent.id !== holderId && agent.id !== desk.me.id && agent.status !== 'offline' && desk.state.connected.has(agent.id))
  const [chosen, setTo] = useState('')
  // The list moves live (a colleague leaves or comes online): the choice is always one of it.
  const to = colleagues.some((agent) => agent.id === chosen) ? chosen : (colleagues[0]?.id ?? '')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: Event) {
    event.preventDefault()
    if (!to) return
    setBusy(true)
    setProblem(null)
    try {
      await desk.transfer(conversationId, to, note)
      onClose()
    } catch (error) {
      setBusy(false)
      setProblem(errorText(error))
    }
  }

  return (
    <Dialog title="Transfer the conversation" onClose={onClose}>
      {colleagues.length === 0 ? (
        <p>Nobody else is online or away right now: a transfer needs a colleague who can answer.</p>
      ) : (
        <form onSubmit={submit} class="dialog-form">
          <div class="field">
            <label for="transfer-to">To</label>
            <select id="transfer-to" value={to} onChange={(event) => setTo(event.currentTarget.value)}>
              {colleagues.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name} ({agent.status})
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="transfer-note">Note for them (the customer does not see it)</label>
            <textarea id="transfer-note" rows={3} maxLength={MESSAGE_MAX_CHARS} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
          </div>
          {problem && (
            <p class="problem" role="alert">
              {problem}
            </p>
          )}
          <div class="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy || !to}>
              Transfer
            </button>
          </div>
        </form>
      )}
      {colleagues.length === 0 && (
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </Dialog>
  )
}
