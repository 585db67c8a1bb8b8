// The widget as a host page feels it (issue [09]): the bytes of the loader and the chat app (raw,
// gzip, brotli, as the server sends them), and in Chromium the page's Total Blocking Time and when
// the launcher is on screen, for the same page with and without the tag, loaded in turns.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { chromium } from 'playwright-core'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import { readWidgetAssets } from '../../server/http/widget-routes.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { median } from '../lib/measure.ts'
import { fixed, sizesTable, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'

const FULL_LOADS = 10
const QUICK_LOADS = 1
/** After `load`, long tasks are collected this much longer (the idle fetch of the chat app included). */
const SETTLE_MS = 1500
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Collects long tasks and the moment the launcher exists, from before the page's own scripts. */
const PROBE = `
window.__bench = { longTasks: [], launcherAt: null };
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration) }).observe({ type: 'longtask', buffered: true });
(function poll() {
  const host = document.querySelector('tandem-chat');
  if (host && host.shadowRoot && host.shadowRoot.querySelector('.launcher')) window.__bench.launcherAt = performance.now();
  else requestAnimationFrame(poll);
})();`

function page(tag: string): string {
  const items = Array.from({ length: 40 }, (_, i) => `<li><h2>Product ${i + 1}</h2><p>A warm winter jacket, water-resistant, in five colours.</p></li>`).join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><main><h1>Shop</h1><ul>${items}</ul></main>${tag}</body></html>`
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)))
}

export const widget: Section = {
  name: 'widget',
  async run({ quick, log }) {
    const assets = readWidgetAssets()
    if (!assets) throw new Error('dist/widget.js is missing: run `npm run bundle`')
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-widget-'))
    const db = new Database(join(dir, 'tandem.db'))
    const app = await buildApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), { store: createSqliteStore(db), widget: assets })
    const tandem = `http://127.0.0.1:${await app.listen({ port: 0, host: '127.0.0.1' }).then((address) => new URL(address).port)}`
    const pages = { without: page(''), with: page(`<script src="${tandem}/widget.js" data-site="site_bench" async></script>`) }
    const host = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(request.url === '/with' ? pages.with : pages.without)
    })
    const hostUrl = await listen(host)
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] })
    const runs: Record<'with' | 'without', { tbt: number; longest: number; launcher: number | null }[]> = { with: [], without: [] }
    try {
      const loads = quick ? QUICK_LOADS : FULL_LOADS
      for (let i = 0; i < loads; i++) {
        // In turns, each load in a fresh context (an empty cache: a first visit).
        for (const kind of i % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
          const context = await browser.newContext()
          const tab = await context.newPage()
          await tab.addInitScript({ content: PROBE })
          await tab.goto(`${hostUrl}/${kind}`, { waitUntil: 'load' })
          if (kind === 'with') await tab.waitForFunction('window.__bench.launcherAt !== null')
          await tab.waitForTimeout(SETTLE_MS)
          const probe = (await tab.evaluate('window.__bench')) as { longTasks: number[]; launcherAt: number | null }
          runs[kind].push({
            tbt: probe.longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
            longest: Math.max(0, ...probe.longTasks),
            launcher: probe.launcherAt,
          })
          await context.close()
        }
        log(`widget: load ${i + 1}/${loads}`)
      }
    } finally {
      await browser.close()
      host.close()
      await app.close()
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const sizes = [
      ['loader (/widget.js)', assets.loader],
      [`chat app (/widget/${assets.chatFile})`, assets.chat],
    ] as const
    const sizeTable = sizesTable(sizes, 'both')
    const stat = (kind: 'with' | 'without', key: 'tbt' | 'longest' | 'launcher') => median(runs[kind].map((r) => r[key]).filter((v): v is number => v !== null))
    const markdown = [
      'Bytes as the server sends them (`Content-Encoding` as the browser accepts). Then a product page of',
      `40 items served from its own origin, loaded ${runs.with.length} times with the tag and ${runs.without.length} without, in turns,`,
      'each in a fresh Chromium context (a first visit, empty cache), on the same machine as the server.',
      `Total Blocking Time: the long tasks' time over 50 ms each, from navigation to ${SETTLE_MS / 1000} s after \`load\``,
      "(so the chat app's idle fetch is in); the launcher's time is from navigation until its button is in",
      'the shadow root. Medians.',
      '',
      sizeTable.markdown,
      '',
      table(
        ['page', 'Total Blocking Time ms', 'longest task ms', 'launcher on screen ms'],
        [
          ['without the tag', fixed(stat('without', 'tbt'), 0), fixed(stat('without', 'longest'), 0), null],
          ['with the tag', fixed(stat('with', 'tbt'), 0), fixed(stat('with', 'longest'), 0), fixed(stat('with', 'launcher'), 0)],
        ],
      ),
    ].join('\n')
    return {
      title: 'Widget: bytes, and what the tag costs a host page',
      markdown,
      figures: {
        loader: { raw: assets.loader.raw.length, gzip: assets.loader.gzip.length, brotli: assets.loader.brotli.length },
        chat: { raw: assets.chat.raw.length, gzip: assets.chat.gzip.length, brotli: assets.chat.brotli.length },
        runs,
      },
    }
  },
}
