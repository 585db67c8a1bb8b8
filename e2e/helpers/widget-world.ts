// What most widget tests stand on: a Tandem server, a shop page on another origin with the tag, and
// the customer's hands (writing in the composer). Also a help article the offline AI answers from,
// and a wait on something read beside the server.
import type { Page } from 'playwright-core'
import type { Test } from 'tap'
import { widget } from './browser.ts'
import { shopPage, startHostSite } from './host-page.ts'
import { startTandem, type SeedOptions } from './tandem.ts'

export const RETURNS = {
  title: 'Returns policy',
  body: 'You can return any item within 30 days of delivery for a full refund. Start a return from your orders page.',
  url: 'https://shop.example/help/returns',
}

/** A seeded Tandem and a host site whose `/` pastes the tag (with `tag`'s extra attributes, head, body). */
export async function world(t: Test, options: Omit<SeedOptions, 'hostOrigin'> = {}, tag: { attributes?: string; head?: string; body?: string } = {}) {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin, ...options })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey, tag) })
  return { host, tandem }
}

/** The customer types into the composer (whatever its language) and presses Enter. */
export async function write(page: Page, text: string): Promise<void> {
  const composer = widget(page).locator('.composer textarea')
  await composer.fill(text)
  await composer.press('Enter')
}

/** Polls a check read beside the server (the database); the test's own time limit bounds it. */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}
