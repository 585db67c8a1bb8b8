// A site's help center: the articles its AI answers from, searched as one types, with the editor (or,
// while nothing is being edited, the knowledge-base box) beside them and the import below.
import { h, type JSX } from 'preact'
import { useMemo, useRef, useState } from 'preact/hooks'
import type { HelpArticleView } from '../../protocol/rest/content.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import type { Auth } from '../auth.ts'
import { ArticleEditor, type Editing } from './article-editor.tsx'
import { ArticleImport } from './article-import.tsx'
import { AskBox } from './ask-box.tsx'
import { formatDateTime, Loading, LoadProblem, useConfirm, useFocusRescue, useLoaded } from './kit.tsx'

/** The words of a search, each of which an article must hold (title, text or address). */
export function matchesSearch(article: Pick<HelpArticleView, 'title' | 'body' | 'url'>, search: string): boolean {
  const text = `${article.title}\n${article.body}\n${article.url ?? ''}`.toLowerCase()
  return search.toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word))
}

export function HelpCenter({ auth, site }: { auth: Auth; site: SiteView }): JSX.Element {
  const articles = useLoaded(() => auth.request<{ items: HelpArticleView[] }>('GET', `/v1/sites/${encodeURIComponent(site.key)}/articles`).then((r) => r.items), site.key)
  const [search, setSearch] = useState('')
  // Each opening of the editor is a session of its own (its key): saving a new article keeps it.
  const [editing, setEditing] = useState<(Editing & { session: number }) | null>(null)
  const sessions = useRef(0)
  const dirty = useRef(false)
  const [confirming, confirm] = useConfirm()
  const heading = useRef<HTMLHeadingElement>(null)
  useFocusRescue(() => heading.current, [editing === null])
  const shown = useMemo(() => (articles.value ?? []).filter((a) => matchesSearch(a, search)), [articles.value, search])

  /** Opens `next` in the editor (or closes it), asking first when typed changes would be lost. */
  async function edit(next: Editing | null) {
    if (dirty.current && !(await confirm({ title: 'Discard your changes?', text: 'The article you are editing has changes that are not saved.', confirmLabel: 'Discard changes' }))) return
    dirty.current = false
    setEditing(next && { ...next, session: ++sessions.current })
  }

  return (
    <div class="help-center">
      <div class="help-grid">
        <section class="article-list" aria-labelledby="articles-title">
          <div class="list-head">
            <h2 id="articles-title" ref={heading} tabIndex={-1}>
              Articles{articles.value ? ` (${articles.value.length})` : ''}
            </h2>
            <button type="button" class="primary" onClick={() => void edit({ mode: 'new' })}>
              New article
            </button>
          </div>
          <input type="search" aria-label="Search articles" placeholder="Search articles" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
          <Loading loaded={articles} />
          {articles.problem && <LoadProblem problem={articles.problem} onRetry={articles.reload} />}
          {articles.value && shown.length === 0 && <p class="empty">{articles.value.length === 0 ? 'No article yet: write one, or import a file.' : 'No article matches.'}</p>}
          <ul>
            {shown.map((article) => (
              <li key={article.id}>
                <button
                  type="button"
                  class={`article-row${editing?.mode === 'edit' && editing.article.id === article.id ? ' selected' : ''}`}
                  aria-current={editing?.mode === 'edit' && editing.article.id === article.id ? 'true' : undefined}
                  onClick={() => void edit({ mode: 'edit', article })}
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
              key={editing.session}
              auth={auth}
              site={site}
              editing={editing}
              onDirty={(changed) => (dirty.current = changed)}
              onClose={() => void edit(null)}
              onSaved={(saved) => articles.set((latest) => ((latest ?? []).some((a) => a.id === saved.id) ? (latest ?? []).map((a) => (a.id === saved.id ? saved : a)) : [...(latest ?? []), saved]))}
              onDeleted={(id) => {
                articles.set((latest) => (latest ?? []).filter((a) => a.id !== id))
                dirty.current = false
                setEditing(null)
              }}
            />
          ) : (
            <AskBox auth={auth} site={site} />
          )}
          <ArticleImport
            auth={auth}
            site={site}
            onImported={() => {
              // An article open unchanged in the editor may just have been rewritten by the file: the
              // editor closes rather than offer its old text to save over it. Typed changes stay.
              if (!dirty.current) setEditing(null)
              articles.reload()
            }}
          />
        </div>
      </div>
      {confirming}
    </div>
  )
}
