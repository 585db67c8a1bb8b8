// Serves the widget: /widget.js (the script tag's target, whose URL never changes, so it is cached
// for minutes and revalidated by ETag: a release reaches every site soon) and the chat app and its
// lazy chunks (the locale tables) under their content-hashed names (cached for a year, immutable, and
// readable as modules from any page). Only the files the build's manifest names are served. Files
// are read and compressed once, at start; a build that is missing leaves both routes answering 404.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { TandemError } from '../errors.ts'
import type { Api } from './api-context.ts'
import { bundleDir, readAsset as asset, sendAsset, type Asset } from './static-assets.ts'

/** The loader's cache lifetime: how soon a new release reaches pages already open elsewhere. */
export const LOADER_MAX_AGE_SECONDS = 300
const IMMUTABLE = 'public, max-age=31536000, immutable'

export interface WidgetAssets {
  loader: Asset
  chatFile: string
  chat: Asset
  /** The chat app's lazy chunks, by file name. */
  chunks: Map<string, Asset>
}

/** Read once per build: every app a process builds (tests build hundreds) shares the compressed copies. */
const cache = new Map<string, { builtAt: number; assets: WidgetAssets }>()

export function readWidgetAssets(dir = bundleDir()): WidgetAssets | null {
  const manifestPath = join(dir, 'widget', 'manifest.json')
  if (!existsSync(join(dir, 'widget.js')) || !existsSync(manifestPath)) return null
  const builtAt = statSync(join(dir, 'widget.js')).mtimeMs
  const cached = cache.get(dir)
  if (cached?.builtAt === builtAt) return cached.assets
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { chat: string; chunks?: string[] }
  const chunks = new Map((manifest.chunks ?? []).map((name) => [name, asset(join(dir, 'widget', basename(name)))]))
  const assets = { loader: asset(join(dir, 'widget.js')), chatFile: manifest.chat, chat: asset(join(dir, 'widget', manifest.chat)), chunks }
  cache.set(dir, { builtAt, assets })
  return assets
}

function send(request: FastifyRequest, reply: FastifyReply, file: Asset, cacheControl: string) {
  reply
    .header('cache-control', cacheControl)
    // Host pages on any origin load these; the chat app as a module, which needs CORS.
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('access-control-allow-origin', '*')
  return sendAsset(request, reply, file, 'text/javascript; charset=utf-8')
}

export function widgetRoutes(assets: WidgetAssets | null) {
  return async function register(app: Api) {
    const hidden = { schema: { hide: true } }
    app.get('/widget.js', hidden, async (request, reply) => {
      if (!assets) throw new TandemError('ERR_ROUTE_NOT_FOUND', 'The widget is not built: run `npm run bundle`.')
      return send(request, reply, assets.loader, `public, max-age=${LOADER_MAX_AGE_SECONDS}`)
    })
    app.get('/widget/:file', hidden, async (request, reply) => {
      const { file } = request.params as { file: string }
      const found = !assets ? undefined : file === assets.chatFile ? assets.chat : assets.chunks.get(file)
      if (!found) throw new TandemError('ERR_ROUTE_NOT_FOUND')
      return send(request, reply, found, IMMUTABLE)
    })
  }
}
