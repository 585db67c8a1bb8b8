// The API's OpenAPI document, generated from the same TypeBox schemas that validate every request.
import type { FastifyInstance } from 'fastify'

export function openApiRoute() {
  return async function register(app: FastifyInstance) {
    app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  }
}
