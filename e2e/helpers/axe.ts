// axe-core's verdict on the widget's shadow tree, as one line per violation (empty when clean).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE)
  const result = (await page.evaluate('axe.run({ include: [["tandem-chat"]] })')) as { violations: { id: string; help: string; nodes: { target: unknown }[] }[] }
  return result.violations.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`)
}
