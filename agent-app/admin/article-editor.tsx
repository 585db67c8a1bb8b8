// One help article, written in Markdown with a preview as customers will see it: created, changed or
// deleted. The parent asks `isDirty` before it lets anything replace the editor, so typed text is
// never thrown away without a question.
import { h, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { ARTICLE_BODY_MAX_CHARS, ARTICLE_TITLE_MAX_CHARS, URL_MAX_CHARS } from '../../protocol/limits.ts'
import type { HelpArticleView } from '../../protocol/rest/content.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { Markdown } from '../../ui/markdown.tsx'
import type { Auth } from '../auth.ts'
import { SaveStatus, useConfirm, useSaving } from './kit.tsx'

export type Editing = { mode: 'new' } | { mode: 'edit'; article: HelpArticleView }

export function ArticleEditor({ auth, site, editing, onSaved, onDeleted, onClose, onDirty }: {
  auth: Auth
  site: SiteView
  editing: Editing
  onSaved: (article: HelpArticleView) => void
  onDeleted: (id: string) => void
  onClose: () => void
  /** Whether the form holds changes not saved yet. */
  onDirty: (dirty: boolean) => void
}): JSX.Element {
  // The article as last saved: a new one becomes an edit once saved, in the same editor (its status and focus stay).
  const [saved, setSaved] = useState(editing.mode === 'edit' ? editing.article : null)
  const [title, setTitle] = useState(saved?.title ?? '')
  const [url, setUrl] = useState(saved?.url ?? '')
  const [body, setBody] = useState(saved?.body ?? '')
  const [preview, setPreview] = useState(false)
  const [saving, save] = useSaving()
  const [confirming, confirm] = useConfirm()
  const base = `/v1/sites/${encodeURIComponent(site.key)}/articles`
  const dirty = title !== (saved?.title ?? '') || url !== (saved?.url ?? '') || body !== (saved?.body ?? '')
  useEffect(() => onDirty(dirty), [dirty])
  const heading = saved ? `Edit “${saved.title}”` : 'New article'

  return (
    <form
      class="admin-form article-editor"
      aria-labelledby="article-editor-title"
      onSubmit={(event) => {
        event.preventDefault()
        void save(async () => {
          const payload = { title: title.trim(), body, url: url.trim() === '' ? null : url.trim() }
          const written = saved
            ? await auth.request<HelpArticleView>('PATCH', `${base}/${encodeURIComponent(saved.id)}`, payload)
            : await auth.request<HelpArticleView>('POST', base, payload)
          setSaved(written)
          setTitle(written.title)
          setUrl(written.url ?? '')
          onSaved(written)
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
          {saved ? 'Save article' : 'Add article'}
        </button>
        {saved && (
          <button
            type="button"
            class="danger"
            onClick={async () => {
              if (!(await confirm({ title: `Delete “${saved.title}”?`, text: 'The AI stops answering from it at once.', confirmLabel: 'Delete article' }))) return
              void save(async () => {
                await auth.request('DELETE', `${base}/${encodeURIComponent(saved.id)}`)
                onDeleted(saved.id)
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
