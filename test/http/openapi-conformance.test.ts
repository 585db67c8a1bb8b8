// The published document is a promise: a request built only from /v1/openapi.json (no knowledge of the
// server's code) is never refused as not matching the schema, and a path answers 405, not 404, for a
// method it does not take.
import t from 'tap'
import { workspaceWithSite } from '../helpers/factories.ts'

type Schema = {
  $ref?: string
  type?: string
  const?: unknown
  enum?: unknown[]
  default?: unknown
  example?: unknown
  examples?: unknown[]
  nullable?: boolean
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  propertyNames?: Schema
  items?: Schema
  minItems?: number
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
}
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema }
type Operation = { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> } }

/**
 * A value for each pattern the document uses, as a client author would write one after reading it.
 * A new pattern fails the test until it has a sample here.
 */
const PATTERN_SAMPLES: Record<string, string> = {
  '^[0-9a-f]{32}$': 'a'.repeat(32),
  '^[0-9a-fA-F]{64}$': 'b'.repeat(64),
  '^site_[A-Za-z0-9_-]{22}$': `site_${'c'.repeat(22)}`,
  '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$': 'en-GB',
  '^https?://([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?$': 'https://shop.example',
  '^https?://': 'https://shop.example/pricing',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': '09:00',
  '^#[0-9a-fA-F]{6}$': '#336699',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}$': '2026-03-29',
  '^[a-zA-Z][a-zA-Z0-9_]{0,39}$': 'company',
  '^[a-z0-9][a-z0-9_-]*$': 'greeting',
  '^[A-Za-z][A-Za-z0-9_-]{0,39}$': 'plan',
  '^[^\\u0000]*$': 'Hello',
  '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$': 'Hello',
}
/** A name an object schema with no propertyNames allows: anything, so something unusual. */
const ANY_PROPERTY_NAME = 'any name.at all'

function sampler(doc: { components?: { schemas?: Record<string, Schema> } }, unknownPattern: (pattern: string) => void) {
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {}) : schema

  function string(schema: Schema): string {
    // What the schema offers as an example is valid where no pattern can say it (a time zone).
    if (typeof schema.example === 'string') return schema.example
    if (schema.format === 'email') return 'sam@shop.example'
    if (schema.format === 'uri') return 'https://shop.example/pricing'
    if (schema.format === 'date-time') return new Date(0).toISOString()
    if (schema.pattern !== undefined) {
      const sample = PATTERN_SAMPLES[schema.pattern]
      if (sample === undefined) unknownPattern(schema.pattern)
      return sample ?? 'x'
    }
    return 'x'.repeat(Math.min(Math.max(schema.minLength ?? 1, 8), schema.maxLength ?? 8))
  }

  /** A valid value: required properties only, or (`full`) every property and one entry of a map. */
  function sample(given: Schema, full: boolean): unknown {
    const schema = resolve(given)
    if ('const' in schema) return schema.const
    if (schema.enum) return schema.enum.find((value) => value !== null)
    if (schema.default !== undefined) return schema.default
    if (schema.example !== undefined) return schema.example
    if (schema.examples?.length) return schema.examples[0]
    const branches = schema.anyOf ?? schema.oneOf
    if (branches) return sample(branches.find((branch) => resolve(branch).type !== 'null') ?? branches[0]!, full)
    if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sample(part, full)))
    switch (schema.type) {
      case 'object': {
        const value: Record<string, unknown> = {}
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          if (full || schema.required?.includes(name)) value[name] = sample(property, full)
        }
        if (full && typeof schema.additionalProperties === 'object') {
          const name = schema.propertyNames ? string(resolve(schema.propertyNames)) : ANY_PROPERTY_NAME
          value[name] = sample(schema.additionalProperties, full)
        }
        return value
      }
      case 'array':
        return Array.from({ length: Math.max(schema.minItems ?? 0, full ? 1 : 0) }, () => sample(schema.items ?? {}, full))
      case 'integer':
      case 'number':
        return Math.min(schema.minimum ?? 1, schema.maximum ?? Infinity)
      case 'boolean':
        return true
      case 'string':
        return string(schema)
      default:
        return {}
    }
  }
  return sample
}

/** Codes that mean "your request does not match the schema", which a request built from it must never get. */
const SCHEMA_REFUSALS = new Set(['ERR_REQUEST_INVALID', 'ERR_REQUEST_MALFORMED_JSON', 'ERR_REQUEST_MEDIA_TYPE'])

t.test('a request built only from the published schemas is never refused as not matching them', async (t) => {
  const { app, adminHeaders, site, addVisitor } = await workspaceWithSite(t)
  const visitor = await addVisitor()
  const doc = (await app.inject('/v1/openapi.json')).json()
  const sample = sampler(doc, (pattern) => t.fail(`no sample for the pattern ${pattern}: add one to PATTERN_SAMPLES`))

  const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
    // Signing out ends the admin's session, which every later request uses.
    .sort((a, b) => Number(a.path === '/v1/auth/logout') - Number(b.path === '/v1/auth/logout'))
  t.ok(operations.length >= 35)

  for (const full of [false, true]) {
    for (const { path, method, op } of operations) {
      const name = `${method} ${path} (${full ? 'every field' : 'required fields'})`
      const parameters = op.parameters ?? []
      const url = path.replace(/\{(\w+)\}/g, (_, param: string) =>
        param === 'siteKey' ? site.key : String(sample(parameters.find((p) => p.in === 'path' && p.name === param)?.schema ?? {}, full)),
      )
      const query: Record<string, string> = {}
      // A cursor is opaque: a client only ever sends one a previous page gave it.
      for (const parameter of parameters.filter((p) => p.in === 'query' && p.name !== 'cursor' && (full || p.required))) {
        query[parameter.name] = String(sample(parameter.schema, full))
      }
      const bodySchema = op.requestBody?.content['application/json']?.schema
      const sendBody = bodySchema !== undefined && (full || op.requestBody?.required !== false)
      const forVisitor = path.startsWith('/v1/sites/{siteKey}/visitors') || path.endsWith('/widget-config')
      const res = await app.inject({
        method: method as 'GET',
        url,
        query,
        headers: forVisitor ? visitor.headers : adminHeaders,
        ...(sendBody ? { payload: sample(bodySchema, full) as object } : {}),
      })
      const code = res.statusCode >= 400 ? res.json().error?.code : undefined
      t.ok(res.statusCode < 500 && !SCHEMA_REFUSALS.has(code) && code !== 'ERR_ROUTE_NOT_FOUND', `${name}: ${res.statusCode} ${code ?? ''}`, {
        body: res.body,
        query,
      })
    }
  }
})

t.test('visitor attribute names: the document states the rule the server checks', async (t) => {
  const { app, site, addVisitor } = await workspaceWithSite(t)
  const visitor = await addVisitor()
  const doc = (await app.inject('/v1/openapi.json')).json()
  const identify = doc.paths['/v1/sites/{siteKey}/visitors/me/identify'].post.requestBody.content['application/json'].schema
  const names = identify.properties.attributes.propertyNames
  t.ok(names?.pattern, 'attribute names are described by a pattern')
  const allowed = new RegExp(names.pattern)
  for (const name of ['plan', 'Plan_2-b', 'a.b', '$where', '1st', 'with space', 'x'.repeat(41)]) {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/sites/${site.key}/visitors/me/identify`,
      headers: visitor.headers,
      payload: { userId: 'user-1', userHash: 'b'.repeat(64), attributes: { [name]: 1 } },
    })
    // The hash is wrong on purpose: a valid body gets as far as checking it.
    const expected = allowed.test(name) ? [403, 'ERR_IDENTITY_HASH_INVALID'] : [400, 'ERR_REQUEST_INVALID']
    t.same([res.statusCode, res.json().error.code], expected, `"${name}"`)
  }
})
