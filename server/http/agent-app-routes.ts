// Serves the agent app: its page at /agent/ and every path below it (client-side routes such as
// /agent/conversations/<id> load the same page, which draws the route), and its content-hashed
// scripts and styles under /agent/assets/ (cached for a year, immutable). The page carries a strict
// CSP of its own: only this server's scripts, styles and sockets, no inline script, no framing.
// Files are read and compressed once, at start; a missing build answers 404 with what to run.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { TandemError } from '../errors.ts'
import type { Api } from './api-context.ts'
import { bundleDir, readAsset, sendAsset, type Asset } from './static-assets.ts'

export const AGENT_APP_PATH = '/agent/'

export interface AgentAppAssets {
  page: Asset
  /** Scripts and styles, by file name. */
  files: Map<string, Asset>
}

const cache = new Map<string, AgentAppAssets>()

export function readAgentAppAssets(dir = bundleDir()): AgentAppAssets | null {
  const root = join(dir, 'agent')
  const pagePath = join(root, 'index.html')
  if (!existsSync(pagePath)) return null
  const page = readAsset(pagePath)
  const cached = cache.get(dir)
  if (cached?.page.etag === page.etag) return cached
  const assetsDir = join(root, 'assets')
  const names = existsSync(assetsDir) ? readdirSync(assetsDir) : []
  const assets = { page, files: new Map(names.map((name) => [name, readAsset(join(assetsDir, name))])) }
  cache.set(dir, assets)
  return assets
}

/**
 * `'self'` covers the page's own ws:/wss: origin in CSP Level 3 browsers; the public URL's socket
 * origin is named too, for a page reached through another name than the one the server calls itself.
 */
export function agentAppCsp(publicUrl: string): string {
  const socketOrigin = new URL(publicUrl).origin.replace(/^http/, 'ws')
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${socketOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json' }

export function agentAppRoutes(assets: AgentAppAssets | null, publicUrl: string) {
  const csp = agentAppCsp(publicUrl)

  function page(request: FastifyRequest, reply: FastifyReply) {
    if (!assets) throw new TandemError('ERR_ROUTE_NOT_FOUND', 'The agent app is not built: run `npm run bundle`.')
    reply
      .header('content-security-policy', csp)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      // The page names the current build's hashed files, so it is revalidated on every load.
      .header('cache-control', 'no-cache')
    return sendAsset(request, reply, assets.page, 'text/html; charset=utf-8')
  }

  return async function register(app: Api) {
    const hidden = { schema: { hide: true } }
    app.get('/agent', hidden, async (_request, reply) => reply.redirect(AGENT_APP_PATH, 308))
    app.get('/agent/', hidden, async (request, reply) => page(request, reply))
    app.get('/agent/assets/:file', hidden, async (request, reply) => {
      const { file } = request.params as { file: string }
      const found = assets?.files.get(file)
      if (!found) throw new TandemError('ERR_ROUTE_NOT_FOUND')
      const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream'
      return sendAsset(request, reply.header('cache-control', 'public, max-age=31536000, immutable'), found, type)
    })
    // Client-side routes: any other path under /agent/ is the app, which shows the route or says
    // it does not know it.
    app.get('/agent/*', hidden, async (request, reply) => page(request, reply))
  }
}
