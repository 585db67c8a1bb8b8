// The agent app as an agent feels it (issue [10]): the bytes of its first screen (page, script and
// style sheet, as the server sends them), and in Chromium, with a workspace of many open
// conversations, how soon a signed-in reload shows the inbox's first rows, the Total Blocking Time
// until then, and how many rows the page holds (the list is windowed).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium } from 'playwright-core'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { readAgentAppAssets } from '../../server/http/agent-app-routes.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { median } from '../lib/measure.ts'
import { fixed, sizesTable, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'

const FULL = { conversations: 2000, loads: 7 }
const QUICK = { conversations: 50, loads: 1 }
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const PASSWORD = 'bench agent passphrase'

/** Long tasks from before the app's own script, and the moment the first row exists. */
const PROBE = `
window.__bench = { longTasks: [], rowsAt: null };
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration) }).observe({ type: 'longtask', buffered: true });
(function poll() {
  if (document.querySelector('.rows li.row')) window.__bench.rowsAt = performance.now();
  else requestAnimationFrame(poll);
})();`

/** What PROBE leaves on the page's window. */
type Probe = { longTasks: number[]; rowsAt: number | null }

export const agentApp: Section = {
  name: 'agent-app',
  async run({ quick, log }) {
    const assets = readAgentAppAssets()
    if (!assets) throw new Error('dist/agent/ is missing: run `npm run bundle`')
    const plan = quick ? QUICK : FULL
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-agent-'))
    const db = new Database(join(dir, 'tandem.db'))
    const store = createSqliteStore(db)
    const workspace = await store.createWorkspace({ name: 'Bench' })
    await store.createAgent(workspace.id, { name: 'Bench Agent', email: 'agent@bench.example', passwordHash: await hashPassword(PASSWORD), role: 'admin' })
    const site = await store.createSite(workspace.id, { name: 'Bench Shop', key: 'site_benchbenchbenchbenchbe', secretEncrypted: 'unused' })
    for (let i = 0; i < plan.conversations; i++) {
      const visitor = await store.createVisitor(workspace.id, { siteId: site.id, tokenHash: `bench-${i}`, name: `Customer ${i + 1}` })
      const conversation = await store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id })
      await store.appendMessage(workspace.id, { conversationId: conversation.id, kind: 'customer', authorId: visitor.id, text: `Where is my order ${i + 1}?` })
    }
    log(`agent-app: ${plan.conversations} open conversations seeded`)
    const app = await buildApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { store, agentApp: assets })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] })
    const runs: { rows: number; tbt: number; longest: number; domRows: number }[] = []
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      const tab = await context.newPage()
      await tab.addInitScript({ content: PROBE })
      await tab.goto(`${url}/agent/?view=open`)
      await tab.getByLabel('Email').fill('agent@bench.example')
      await tab.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await tab.getByRole('button', { name: 'Sign in' }).click()
      await tab.locator('.rows li.row').first().waitFor()
      for (let i = 0; i < plan.loads; i++) {
        // A reload signed in by the refresh cookie: the agent's usual first screen of the day.
        await tab.reload()
        // Functions, not strings: the app's CSP forbids evaluating strings, and the probe runs under it.
        await tab.waitForFunction(() => (globalThis as unknown as { __bench: Probe }).__bench.rowsAt !== null)
        const probe = (await tab.evaluate(() => (globalThis as unknown as { __bench: Probe }).__bench)) as { longTasks: number[]; rowsAt: number }
        runs.push({
          rows: probe.rowsAt,
          tbt: probe.longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
          longest: Math.max(0, ...probe.longTasks),
          domRows: await tab.locator('.rows li.row').count(),
        })
        log(`agent-app: load ${i + 1}/${plan.loads}`)
      }
      await context.close()
    } finally {
      await browser.close()
      await app.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
    // The admin pages are a chunk of their own, fetched only when an admin opens one.
    const assetFiles = [...assets.files].map(([name, file]) => [`/agent/assets/${name}`, file] as const)
    const isAdminChunk = ([name]: readonly [string, unknown]) => name.includes('/admin-pages-')
    const sizes = sizesTable([['page (/agent/)', assets.page] as const, ...assetFiles.filter((f) => !isAdminChunk(f))], 'first screen')
    const adminSizes = sizesTable(assetFiles.filter(isAdminChunk), 'admin pages, when first opened')
    const stat = (key: 'rows' | 'tbt' | 'longest' | 'domRows') => median(runs.map((r) => r[key]))
    const markdown = [
      'Bytes as the server sends them: the first screen is the page, its script and its style sheet; an',
      'admin opening an admin page fetches one more chunk (the build fails when the two pass 60 KB gzip).',
      `Then a workspace of ${plan.conversations} open conversations, and the agent's inbox`,
      `("All open") reloaded ${plan.loads} times in Chromium on the same machine, signed in by the refresh cookie:`,
      'from navigation until the first row is in the page, the Total Blocking Time until then (long',
      "tasks' time over 50 ms each), and the rows the page holds then. Medians.",
      '',
      sizes.markdown,
      '',
      adminSizes.markdown,
      '',
      table(
        ['open conversations', 'first rows ms', 'Total Blocking Time ms', 'longest task ms', 'rows in the page'],
        [[plan.conversations, fixed(stat('rows'), 0), fixed(stat('tbt'), 0), fixed(stat('longest'), 0), fixed(stat('domRows'), 0)]],
      ),
    ].join('\n')
    return {
      title: 'Agent app: bytes, and the inbox of a busy workspace',
      markdown,
      figures: { firstScreen: sizes.total, adminPages: adminSizes.total, conversations: plan.conversations, runs },
    }
  },
}
