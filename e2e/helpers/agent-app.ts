// The agent's side of a browser test: the agent app at Tandem's /agent/, signed in through its own
// sign-in screen, and axe-core over the whole page.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import type { Test } from 'tap'
import { TEST_PASSWORD } from '../../test/helpers/factories.ts'
import { openPage, type WatchedPage } from './browser.ts'
import type { Tandem } from './tandem.ts'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Fills the sign-in form; waits for what comes after it (the inbox, or "choose your password"). */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** A new browser context with agent `index` of the seeded workspace signed in, the inbox on screen. */
export async function agentPage(t: Test, browser: Browser, tandem: Tandem, index = 0, options: { viewport?: { width: number; height: number }; path?: string } = {}): Promise<WatchedPage> {
  const page = await openPage(t, browser, options.viewport ? { viewport: options.viewport } : {})
  await page.goto(`${tandem.url}${options.path ?? '/agent/'}`)
  await signIn(page, tandem.agents[index]!.email)
  await page.locator('nav.sidebar').waitFor()
  return page
}

/** The app's connection is up (no "connecting"/"reconnecting" banner). */
export async function online(page: Page): Promise<void> {
  await page.locator('.connection').waitFor({ state: 'detached' })
}

/** A row of the list on screen, by the customer's name. */
export const row = (page: Page, customer: string) => page.locator('.rows li.row', { hasText: customer })

/** axe-core's violations on the whole page, one line each (empty when clean). */
export async function axePage(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE)
  const result = (await page.evaluate('axe.run(document)')) as { violations: { id: string; help: string; nodes: { target: unknown }[] }[] }
  return result.violations.map((v) => `${v.id}: ${v.help} (${JSON.stringify(v.nodes.map((n) => n.target))})`)
}
