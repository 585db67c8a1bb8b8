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
