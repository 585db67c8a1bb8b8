// Two validators: bodies are JSON and must match exactly (no coercion, no dropped fields, so a client
// bug shows as a 400 instead of a silent fix); paths and query strings are text by nature, so numbers
// and booleans there are read from their text.
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

// ajv-formats is CommonJS with a default export, which NodeNext typing sees as a namespace.
type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: false, allErrors: false, strict: false, ...options })
  addFormats(ajv)
  return ajv
}

export function installValidation(app: FastifyInstance): void {
  const bodies = makeAjv({ coerceTypes: false })
  const text = makeAjv({ coerceTypes: 'array' })
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema))
}
