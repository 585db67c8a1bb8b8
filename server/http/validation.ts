// Two validators: bodies are JSON and must match exactly (no coercion, no dropped fields, so a client
// bug shows as a 400 instead of a silent fix); paths and query strings are text by nature, so numbers
// and booleans there are read from their text.
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import { compileChecked, createAjv } from '../validator.ts'

export function installValidation(app: FastifyInstance): void {
  // verbose: an error carries its schema, so a failed choice can list the values it allows.
  const bodies = createAjv({ coerceTypes: false, verbose: true })
  const text = createAjv({ coerceTypes: 'array', verbose: true })
  app.setValidatorCompiler(({ schema, httpPart }) => compileChecked(httpPart === 'body' ? bodies : text, schema))
  app.setSchemaErrorFormatter((errors, dataVar) => new Error(describeValidationErrors(errors, dataVar)))
}

type VerboseError = FastifySchemaValidationError & { schema?: unknown }

/**
 * Validation errors as a person reads them. ajv answers a choice of values (`status` is open or
 * resolved) with one "must be equal to constant" per value and then "must match a schema in anyOf",
 * none of which says what would do: the choice is said once, with the values it allows.
 */
export function describeValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): string {
  // Only a choice that names values is said as one; any other anyOf is said by its branches' errors.
  const choices = (errors as VerboseError[]).filter((error) => error.keyword === 'anyOf' && valuesOf(error).length > 0)
  const insideChoice = (error: FastifySchemaValidationError) => choices.some((choice) => error.schemaPath.startsWith(choice.schemaPath + '/'))
  return (errors as VerboseError[])
    .filter((error) => !insideChoice(error))
    .map((error) => `${dataVar}${error.instancePath} ${describe(error, errors)}`)
    .join(', ')
}

function describe(error: VerboseError, all: FastifySchemaValidationError[]): string {
  if (error.keyword === 'const') return `must be ${String(error.params.allowedValue)}`
  if (error.keyword === 'enum') return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
  if (error.keyword === 'additionalProperties') return `must not have the field "${String(error.params.additionalProperty)}"`
  const values = error.keyword === 'anyOf' ? valuesOf(error) : []
  if (values.length === 0) return error.message ?? 'is not valid'
  const alternatives = error.schema as { const?: unknown }[]
  // An alternative that is not a value (an id's pattern) is said by its own first error.
  const others = alternatives.flatMap((alternative, index) => {
    if ('const' in alternative) return []
    const first = all.find((other) => other.schemaPath.startsWith(`${error.schemaPath}/${index}/`) && other.keyword !== 'type')
    return first?.message ? [first.message] : []
  })
  const oneOf = `be one of ${values.join(', ')}`
  return others.length === 0 ? `must ${oneOf}` : `${others.join(', or ')}, or ${oneOf}`
}

/** The literal values an anyOf allows (TypeBox's Literal is a const). */
function valuesOf(error: VerboseError): string[] {
  if (!Array.isArray(error.schema)) return []
  return (error.schema as { const?: unknown }[]).filter((alternative) => 'const' in alternative).map((alternative) => String(alternative.const))
}
