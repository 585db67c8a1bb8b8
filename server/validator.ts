// The one way the server checks input against a protocol schema, for HTTP (http/validation.ts) and
// WebSocket frames (realtime/gateway.ts) alike. Two things are done here in plain code rather than
// with a schema `pattern`:
// - every string anywhere in the input must be well-formed UTF-16: a lone surrogate cannot be stored
//   as sent (SQLite and MongoDB hold UTF-8, where it becomes U+FFFD), so it is refused, never changed;
// - the text checks of protocol/rest/common.ts (`x-not-blank`, `x-no-nul`): as regular expressions
//   they backtracked quadratically on a long text holding a NUL (50,000 characters took seconds).
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS with a default export, which NodeNext typing sees as a namespace.
type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

declare global {
  interface String {
    /** ES2024, in Node since 20: no lone surrogate. The project's lib (ES2023) does not declare it yet. */
    isWellFormed(): boolean
  }
}

/** What a refused lone surrogate is told. */
export const NOT_WELL_FORMED = 'must be well-formed Unicode text (it holds a lone surrogate, half of a UTF-16 pair)'

/** An ajv instance that knows the text keywords of protocol/rest/common.ts and the string formats. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: false, allErrors: false, strict: false, ...options })
  addFormats(ajv)
  ajv.addKeyword({
    keyword: 'x-not-blank',
    type: 'string',
    schemaType: 'boolean',
    error: { message: 'must not be blank' },
    // trim() drops exactly what \s matches: text of only spaces, tabs and line breaks is blank.
    validate: (wanted: boolean, data: string) => !wanted || data.trim() !== '',
  })
  ajv.addKeyword({
    keyword: 'x-no-nul',
    type: 'string',
    schemaType: 'boolean',
    error: { message: 'must not contain NUL (U+0000)' },
    validate: (wanted: boolean, data: string) => !wanted || !data.includes('\u0000'),
  })
  return ajv
}

/**
 * The schema's validator, with every string of the input (values and keys, at any depth) first
 * checked to be well-formed: no field can be forgotten, whichever schema it has.
 */
export function compileChecked(ajv: Ajv, schema: object): ValidateFunction {
  const validate = ajv.compile(schema)
  const checked = ((data: unknown, ...rest: unknown[]) => {
    const where = illFormedAt(data, '')
    if (where !== null) {
      checked.errors = [{ instancePath: where, schemaPath: '#', keyword: 'wellFormed', params: {}, message: NOT_WELL_FORMED }]
      return false
    }
    const valid = (validate as (...args: unknown[]) => boolean)(data, ...rest)
    checked.errors = validate.errors
    return valid
  }) as ValidateFunction
  // Fastify passes the parent to a validator that has a schema environment (so ajv may change a root value).
  return Object.assign(checked, { schema: validate.schema, schemaEnv: validate.schemaEnv })
}

/** The JSON pointer of the first string that is not well-formed UTF-16, or null when there is none. */
export function illFormedAt(data: unknown, path: string): string | null {
  if (typeof data === 'string') return data.isWellFormed() ? null : path
  if (typeof data !== 'object' || data === null) return null
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const found = illFormedAt(data[i], `${path}/${i}`)
      if (found !== null) return found
    }
    return null
  }
  for (const [key, value] of Object.entries(data)) {
    const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
    if (!key.isWellFormed()) return at
    const found = illFormedAt(value, at)
    if (found !== null) return found
  }
  return null
}
