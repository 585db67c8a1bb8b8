// CSV for reports (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
// a quote or a line break). A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or
// carriage return or line feed first) is prefixed with an apostrophe: a customer's comment "=HYPERLINK(…)" must
// arrive as text in the support lead's spreadsheet, not run there (OWASP, CSV injection).

const FORMULA_START = /^[=+\-@\t\r\n]/
const NEEDS_QUOTES = /[",\r\n]/

export type CsvValue = string | number | boolean | null | undefined

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  // Numbers are figures, never formulas, even negative ones.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  let text = String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvLine = (row: readonly CsvValue[]) => row.map(csvCell).join(',') + '\r\n'

export function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map(csvLine).join('')
}

/** Lines a chunk of a streamed CSV holds (~150 KB of conversations). */
export const CSV_CHUNK_ROWS = 1_000

/**
 * The same CSV as chunks of CSV_CHUNK_ROWS lines, made as the response is read, for files of many
 * thousand rows: no one string of them all (a year's conversations are ~17 MB), the event loop let go
 * between chunks, and nothing more made while a slow client has not read what came before.
 */
export async function* csvChunks<T>(header: readonly string[], items: readonly T[], rowOf: (item: T) => readonly CsvValue[]): AsyncGenerator<string> {
  yield csvLine(header)
  for (let start = 0; start < items.length; start += CSV_CHUNK_ROWS) {
    let chunk = ''
    for (const item of items.slice(start, start + CSV_CHUNK_ROWS)) chunk += csvLine(rowOf(item))
    yield chunk
    await new Promise((resolve) => setImmediate(resolve))
  }
}
