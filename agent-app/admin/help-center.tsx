// A site's help center: the articles its AI answers from. An admin searches, writes (Markdown, with a
// preview as customers will see it), deletes, imports a JSON file (every invalid row is listed, an
// article whose URL exists is updated), and asks the AI a question to see what it would answer and why.
import { h, type JSX } from 'preact'
import { useMemo, useRef, useState } from 'preact/hooks'
import type { ImportRowProblem } from '../../protocol/errors.ts'
import { ARTICLE_BODY_MAX_CHARS, ARTICLE_IMPORT_MAX, ARTICLE_TITLE_MAX_CHARS, QUESTION_MAX_CHARS, URL_MAX_CHARS } from '../../protocol/limits.ts'
import type { AskKnowledgeReply, HelpArticleView, ImportArticlesReply } from '../../protocol/rest/content.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { ApiError } from '../../ui/api-error.ts'
import { Markdown } from '../../ui/markdown.tsx'
import type { Auth } from '../auth.ts'
import { errorText } from '../desk.ts'
import { Sources } from '../sources.tsx'
import { formatDateTime, LoadProblem, SaveStatus, useConfirm, useLoaded, useSaving } from './kit.tsx'

/** The import route's own body limit (server/http/article-routes.ts). */
const IMPORT_FILE_MAX_BYTES = 16 * 1024 * 1024

type Editing = { mode: 'new' } | { mode: 'edit'; article: HelpArticleView }

function ArticleEditor({ auth, site, editing, onSaved, onDeleted, onClose }: {
  auth: Auth
  site: SiteView
  editing: Editing
  onSaved: (article: HelpArticleView) => void
  onDeleted: (id: string) => void
  onClose: () => void
}): JSX.Element {
  const start = editing.mode === 'edit' ? editing.article : null
  const [title, setTitle] = useState(start?.title ?? '')
  const [url, setUrl] = useState(start?.url ?? '')
  const [body, setBody] = useState(start?.body ?? '')
  const [preview, setPreview] = useState(false)
  const [saving, save] = useSaving()
  const [confirming, confirm] = useConfirm()
  const base = `/v1/sites/${encodeURIComponent(site.key)}/articles`
  const heading = start ? `Edit “${start.title}”` : 'New article'
  return (
    <form
      class="admin-form article-editor"
      aria-labelledby="article-editor-title"
      onSubmit={(event) => {
        event.preventDefault()
        void save(async () => {
          const payload = { title: title.trim(), body, url: url.trim() === '' ? null : url.trim() }
          const saved = start
            ? await auth.request<HelpArticleView>('PATCH', `${base}/${encodeURIComponent(start.id)}`, payload)
            : await auth.request<HelpArticleView>('POST', base, payload)
          onSaved(saved)
          return 'Saved. The AI answers from it from now on.'
        })
      }}
    >
      <div class="editor-head">
        <h2 id="article-editor-title">{heading}</h2>
        <button type="button" class="link" onClick={onClose}>
          Close
        </button>
      </div>
      <label class="field">
        <span>Title</span>
        <input required maxLength={ARTICLE_TITLE_MAX_CHARS} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Address on your site (optional)</span>
        <input type="url" maxLength={URL_MAX_CHARS} value={url} placeholder="https://shop.example/help/returns" onInput={(e) => setUrl(e.currentTarget.value)} />
      </label>
      <div class="field">
        <div class="body-tabs" role="group" aria-label="Article text">
          <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
            Write
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview(true)}>
            Preview
          </button>
        </div>
        {preview ? (
          <div class="article-preview" aria-label="Preview">
            {body.trim() ? <Markdown text={body} /> : <p class="hint">Nothing to preview yet.</p>}
          </div>
        ) : (
          <textarea aria-label="Article text (Markdown)" required rows={14} maxLength={ARTICLE_BODY_MAX_CHARS} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        )}
        <span class="hint">Markdown: **bold**, lists, [links](https://…). Separate paragraphs with an empty line: the AI answers with the paragraphs that match.</span>
      </div>
      <div class="save-bar">
        <button type="submit" class="primary" disabled={saving.state === 'saving'}>
          {start ? 'Save article' : 'Add article'}
        </button>
        {start && (
          <button
            type="button"
            class="danger"
            onClick={async () => {
              if (!(await confirm({ title: `Delete “${start.title}”?`, text: 'The AI stops answering from it at once.', confirmLabel: 'Delete article' }))) return
              void save(async () => {
                await auth.request('DELETE', `${base}/${encodeURIComponent(start.id)}`)
                onDeleted(start.id)
                return 'Deleted.'
              })
            }}
          >
            Delete
          </button>
        )}
        <SaveStatus saving={saving} />
      </div>
      {confirming}
    </form>
  )
}

type ImportResult = { kind: 'done'; reply: ImportArticlesReply } | { kind: 'rows'; message: string; rows: ImportRowProblem[] } | { kind: 'problem'; text: string }

function rowsOf(text: string): unknown[] | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return `The file is not JSON: ${(error as Error).message}`
  }
  const rows = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown } | null)?.articles
  if (!Array.isArray(rows)) return 'The file holds no list of articles: write [{"title": …, "body": …, "url": …}, …] or {"articles": […]}.'
  if (rows.length === 0) return 'The file’s list of articles is empty.'
  if (rows.length > ARTICLE_IMPORT_MAX) return `The file has ${rows.length} articles; an import takes at most ${ARTICLE_IMPORT_MAX}. Split it into several files.`
  return rows
}

function ImportArticles({ auth, site, onImported }: { auth: Auth; site: SiteView; onImported: () => void }): JSX.Element {
  const [result, setResult] = useState<ImportResult | null>(null)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  async function importFile(file: File) {
    setResult(null)
    if (file.size > IMPORT_FILE_MAX_BYTES) return setResult({ kind: 'problem', text: 'The file is larger than 16 MB.' })
    const rows = rowsOf(await file.text())
    if (typeof rows === 'string') return setResult({ kind: 'problem', text: rows })
    setBusy(true)
    try {
      const reply = await auth.request<ImportArticlesReply>('POST', `/v1/sites/${encodeURIComponent(site.key)}/articles/import`, { articles: rows })
      setResult({ kind: 'done', reply })
      onImported()
    } catch (error) {
      const rows = error instanceof ApiError && error.code === 'ERR_ARTICLE_IMPORT_INVALID' ? (error.details.rows as ImportRowProblem[] | undefined) : undefined
      if (error instanceof ApiError && rows) setResult({ kind: 'rows', message: error.message, rows })
      else setResult({ kind: 'problem', text: errorText(error) })
    } finally {
      setBusy(false)
      if (input.current) input.current.value = ''
    }
  }

  return (
    <section class="import" aria-labelledby="import-title">
      <h2 id="import-title">Import articles</h2>
      <p class="hint">
        A JSON file with a list of articles, each with a <code>title</code>, a <code>body</code> and an optional <code>url</code> (up to {ARTICLE_IMPORT_MAX}). An article whose address is already in the help center is updated; nothing is imported while a row is invalid.
      </p>
      <label class="file-pick">
        <span class="button-like">{busy ? 'Importing…' : 'Choose a JSON file'}</span>
        <input ref={input} type="file" accept="application/json,.json" disabled={busy} onChange={(e) => e.currentTarget.files?.[0] && void importFile(e.currentTarget.files[0])} />
      </label>
      <div role="status" class="import-result">
        {result?.kind === 'done' && (
          <p>
            Imported: {result.reply.created} new, {result.reply.updated} updated.
          </p>
        )}
        {result?.kind === 'problem' && <p class="problem">{result.text}</p>}
        {result?.kind === 'rows' && (
          <div>
            <p class="problem">{result.message}</p>
            <table class="admin-table compact">
              <caption class="visually-hidden">Invalid rows of the import</caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Field</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row, i) => (
                  <tr key={i}>
                    <td>
                      No. {row.index + 1} <span class="hint">(index {row.index})</span>
                    </td>
                    <td>{row.field ? <code>{row.field}</code> : 'the row'}</td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  )
}

function AskBox({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const [question, setQuestion] = useState('')
  const [reply, setReply] = useState<AskKnowledgeReply | null>(null)
  const [saving, run] = useSaving()
  return (
    <section class="ask" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask the knowledge base</h2>
      <p class="hint">Ask as a customer would, to see what the AI answers from these articles. Nothing is stored.</p>
      <form
        class="ask-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (!question.trim()) return
          void run(async () => {
            setReply(await auth.request<AskKnowledgeReply>('POST', `/v1/sites/${encodeURIComponent(site.key)}/knowledge/ask`, { question: question.trim() }))
            return 'Answered.'
          })
        }}
      >
        <input aria-label="Question" maxLength={QUESTION_MAX_CHARS} value={question} placeholder="How long do refunds take?" onInput={(e) => setQuestion(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={saving.state === 'saving' || !question.trim()}>
          Ask
        </button>
      </form>
      {saving.state === 'failed' && <SaveStatus saving={saving} />}
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
              Confidence is score × coverage (the share of the question the passage covers); the offline AI answers only from a passage at {reply.threshold} or more. Answered by: {reply.responder}.
            </p>
          </details>
        </div>
      )}
    </section>
  )
}

export function HelpCenter({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const articles = useLoaded(() => auth.request<{ items: HelpArticleView[] }>('GET', `/v1/sites/${encodeURIComponent(site.key)}/articles`).then((r) => r.items), site.key)
  const [search, setSearch] = useState('')
  const [editing, setEditing] = useState<Editing | null>(null)
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean)
    return (articles.value ?? []).filter((a) => {
      const text = `${a.title}\n${a.body}\n${a.url ?? ''}`.toLowerCase()
      return words.every((w) => text.includes(w))
    })
  }, [articles.value, search])

  return (
    <div class="help-center">
      <div class="help-grid">
        <section class="article-list" aria-labelledby="articles-title">
          <div class="list-head">
            <h2 id="articles-title">Articles{articles.value ? ` (${articles.value.length})` : ''}</h2>
            <button type="button" class="primary" onClick={() => setEditing({ mode: 'new' })}>
              New article
            </button>
          </div>
          <input type="search" aria-label="Search articles" placeholder="Search articles" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
          {articles.problem && <LoadProblem problem={articles.problem} onRetry={articles.reload} />}
          {articles.value && shown.length === 0 && <p class="empty">{articles.value.length === 0 ? 'No article yet: write one, or import a file.' : 'No article matches.'}</p>}
          <ul>
            {shown.map((article) => (
              <li key={article.id}>
                <button
                  type="button"
                  class={`article-row${editing?.mode === 'edit' && editing.article.id === article.id ? ' selected' : ''}`}
                  onClick={() => setEditing({ mode: 'edit', article })}
                >
                  <span class="article-title">{article.title}</span>
                  <span class="hint">
                    {article.url ?? 'No address'} · {formatDateTime(article.updatedAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <div class="help-side">
          {editing ? (
            <ArticleEditor
              key={editing.mode === 'edit' ? editing.article.id : 'new'}
              auth={auth}
              site={site}
              editing={editing}
              onClose={() => setEditing(null)}
              onSaved={(saved) => {
                const list = articles.value ?? []
                articles.set(list.some((a) => a.id === saved.id) ? list.map((a) => (a.id === saved.id ? saved : a)) : [...list, saved])
                setEditing({ mode: 'edit', article: saved })
              }}
              onDeleted={(id) => {
                articles.set((articles.value ?? []).filter((a) => a.id !== id))
                setEditing(null)
              }}
            />
          ) : (
            <AskBox auth={auth} site={site} />
          )}
          <ImportArticles auth={auth} site={site} onImported={articles.reload} />
        </div>
      </div>
    </div>
  )
}
