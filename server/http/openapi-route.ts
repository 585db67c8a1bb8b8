// The API's OpenAPI document, generated from the same TypeBox schemas that validate every request.
import type { FastifyInstance } from 'fastify'

type Operation = { requestBody?: { required?: boolean; content?: Record<string, { schema?: { nullable?: boolean } }> } }

/**
 * @fastify/swagger marks every body it documents as required, but a body schema that allows null
 * (NoBody: "nothing, or {}") is one a route takes without any body: the document says so, or
 * generated clients would send a body these routes never need.
 */
export function markOptionalBodies(document: { paths?: Record<string, Record<string, Operation>> }): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const body = operation.requestBody
      const schemas = Object.values(body?.content ?? {}).map((media) => media.schema)
      if (body && schemas.length > 0 && schemas.every((schema) => schema?.nullable === true)) body.required = false
    }
  }
}

export function openApiRoute() {
  return async function register(app: FastifyInstance) {
    app.get('/v1/openapi.json', { schema: { hide: true } }, async () => {
      const document = app.swagger()
      markOptionalBodies(document as Parameters<typeof markOptionalBodies>[0])
      return document
    })
  }
}
