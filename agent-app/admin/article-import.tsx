// Importing a JSON file of help articles. The file is read here (so a file that is not JSON, or holds
// no list, is said at once); the server checks every row and imports nothing while one is invalid,
// and this lists each invalid row with its field and reason.
import { h, type JSX } from 'preact'
import { useRef, useState } from 'preact/hooks'
import type { ImportRowProblem } from '../../protocol/errors.ts'
import { ARTICLE_IMPORT_MAX } from '../../protocol/limits.ts'
import type { ImportArticlesReply } from '../../protocol/rest/content.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { ApiError } from '../../ui/api-error.ts'
import type { Auth } from '../auth.ts'
import { errorText } from '../desk.ts'

/** The import route's own body limit (server/http/article-routes.ts). */
const IMPORT_FILE_MAX_BYTES = 16 * 1024 * 1024
/** A 16 MB upload on a slow line takes a while: longer than the app's usual wait for an answer. */
const IMPORT_TIMEOUT_MS = 120_000

type ImportResult =
  | { kind: 'done'; reply: ImportArticlesReply }
  | { kind: 'rows'; message: string; rows: ImportRowProblem[] }
  | { kind: 'problem'; text: string }

/** The rows of a file: a list of articles, or {"articles": [...]}; a string says what is wrong. */
export function rowsOf(text: string): unknown[] | string {
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

export function ArticleImport({ auth, site, onImported }: { auth: Auth; site: SiteView; onImported: () => void }): JSX.Element {
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
      const reply = await auth.request<ImportArticlesReply>('POST', `/v1/sites/${encodeURIComponent(site.key)}/articles/import`, { articles: rows }, { timeoutMs: IMPORT_TIMEOUT_MS })
      setResult({ kind: 'done', reply })
      onImported()
    } catch (error) {
      const rows = error instanceof ApiError && error.code === 'ERR_ARTICLE_IMPORT_INVALID' ? (error.details.rows as ImportRowProblem[] | undefined) : undefined
      if (error instanceof ApiError && rows) setResult({ kind: 'rows', message: error.message, rows })
      else if (error instanceof ApiError && error.code === 'ERR_NETWORK') {
        // The server may have imported it all the same: the list says, before the file is sent twice.
        setResult({ kind: 'problem', text: 'No answer came back, so the import may or may not have happened. The list below is read again: check it before importing the file again.' })
        onImported()
      } else setResult({ kind: 'problem', text: errorText(error) })
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
      <div class="import-result">
        {/* Only the outcome is announced; the table of rows is there to read at one's pace. */}
        <p role="status" class={result?.kind === 'done' || result === null ? '' : 'problem'}>
          {result?.kind === 'done' ? `Imported: ${result.reply.created} new, ${result.reply.updated} updated.` : result?.kind === 'rows' ? result.message : result?.kind === 'problem' ? result.text : ''}
        </p>
        {result?.kind === 'rows' && (
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
        )}
      </div>
    </section>
  )
}
