// Interactive API documentation at /docs: Swagger UI over the OpenAPI document the route schemas make
// (/v1/openapi.json), served entirely by Tandem from its own node_modules (no CDN), under a CSP; and
// the WebSocket protocol's description at /docs/protocol, which OpenAPI cannot express.
import swaggerUi from '@fastify/swagger-ui'
import { existsSync, readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { TandemError } from '../errors.ts'
import { markOptionalBodies } from './openapi-route.ts'

export const API_DOCS_PATH = '/docs'

let guide: string | null | undefined

/**
 * protocol/README.md, beside server/ in the repository and in a compiled deployment (dist/ is beside
 * it): read once per process, when first asked for, not by every app built.
 */
function protocolGuide(): string | null {
  if (guide !== undefined) return guide
  const found = ['../../protocol/README.md', '../../../protocol/README.md'].map((candidate) => new URL(candidate, import.meta.url)).find((file) => existsSync(file))
  return (guide = found ? readFileSync(found, 'utf8') : null)
}

/**
 * Swagger UI's own CSP, less what a local server must not have: `upgrade-insecure-requests` (the
 * server may well be plain http://localhost), fonts and styles from anywhere on https, and the
 * validator badge's outside server (turned off below). Swagger UI sets inline styles as it draws; on
 * a page of our own documents, with nothing a user wrote, allowing them costs nothing.
 */
export function docsCsp(header: string): string {
  const directives = header
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && directive !== 'upgrade-insecure-requests')
    .map((directive) => {
      const [name = '', ...sources] = directive.split(' ').filter((part) => part !== '')
      const kept = sources.filter((source) => source !== 'https:' && source !== 'validator.swagger.io')
      if (name === 'style-src') kept.splice(1, 0, "'unsafe-inline'")
      return [name, ...kept].join(' ')
    })
  return `${directives.join('; ')};`
}

export function apiDocsRoutes() {
  return async function register(app: FastifyInstance) {
    await app.register(swaggerUi, {
      routePrefix: API_DOCS_PATH,
      staticCSP: true,
      transformStaticCSP: docsCsp,
      // The same document as /v1/openapi.json, bodies a route can go without marked so.
      transformSpecification: (document) => {
        const copy = structuredClone(document) as Parameters<typeof markOptionalBodies>[0]
        markOptionalBodies(copy)
        return copy
      },
      // BaseLayout: the documents alone, without Swagger's bar for exploring other URLs.
      uiConfig: { layout: 'BaseLayout', validatorUrl: null, docExpansion: 'list', deepLinking: true, tryItOutEnabled: false },
    })
    app.get(`${API_DOCS_PATH}/protocol`, { schema: { hide: true } }, async (_request, reply) => {
      const text = protocolGuide()
      if (!text) throw new TandemError('ERR_ROUTE_NOT_FOUND', 'protocol/README.md is not beside this server.')
      // Plain text: a browser shows it, where text/markdown would be downloaded.
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(text)
    })
  }
}
