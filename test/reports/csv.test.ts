// Report CSV: quoting by RFC 4180, and no cell a spreadsheet would run as a formula.
import t from 'tap'
import { csv, csvCell, csvChunks, CSV_CHUNK_ROWS } from '../../server/reports/csv.ts'

t.test('cells starting like a formula are text; numbers stay numbers', async (t) => {
  for (const [raw, cell] of [
    ['=HYPERLINK("https://evil.example","Click")', `"'=HYPERLINK(""https://evil.example"",""Click"")"`],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTab first', "'\tTab first"],
    ['\rReturn first', `"'\rReturn first"`],
    ['\nLine first', `"'\nLine first"`],
    ['Fine, thanks', '"Fine, thanks"'],
    ['Plain', 'Plain'],
  ] as const) {
    t.equal(csvCell(raw), cell, JSON.stringify(raw))
  }
  t.equal(csvCell(-3), '-3', 'a negative number is a figure')
  t.equal(csvCell(0.5), '0.5')
  t.equal(csvCell(null), '')
  t.equal(csvCell(Number.NaN), '')
})

t.test('a table: a header, rows, CRLF line ends; quotes and line breaks inside a cell are kept', async (t) => {
  t.equal(csv(['date', 'comment'], [['2026-03-29', 'Said "hi"\nthen left'], ['2026-03-30', null]]), 'date,comment\r\n2026-03-29,"Said ""hi""\nthen left"\r\n2026-03-30,\r\n')
})

t.test('a streamed CSV is the same file, in chunks of a thousand lines after the header', async (t) => {
  const items = Array.from({ length: 2_500 }, (_, i) => ({ id: `c${i}`, comment: i % 2 ? '=1+1' : 'fine, thanks' }))
  const rowOf = (item: (typeof items)[number]) => [item.id, item.comment]
  const chunks: string[] = []
  for await (const chunk of csvChunks(['conversation', 'comment'], items, rowOf)) chunks.push(chunk)
  t.equal(chunks.join(''), csv(['conversation', 'comment'], items.map(rowOf)))
  t.same(chunks.map((chunk) => chunk.split('\r\n').length - 1), [1, CSV_CHUNK_ROWS, CSV_CHUNK_ROWS, 500])
  const none: string[] = []
  for await (const chunk of csvChunks(['conversation'], [], () => [])) none.push(chunk)
  t.same(none, ['conversation\r\n'], 'no rows: the header alone')
})
