// Markdown pieces for bench/results.md.

/** A Markdown table; numbers are printed as they are, so round them first (see `fixed`). */
export function table(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => (value === null ? '–' : String(value)).replace(/\|/g, '\\|')
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n')
}

/** A number with `digits` decimals, as text; null stays null. */
export function fixed(value: number | null | undefined, digits = 1): string | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value.toFixed(digits)
}

/** Tandem's figure over the baseline's, as "0.42×"; null when either is missing or the baseline is 0. */
export function ratio(tandem: number | null | undefined, baseline: number | null | undefined, digits = 2): string | null {
  if (tandem === null || tandem === undefined || !baseline) return null
  return `${(tandem / baseline).toFixed(digits)}×`
}

/** Bytes of files as the server sends them (raw, gzip, brotli), one row each, and their sum under `totalName`. */
export function sizesTable(files: readonly (readonly [string, { raw: Buffer; gzip: Buffer; brotli: Buffer }])[], totalName: string): { markdown: string; total: { raw: number; gzip: number; brotli: number } } {
  const total = { raw: 0, gzip: 0, brotli: 0 }
  for (const [, file] of files) {
    total.raw += file.raw.length
    total.gzip += file.gzip.length
    total.brotli += file.brotli.length
  }
  const rows = [...files.map(([name, file]) => [name, file.raw.length, file.gzip.length, file.brotli.length]), [totalName, total.raw, total.gzip, total.brotli]]
  return { markdown: table(['file', 'raw B', 'gzip B', 'brotli B'], rows), total }
}
