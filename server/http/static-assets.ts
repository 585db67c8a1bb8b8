// Files the server serves from the browser build (dist/): read and compressed once, sent with an
// ETag and in the best encoding the client accepts. Shared by the widget's and the agent app's routes.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

export interface Asset {
  raw: Buffer
  gzip: Buffer
  brotli: Buffer
  etag: string
}

export function readAsset(path: string): Asset {
  const raw = readFileSync(path)
  return {
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    brotli: brotliCompressSync(raw),
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
  }
}

/** dist/ beside server/ when run from source; the folder the compiled server sits in otherwise. */
export function bundleDir(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  // basename ignores a trailing separator.
  return basename(root) === 'dist' ? root : join(root, 'dist')
}

/** Sends `file` (304 when the client holds this version); the caller sets the caching headers. */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, file: Asset, contentType: string) {
  reply.header('content-type', contentType).header('etag', file.etag).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff')
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send()
  const accepted = String(request.headers['accept-encoding'] ?? '')
  if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(file.brotli)
  if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(file.gzip)
  return reply.send(file.raw)
}
