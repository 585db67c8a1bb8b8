// The one way the server checks input against a protocol schema, for HTTP (http/validation.ts) and
// WebSocket frames (realtime/gateway.ts) alike. The text checks of protocol/rest/common.ts
// (`x-not-blank`, `x-no-nul`) are done here in plain code rather than with a schema `pattern`: as
// regular expressions they backtracked quadratically on a long text holding a NUL (50,000
// characters took seconds).
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS with a default export, which NodeNext typing sees as a namespace.
type AddFormats = (ajv: Ajv) => Ajv
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats)

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

/** The schema's validator. */
export function compileChecked(ajv: Ajv, schema: object): ValidateFunction {
  return ajv.compile(schema)
}
