// The chat panel as a pure view of the session's state: what the customer sees, nothing it does.
// Every text a person or the AI wrote is rendered as Preact text nodes (Markdown for the support
// side, plain with links for the customer's own), never as HTML.
import { Component, createRef, Fragment, h, type JSX } from 'preact'
import { ATTRIBUTE_VALUE_MAX_CHARS, MESSAGE_MAX_CHARS, RATING_COMMENT_MAX_CHARS } from '../../protocol/limits.ts'
import type { ConversationRow, MessageView } from '../../protocol/rest/conversations.ts'
import type { AvailabilityView, WidgetConfigView } from '../../protocol/rest/sites.ts'
import { linkify, Markdown, safeUrl } from '../../ui/markdown.tsx'
import type { ChatState, OutboxItem } from './session.ts'
import { noticeText, type Texts } from './texts.ts'

export interface ChatActions {
  send(text: string): void
  retry(clientId: string): void
  handoff(): void
  typing(): void
  loadOlder(): void
  preChat(answers: Record<string, string>): void
  feedback(seq: number, outcome: 'confirmed' | 'more_help'): void
  rate(score: number, comment: string): void
  newConversation(): void
  showList(show: boolean): void
  openConversation(conversationId: string): void
  close(): void
}

/** Messages of one author in a row, within this long of each other, share one label. */
const GROUP_GAP_MS = 5 * 60_000

// Of words, not signs: "Harbor & Pine" is HP, not H&.
const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word))
    .slice(0, 2)
    .map((word) => Array.from(word)[0]!.toUpperCase())
    .join('') || '?'

function author(message: MessageView, texts: Texts): string {
  if (message.kind === 'customer') return texts.you
  if (message.kind === 'ai') return texts.assistant
  if (message.kind === 'agent') return message.authorName || texts.support
  return texts.system
}

function sameGroup(a: MessageView | undefined, b: MessageView): boolean {
  return !!a && a.kind === b.kind && a.authorId === b.authorId && b.kind !== 'system' && Date.parse(b.createdAt) - Date.parse(a.createdAt) < GROUP_GAP_MS
}

function Citations({ message, texts }: { message: MessageView; texts: Texts }) {
  if (message.citations.length === 0) return null
  return (
    <div class="sources">
      <span class="sources-label">{texts.sources}</span>
      <ul>
        {message.citations.map((citation, i) => {
          const href = citation.url === null ? null : safeUrl(citation.url)
          return (
            <li key={i}>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                  {citation.title}
                </a>
              ) : (
                <span>{citation.url ? `${citation.title} (${citation.url})` : citation.title}</span>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

function Bubble({ message, texts, time, first, tick }: { message: MessageView; texts: Texts; time: string; first: boolean; tick: string | null }) {
  if (message.kind === 'system') {
    return (
      <li class="system">
        <span>{message.notice ? noticeText(texts, message.notice, message.text) : message.text}</span>
      </li>
    )
  }
  const mine = message.kind === 'customer'
  const name = author(message, texts)
  return (
    <li class={`row ${mine ? 'mine' : 'theirs'} ${first ? 'first' : ''}`}>
      {!mine && (
        <span class={`avatar ${message.kind}`} aria-hidden="true">
          {first ? (message.kind === 'ai' ? 'AI' : initials(name)) : ''}
        </span>
      )}
      <div class="stack">
        {first && (
          <div class="meta">
            <span class="name">{name}</span> <time dateTime={message.createdAt}>{time}</time>
          </div>
        )}
        <div class={`bubble ${message.status}`}>
          {mine ? <p>{linkify(message.text)}</p> : <Markdown text={message.text} />}
          {message.status === 'streaming' && <span class="caret" aria-hidden="true" />}
          {message.status === 'interrupted' && <p class="interrupted">{texts.interrupted}</p>}
          {!mine && <Citations message={message} texts={texts} />}
        </div>
        {tick && <div class="tick">{tick}</div>}
      </div>
    </li>
  )
}

function Pending({ item, texts, onRetry }: { item: OutboxItem; texts: Texts; onRetry: (clientId: string) => void }) {
  return (
    <li class="row mine pending">
      <div class="stack">
        <div class="bubble">
          <p>{linkify(item.text)}</p>
        </div>
        <div class="tick">
          {item.state === 'failed' ? (
            <>
              <span class="failed">
                {texts.failed} {item.error ?? ''}
              </span>{' '}
              <button type="button" class="link" onClick={() => onRetry(item.clientId)}>
                {texts.retry}
              </button>
            </>
          ) : (
            texts.sending
          )}
        </div>
      </div>
    </li>
  )
}

type ComposerProps = { texts: Texts; actions: ChatActions; disabled: boolean }

class Composer extends Component<ComposerProps, { text: string }> {
  state = { text: '' }
  render({ texts, actions, disabled }: ComposerProps, { text }: { text: string }) {
    const submit = (event?: Event) => {
      event?.preventDefault()
      const value = text.trim()
      if (!value || disabled) return
      actions.send(value)
      this.setState({ text: '' })
    }
    return (
      <form class="composer" onSubmit={submit}>
        <textarea
          rows={1}
          value={text}
          maxLength={MESSAGE_MAX_CHARS}
          placeholder={texts.placeholder}
          aria-label={texts.placeholder}
          disabled={disabled}
          onInput={(e) => {
            this.setState({ text: (e.target as HTMLTextAreaElement).value })
            actions.typing()
          }}
          onKeyDown={(e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e)
          }}
        />
        <button type="submit" class="send" aria-label={texts.send} disabled={disabled || text.trim() === ''}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2-7z" />
          </svg>
        </button>
      </form>
    )
  }
}

/** The site's questions before the first message; the browser checks required and email fields first. */
function PreChat({ fields, texts, problem, onSubmit }: { fields: WidgetConfigView['preChatFields']; texts: Texts; problem: string | null; onSubmit: ChatActions['preChat'] }) {
  return (
    <form
      class="prechat"
      onSubmit={(e) => {
        e.preventDefault()
        const data = new FormData(e.currentTarget as HTMLFormElement)
        onSubmit(Object.fromEntries(fields.map((field) => [field.name, String(data.get(field.name) ?? '')])))
      }}
    >
      <p>{texts.preChatTitle}</p>
      {fields.map((field) => (
        <label key={field.name}>
          {field.label}
          {field.required ? ' *' : ''}
          {/* Preact types text and email inputs apart; both are plain inputs here. */}
          <input name={field.name} type={field.type as 'text'} required={field.required} maxLength={ATTRIBUTE_VALUE_MAX_CHARS} autoComplete={field.type === 'email' ? 'email' : field.name === 'name' ? 'name' : 'off'} />
        </label>
      ))}
      {problem && problem !== 'offline' && <p class="failed">{problem}</p>}
      <button type="submit" class="handoff">
        {texts.preChatStart}
      </button>
    </form>
  )
}

/** The customer's conversations, newest first: each one's last message and when; unread ones stand out. */
function ConversationList({ list, texts, actions, locale }: { list: ConversationRow[]; texts: Texts; actions: ChatActions; locale: string }) {
  const when = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  return (
    <div class="messages">
      <h3>{texts.conversations}</h3>
      <ol>
        {list.map((row) => {
          const unread = row.lastPublic !== null && row.lastPublic.kind !== 'customer' && row.lastPublic.seq > row.readSeq
          return (
            <li key={row.id}>
              <button type="button" class={`item ${unread ? 'unread' : ''}`} onClick={() => actions.openConversation(row.id)}>
                <span class="preview">{row.lastPublic?.text ?? texts.noMessages}</span>
                {row.lastPublic && <time dateTime={row.lastPublic.at}>{when.format(new Date(row.lastPublic.at))}</time>}
              </button>
            </li>
          )
        })}
      </ol>
      <button type="button" class="handoff" onClick={actions.newConversation}>
        {texts.newConversation}
      </button>
    </div>
  )
}

type RatingProps = { rating: ChatState['rating']; texts: Texts; actions: ChatActions }

/** After a resolve: a 1–5 rating with an optional comment, then a way to start again. */
class Rating extends Component<RatingProps, { score: number; comment: string }> {
  state = { score: 0, comment: '' }
  render({ rating, texts, actions }: RatingProps, { score, comment }: { score: number; comment: string }) {
    const again = (
      <button type="button" class="handoff" onClick={actions.newConversation}>
        {texts.newConversation}
      </button>
    )
    if (rating) {
      return (
        <div class="rating">
          <p role="status">{texts.rateThanks}</p>
          {again}
        </div>
      )
    }
    return (
      <form
        class="rating"
        onSubmit={(e) => {
          e.preventDefault()
          if (score > 0) actions.rate(score, comment)
        }}
      >
        <fieldset class="stars">
          <legend>{texts.rateTitle}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? 'on' : ''}>
              <input type="radio" name="score" value={n} checked={score === n} aria-label={texts.rateScore(n)} onChange={() => this.setState({ score: n })} />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </fieldset>
        {score > 0 && (
          <>
            <textarea rows={2} maxLength={RATING_COMMENT_MAX_CHARS} placeholder={texts.rateComment} aria-label={texts.rateComment} value={comment} onInput={(e) => this.setState({ comment: (e.target as HTMLTextAreaElement).value })} />
            <button type="submit" class="handoff">
              {texts.rateSend}
            </button>
          </>
        )}
        {again}
      </form>
    )
  }
}

/** Before the customer writes, when nobody can answer: the site's away message or ours, and when it opens again. */
function awayText(availability: AvailabilityView, siteMessage: string, aiHelps: boolean, texts: Texts, locale: string): string {
  const parts = [siteMessage.trim() || texts.awayNow]
  if (availability.nextOpenAt) {
    parts.push(texts.backAt(new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(availability.nextOpenAt))))
  }
  if (aiHelps) parts.push(texts.aiMeanwhile)
  return parts.join(' ')
}

type PanelProps = { state: ChatState; texts: Texts; actions: ChatActions; locale: string }

export class ChatPanel extends Component<PanelProps> {
  list = createRef<HTMLDivElement>()
  /** What the list was last scrolled to the end for: a message more, a streaming one growing, someone typing. */
  scrolledFor: unknown[] = []
  componentDidMount() {
    this.componentDidUpdate()
  }
  componentDidUpdate() {
    const { state } = this.props
    const last = state.messages.at(-1)
    // An answer completing adds its sources and the quick replies below it: a change to follow too.
    const now = [state.messages.length + state.outbox.length, last?.text.length, last?.status, last?.citations.length, state.typing]
    if (now.some((value, i) => !Object.is(value, this.scrolledFor[i]))) {
      this.scrolledFor = now
      const el = this.list.current
      if (el) el.scrollTop = el.scrollHeight
    }
  }
  render({ state, texts, actions, locale }: PanelProps): JSX.Element {
    const list = this.list
    const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })
    const config = state.config
    const lastMine = state.messages.findLast((m) => m.kind === 'customer')
    const humansMayJoin = config !== null && config.routingPolicy !== 'ai-only'
    const last = state.messages.at(-1)
    // The latest AI answer, not yet judged: the quick replies ask (and "I need more help" replaces "Talk to a person").
    const judge = last?.kind === 'ai' && last.status === 'complete' && last.outcome === null && state.outbox.length === 0 && state.status !== 'resolved' ? last : null
    const canHandOff = !judge && humansMayJoin && state.conversationId !== null && state.status !== 'resolved' && state.assignee === null && state.queue === null
    const beforeWriting = state.conversationId === null && state.outbox.length === 0
    const needsPreChat = config !== null && config.preChatFields.length > 0 && !state.preChatDone && beforeWriting
    const away = humansMayJoin && beforeWriting && config.availability && !(config.availability.agentsOnline && config.availability.withinBusinessHours) ? config.availability : null

    const banner =
      state.connection === 'blocked' ? texts.blocked : state.connection === 'reconnecting' ? texts.reconnecting : state.problem === 'offline' ? texts.offline : null
    return (
      <div class="chat" role="dialog" aria-label={config?.name ? `${texts.title}: ${config.name}` : texts.title} onKeyDown={(e: KeyboardEvent) => e.key === 'Escape' && actions.close()}>
        <header>
          <div>
            <h2>{config?.name ?? texts.title}</h2>
            <p class="status">{state.assignee?.name ? state.assignee.name : config?.routingPolicy === 'human-only' ? texts.support : texts.assistant}</p>
          </div>
          {state.known && (
            <button type="button" class="close" aria-label={texts.conversations} aria-pressed={state.list !== null} onClick={() => actions.showList(state.list === null)}>
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M5 7h14M5 12h14M5 17h14" />
              </svg>
            </button>
          )}
          <button type="button" class="close" aria-label={texts.close} onClick={actions.close}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </header>
        {banner && (
          <p class="banner" role="status">
            {banner}
          </p>
        )}
        {state.list ? (
          <ConversationList list={state.list} texts={texts} actions={actions} locale={locale} />
        ) : (
        <>
        <div class="messages" ref={list} role="log" aria-live="polite" aria-label={texts.messages}>
          <ol>
          {state.hasOlder && (
            <li class="older">
              <button type="button" class="link" onClick={actions.loadOlder}>
                {texts.older}
              </button>
            </li>
          )}
          {config?.greeting && (
            <li class="row theirs first greeting">
              <span class="avatar ai" aria-hidden="true">
                {initials(config.name)}
              </span>
              <div class="stack">
                <div class="bubble">
                  <p>{config.greeting}</p>
                </div>
              </div>
            </li>
          )}
          {state.messages.map((message, i) => {
            const tick = message === lastMine && state.outbox.length === 0 ? (message.seq <= state.supportReadSeq ? `✓✓ ${texts.read}` : `✓ ${texts.sent}`) : null
            return <Bubble key={message.seq} message={message} texts={texts} time={clock.format(new Date(message.createdAt))} first={!sameGroup(state.messages[i - 1], message)} tick={tick} />
          })}
          {state.outbox.map((item) => (
            <Pending key={item.clientId} item={item} texts={texts} onRetry={actions.retry} />
          ))}
          {state.typing && (
            <li class="typing" aria-label={texts.typing(state.typing.role === 'ai' ? texts.assistant : state.assignee?.name || texts.support)}>
              <span />
              <span />
              <span />
            </li>
          )}
          </ol>
        </div>
        {away && config && (
          <p class="queue" role="status">
            {awayText(away, config.awayMessage, config.routingPolicy === 'ai-first', texts, locale)}
          </p>
        )}
        {state.queue && <p class="queue" role="status">{state.queue.agentsOnline && state.queue.withinBusinessHours ? texts.queue(state.queue.position, state.queue.expectedWaitSeconds === null ? null : Math.round(state.queue.expectedWaitSeconds / 60)) : texts.away}</p>}
        {state.status === 'resolved' && <Rating rating={state.rating} texts={texts} actions={actions} />}
        {judge && (
          <div class="quick">
            <button type="button" class="handoff" onClick={() => actions.feedback(judge.seq, 'confirmed')}>
              {texts.helped}
            </button>
            <button type="button" class="handoff" onClick={() => actions.feedback(judge.seq, 'more_help')}>
              {texts.moreHelp}
            </button>
          </div>
        )}
        {canHandOff && (
          <button type="button" class="handoff" onClick={actions.handoff}>
            {texts.talkToPerson}
          </button>
        )}
        {needsPreChat ? (
          <PreChat fields={config.preChatFields} texts={texts} problem={state.problem} onSubmit={actions.preChat} />
        ) : (
          <Composer texts={texts} actions={actions} disabled={state.connection === 'blocked'} />
        )}
        </>
        )}
      </div>
    )
  }
}
