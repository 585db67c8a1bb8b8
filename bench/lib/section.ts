// One section of bench/results.md: what bench/run.ts asks of each measurement it runs.
export interface SectionContext {
  /** `--quick`: the smallest run that still exercises every path (npm test runs it); figures mean little. */
  quick: boolean
  /** A progress line on stderr; results.md gets only what the section returns. */
  log(message: string): void
}

export interface SectionResult {
  /** The heading in results.md. */
  title: string
  /** Markdown under the heading: how it was measured, then tables (see report.ts). */
  markdown: string
  /** The same figures as data, for bench/results.json and for the headline. */
  figures: Record<string, unknown>
}

export interface Section {
  /** A short name for `--only NAME` and progress lines. */
  name: string
  run(context: SectionContext): Promise<SectionResult>
}
