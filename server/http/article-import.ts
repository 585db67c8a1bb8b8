// A bulk import is checked row by row before anything is stored, so an admin fixing a file of 200
// articles sees every problem at once (row, field, reason), not one per attempt. Two rows with the
// same URL would both update the one article of that URL: the second is reported instead.
import type { ImportRowProblem } from '../../protocol/errors.ts'
import { HelpArticleBody } from '../../protocol/rest/content.ts'
import type { NewHelpArticle } from '../store/store.ts'
import { compileChecked, createAjv } from '../validator.ts'

/** Fields reported per row at most (an article has three; the rest are unknown ones). */
const PROBLEMS_PER_ROW_MAX = 5

const validateRow = compileChecked(createAjv({ allErrors: true }), HelpArticleBody)

export type CheckedImport = { ok: true; articles: NewHelpArticle[] } | { ok: false; problems: ImportRowProblem[] }

/** Where a schema error points: the property at fault, or '' for the row as a whole. */
function fieldOf(error: { instancePath: string; params: Record<string, unknown> }): string {
  const missing = error.params.missingProperty ?? error.params.additionalProperty
  if (typeof missing === 'string') return missing
  return error.instancePath.replace(/^\//, '').split('/')[0] ?? ''
}

/** ajv's message, in words an admin reading about their own file understands. */
function reasonOf(error: { keyword: string; message?: string; params: Record<string, unknown> }, field: string): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a field of an article (title, body, url)'
    case 'required':
      return 'is required'
    case 'minLength':
    case 'x-not-blank':
      return 'must not be empty'
    case 'maxLength':
      return `is longer than ${String(error.params.limit)} characters`
    case 'pattern':
    case 'format':
      return field === 'url' ? 'must be an http:// or https:// address' : (error.message ?? 'is not valid')
    case 'type':
      return field === '' ? 'must be an object with a title and a body' : field === 'url' ? 'must be an address or null' : 'must be text'
    default:
      return error.message ?? 'is not valid'
  }
}

export function checkImportRows(rows: readonly unknown[]): CheckedImport {
  const problems: ImportRowProblem[] = []
  const rowOfUrl = new Map<string, number>()
  rows.forEach((row, index) => {
    if (!validateRow(row)) {
      // One reason per field, the first ajv gives: an empty title fails two rules, a bad URL every
      // branch of "an address or null", and the admin needs to hear it once.
      const seen = new Set<string>()
      for (const error of validateRow.errors ?? []) {
        const field = fieldOf(error)
        if (seen.has(field) || seen.size >= PROBLEMS_PER_ROW_MAX || error.keyword === 'anyOf') continue
        seen.add(field)
        problems.push({ index, field, reason: reasonOf(error, field) })
      }
      return
    }
    const url = (row as NewHelpArticle).url
    if (url) {
      const first = rowOfUrl.get(url)
      if (first !== undefined) problems.push({ index, field: 'url', reason: `has the same URL as the article at index ${first}` })
      else rowOfUrl.set(url, index)
    }
  })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, articles: rows.map((row) => row as NewHelpArticle) }
}
