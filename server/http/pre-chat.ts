// A site's pre-chat form, answered: each answer checked against the site's fields, then kept as what
// the customer said about themselves. A field named `name` gives their name, the first email field
// their email, and every other field an attribute of the same name. None of it is verified.
import type { PreChatField, VisitorClaims } from '../store/records.ts'
import { TandemError } from '../errors.ts'

/** One "@" with something before it, a dotted domain after it, and no spaces: no regex over input. */
export function looksLikeEmail(value: string): boolean {
  const at = value.indexOf('@')
  if (at < 1 || at !== value.lastIndexOf('@') || /\s/.test(value)) return false
  const domain = value.slice(at + 1)
  const dot = domain.lastIndexOf('.')
  return dot > 0 && dot < domain.length - 1
}

export function claimsFromPreChat(fields: readonly PreChatField[], answers: Record<string, string>, current: VisitorClaims): VisitorClaims {
  for (const name of Object.keys(answers)) {
    if (!fields.some((field) => field.name === name)) throw new TandemError('ERR_PRECHAT_FIELD_UNKNOWN', `The pre-chat form has no field "${name}".`)
  }
  const claims: VisitorClaims = { ...current, attributes: { ...current.attributes } }
  let emailTaken = false
  for (const field of fields) {
    const value = (answers[field.name] ?? '').trim()
    if (value === '') {
      if (field.required) throw new TandemError('ERR_PRECHAT_FIELD_REQUIRED', `"${field.label}" (${field.name}) is required.`)
      continue
    }
    if (field.type === 'email' && !looksLikeEmail(value)) throw new TandemError('ERR_PRECHAT_FIELD_INVALID', `"${field.label}" (${field.name}) needs an email address.`)
    if (field.name === 'name') claims.name = value
    else if (field.type === 'email' && !emailTaken) {
      claims.email = value
      emailTaken = true
    } else claims.attributes[field.name] = value
  }
  return claims
}
