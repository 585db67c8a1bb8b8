// The demo help center (server/setup/demo-help-center.json) as records, for tests that need articles
// without a database, and the paraphrased question fixture that measures the offline responder.
import { readFileSync } from 'node:fs'
import { demoHelpCenter } from '../../server/setup/demo.ts'
import type { HelpArticle } from '../../server/store/records.ts'

export function demoArticles(siteId = 'site', workspaceId = 'workspace'): HelpArticle[] {
  const at = new Date(Date.UTC(2026, 10, 1))
  return demoHelpCenter().articles.map((article, i) => ({
    id: `article${i}`,
    workspaceId,
    siteId,
    title: article.title,
    url: article.url ?? null,
    body: article.body,
    createdAt: at,
    updatedAt: at,
  }))
}

export interface FixtureQuestion {
  q: string
  /** The article that answers it; null: nothing does, and the responder must hand off. */
  expect: string | null
}

export const questionFixture = JSON.parse(readFileSync(new URL('../fixtures/help-center-questions.json', import.meta.url), 'utf8')) as {
  tuning: FixtureQuestion[]
  heldOut: FixtureQuestion[]
}
