// The demo shop at /demo/ (server/setup/demo-shop.ts), on a server whose first start set up the demo:
// the page a newcomer opens first, with the chat on it. `/` leads there, or to the agent app where
// there is no demo shop. Everything under a CSP as strict as a careful site's: scripts and styles from
// this server only, no inline code, the socket to this server.
import { TandemError } from '../errors.ts'
import type { Config } from '../config.ts'
import { DEMO_SHOP_CSS, DEMO_SHOP_SCRIPT, demoShopPage } from '../setup/demo-shop.ts'
import { demoSiteKey } from '../setup/demo.ts'
import type { Api } from './api-context.ts'
import { agentAppCsp } from './agent-app-routes.ts'

export const DEMO_SHOP_PATH = '/demo/'

export function demoShopRoutes(config: Config) {
  // Read when first asked for: the demo is set up after the server listens, on the first start.
  let siteKey: string | null = null
  const site = () => (siteKey ??= demoSiteKey(config))

  return async function register(app: Api) {
    const hidden = { schema: { hide: true } }
    app.get('/', hidden, async (_request, reply) => reply.redirect(site() ? DEMO_SHOP_PATH : '/agent/', 302))
    app.get('/demo', hidden, async (_request, reply) => reply.redirect(DEMO_SHOP_PATH, 308))
    app.get(DEMO_SHOP_PATH, hidden, async (_request, reply) => {
      const key = site()
      if (!key) throw new TandemError('ERR_ROUTE_NOT_FOUND', 'There is no demo shop here: it is set up by the first start of the embedded default (or with DEMO=true).')
      return reply
        .header('content-security-policy', agentAppCsp(config.publicUrl))
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(demoShopPage(key))
    })
    app.get('/demo/shop.css', hidden, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(DEMO_SHOP_CSS))
    app.get('/demo/shop.js', hidden, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(DEMO_SHOP_SCRIPT))
  }
}
