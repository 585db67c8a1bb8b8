// The site owner's side: pages on their own origin (another port than Tandem's) that paste the one
// script tag. Each page is HTML built by the test; a page may send its own response headers (a CSP).
import { createServer } from 'node:http'
import type { Test } from 'tap'

export interface HostPage {
  html: string
  headers?: Record<string, string>
}

export interface HostSite {
  origin: string
  url(path: string): string
  /** Serves `page` at `path` from now on. */
  put(path: string, page: HostPage): void
}

export async function startHostSite(t: Test): Promise<HostSite> {
  const pages = new Map<string, HostPage>()
  const server = createServer((request, response) => {
    const page = pages.get(new URL(request.url ?? '/', 'http://host').pathname)
    if (!page) return response.writeHead(404).end('not found')
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers }).end(page.html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return { origin, url: (path) => origin + path, put: (path, page) => pages.set(path, page) }
}

/** A plain shop page with the tag pasted before </body>, as the README tells site owners. */
export function shopPage(tandemUrl: string, siteKey: string, { head = '', body = '', attributes = '' } = {}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Shop</title>${head}</head>
<body>
<main><h1>Acme Shop</h1><p>Winter jackets, boots and everything for the cold.</p>${body}</main>
<script src="${tandemUrl}/widget.js" data-site="${siteKey}" ${attributes} async></script>
</body>
</html>`
}
