// "Ask the knowledge base": a question put to the site's AI as a customer would, its answer and
// sources or its handoff and reason, and what the help-center search found with the figures that
// decide whether a passage is trusted. Nothing is stored.
import { h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import { QUESTION_MAX_CHARS } from '../../protocol/limits.ts'
import type { AskKnowledgeReply } from '../../protocol/rest/content.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { Markdown } from '../../ui/markdown.tsx'
import type { Auth } from '../auth.ts'
import { Sources } from '../sources.tsx'
import { SaveStatus, useSaving } from './kit.tsx'

function Matches({ reply }: { reply: AskKnowledgeReply }): JSX.Element {
  return (
    <details open={reply.outcome !== 'answer'}>
      <summary>What the search found</summary>
      {reply.matches.length === 0 ? (
        <p class="hint">No article shares a word with this question.</p>
      ) : (
        <table class="admin-table compact">
          <caption class="visually-hidden">Passages found, best first</caption>
          <thead>
            <tr>
              <th scope="col">Passage</th>
              <th scope="col">Score</th>
              <th scope="col">Coverage</th>
              <th scope="col">Confidence</th>
            </tr>
          </thead>
          <tbody>
            {reply.matches.map((m, i) => (
              <tr key={i} class={m.trusted ? 'trusted' : ''}>
                <td>
                  <strong>{m.title}</strong>
                  <span class="excerpt">{m.excerpt}</span>
                </td>
                <td class="number">{m.score.toFixed(2)}</td>
                <td class="number">{Math.round(m.coverage * 100)}%</td>
                <td class="number">
                  {m.confidence.toFixed(2)} {m.trusted ? <span class="tag good">trusted</span> : <span class="tag">below {reply.threshold}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">
        Confidence is the share of the question the passage covers, rare words counting more; the score only ranks. The offline AI answers only from a passage at {reply.threshold} or more; Gemini reads the first passages whatever their
        figures. Answered by: {reply.responder}.
      </p>
    </details>
  )
}

export function AskBox({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const [question, setQuestion] = useState('')
  const [reply, setReply] = useState<AskKnowledgeReply | null>(null)
  const [asking, run] = useSaving()
  return (
    <section class="ask" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask the knowledge base</h2>
      <p class="hint">
        Ask as a customer would, to see what the AI answers from these articles. Nothing is stored; with Gemini, each question counts toward the site's daily AI answers.
        {site.routingPolicy === 'human-only' && ' This site is answered by people only: its AI never writes to customers, and only suggests replies to agents.'}
      </p>
      <form
        class="ask-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (!question.trim()) return
          setReply(null)
          void run(async () => {
            const answered = await auth.request<AskKnowledgeReply>('POST', `/v1/sites/${encodeURIComponent(site.key)}/knowledge/ask`, { question: question.trim() })
            setReply(answered)
            return answered.outcome === 'answer' ? 'The AI answered.' : answered.outcome === 'handoff' ? 'The AI would hand this to a person.' : 'The AI would say nothing.'
          })
        }}
      >
        <input aria-label="Question" maxLength={QUESTION_MAX_CHARS} value={question} placeholder="How long do refunds take?" onInput={(e) => setQuestion(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={asking.state === 'saving' || !question.trim()}>
          Ask
        </button>
      </form>
      <SaveStatus saving={asking} busyText="Asking…" />
      {reply && (
        <div class="ask-reply">
          {reply.outcome === 'answer' && (
            <div class="ai-answer">
              <p class="answer-label">The AI answers:</p>
              <Markdown text={reply.text} />
              {reply.citations.length > 0 && (
                <p class="hint">
                  Source: <Sources citations={reply.citations} />
                </p>
              )}
            </div>
          )}
          {reply.outcome === 'handoff' && (
            <div class="ai-handoff">
              {reply.text && <Markdown text={reply.text} />}
              <p>
                <strong>Hands over to a person:</strong> {reply.handoffReason}
              </p>
            </div>
          )}
          {reply.outcome === 'silent' && <p class="hint">The AI would say nothing to this.</p>}
          <Matches reply={reply} />
        </div>
      )}
    </section>
  )
}
