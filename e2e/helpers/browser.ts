// Debian's Chromium driven by playwright-core (no browser download): one browser per test file,
// a fresh context per test. Pages record dialogs (an XSS that fires one fails the test) and CSP
// violations, and screenshots land in e2e/screenshots/.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Test } from 'tap'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname

export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  t.teardown(() => browser.close())
  return browser
}

export interface WatchedPage extends Page {
  dialogs: string[]
  cspViolations: string[]
}

export async function openPage(
  t: Test,
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string; timezoneId?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  })
  t.teardown(() => context.close())
  const page = (await context.newPage()) as WatchedPage
  page.dialogs = []
  page.cspViolations = []
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await page.exposeFunction('__reportCsp', (what: string) => page.cspViolations.push(what))
  // Runs in the page before its own scripts (as text: this file is typechecked for Node).
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI))",
  })
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** The widget's shadow root, where the launcher and the chat live. */
export const widget = (page: Page) => page.locator('tandem-chat')
