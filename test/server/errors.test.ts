import { readFileSync } from 'node:fs'
import t from 'tap'
import { CLOSE_CODES } from '../../protocol/close-codes.ts'
import { ERRORS } from '../../protocol/errors.ts'
import { TandemError } from '../../server/errors.ts'

const readme = readFileSync(new URL('../../protocol/README.md', import.meta.url), 'utf8')

t.test('every error code is ERR_<AREA>_<WHAT> with a status and a message', async (t) => {
  for (const [code, spec] of Object.entries(ERRORS)) {
    t.match(code, /^ERR_[A-Z]+_[A-Z_]+$/, code)
    t.ok(spec.status >= 400 && spec.status < 600, `${code} has an HTTP error status`)
    t.ok(spec.message.length > 0, `${code} has a message`)
  }
})

t.test('every error code is documented in protocol/README.md with its status, and nothing else is', async (t) => {
  for (const [code, spec] of Object.entries(ERRORS)) {
    t.match(readme, new RegExp(`\\| \`${code}\` \\| ${spec.status} \\|`), `${code} documented with ${spec.status}`)
  }
  const documented = [...readme.matchAll(/\| `(ERR_[A-Z_]+)` \|/g)].map((m) => m[1])
  t.same(documented.filter((code) => !(code! in ERRORS)), [], 'no retired or invented code is documented')
})

t.test('a TandemError carries its code, status and default message', async (t) => {
  const error = new TandemError('ERR_AGENT_EMAIL_TAKEN')
  t.match(error, { code: 'ERR_AGENT_EMAIL_TAKEN', statusCode: 409, message: ERRORS.ERR_AGENT_EMAIL_TAKEN.message })
  t.equal(new TandemError('ERR_SERVER_INTERNAL', 'custom').message, 'custom')
})

t.test('every close code is documented in protocol/README.md under its name, and nothing else is', async (t) => {
  for (const [name, code] of Object.entries(CLOSE_CODES)) {
    t.match(readme, new RegExp(`\\| ${code} \\| \`${name}\` \\|`), `${code} ${name} documented`)
  }
  const documented = [...readme.matchAll(/^\| (\d{4}) \| `([A-Z_]+)` \|/gm)].map((m) => [Number(m[1]), m[2]])
  t.same(documented.filter(([code, name]) => (CLOSE_CODES as Record<string, number>)[name as string] !== code), [])
  t.equal(new Set(Object.values(CLOSE_CODES)).size, Object.keys(CLOSE_CODES).length, 'no code is used twice')
})
