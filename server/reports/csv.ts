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

export function csv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
