// Building blocks of the REST schemas.
import { Type, type TSchema } from 'typebox'
import { PAGE_MAX } from '../limits.ts'

/** Ids are 32 lowercase hex characters (time-ordered). */
export const Id = Type.String({ pattern: '^[0-9a-f]{32}$' })
/** Times travel as ISO 8601 strings. */
export const IsoDate = Type.String({ format: 'date-time' })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** A strict object: an extra field is an error, never silently dropped. */
export const Strict = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false })

/** For a POST that takes no body: none at all (or `{}`), and any field is refused, never ignored. */
export const NoBody = Type.Union([Type.Null(), Strict({})])

export const Page = <T extends TSchema>(item: T) =>
  Strict({ items: Type.Array(item), nextCursor: Nullable(Type.String()) })

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_MAX })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}

/**
 * Text that must not be blank (when it must not be empty); NUL is refused because MongoDB-compatible
 * stores cannot hold it. Both are keywords checked in code (server/validator.ts), not patterns: the
 * pattern for "not blank" backtracked quadratically on a long text holding a NUL.
 */
export const Text = (maxLength: number, minLength = 1) =>
  Type.String({ minLength, maxLength, 'x-no-nul': true, ...(minLength > 0 ? { 'x-not-blank': true } : {}) })
