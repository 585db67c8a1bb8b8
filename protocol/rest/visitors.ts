// Visitors: the widget's side (token, identity) and the agent's view of a customer.
import { Type, type Static } from 'typebox'
import { ATTRIBUTE_VALUE_MAX_CHARS, ATTRIBUTES_MAX, EMAIL_MAX_CHARS, EXTERNAL_ID_MAX_CHARS, NAME_MAX_CHARS, PRE_CHAT_FIELDS_MAX } from '../limits.ts'
import { Id, IsoDate, Nullable, Strict, Text } from './common.ts'

/** Attribute names avoid "." and "$", which document stores reserve. */
export const ATTRIBUTE_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,39}$'

const AttributeValue = Type.Union([Text(ATTRIBUTE_VALUE_MAX_CHARS, 0), Type.Number(), Type.Boolean()])

/**
 * The name rule is said with propertyNames, not as a Record's patternProperties: OpenAPI 3.0 has no
 * patternProperties and @fastify/swagger rewrites them as additionalProperties, so the published
 * document would accept any name the server refuses.
 */
export const Attributes = Type.Unsafe<Record<string, Static<typeof AttributeValue>>>({
  type: 'object',
  propertyNames: { type: 'string', pattern: ATTRIBUTE_NAME_PATTERN },
  additionalProperties: AttributeValue,
  maxProperties: ATTRIBUTES_MAX,
})

export const PageContextView = Strict({
  url: Type.String(),
  title: Nullable(Type.String()),
  referrer: Nullable(Type.String()),
  locale: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  at: IsoDate,
})

/** What a customer said about themselves (the pre-chat form, `Tandem.setAttributes`): never verified. */
export const VisitorClaimsView = Strict({
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  attributes: Attributes,
})

export const VisitorView = Strict({
  id: Id,
  externalId: Nullable(Type.String()),
  verified: Type.Boolean(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  attributes: Attributes,
  blocked: Type.Boolean(),
  /** The page the customer has open, as the widget last reported it. */
  pageContext: Nullable(PageContextView),
  /** Unverified, whatever `verified` says: only name, email and attributes above come from a verified identity. */
  claims: VisitorClaimsView,
  createdAt: IsoDate,
  lastSeenAt: IsoDate,
})
export type VisitorView = Static<typeof VisitorView>

/** The widget keeps `visitorToken` in the site's storage and sends it as a Bearer token. */
export const CreateVisitorReply = Strict({ visitorToken: Type.String(), visitor: VisitorView })

/** Sent by the widget with what the host site's backend signed: HMAC-SHA256(site secret, userId) in hex. */
export const IdentifyBody = Strict({
  userId: Text(EXTERNAL_ID_MAX_CHARS),
  userHash: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }),
  name: Type.Optional(Text(NAME_MAX_CHARS)),
  email: Type.Optional(Type.String({ format: 'email', maxLength: EMAIL_MAX_CHARS })),
  attributes: Type.Optional(Attributes),
})
export type IdentifyBody = Static<typeof IdentifyBody>

/** `Tandem.setAttributes`: merged into the visitor's claims (a value replaces the one of the same name). */
export const ClaimAttributesBody = Strict({ attributes: Attributes })

/** The site's pre-chat form, answered: one text per field name (see the site's `preChatFields`). */
export const PreChatBody = Strict({
  // propertyNames rather than a Record's patternProperties, for the reason Attributes gives.
  answers: Type.Unsafe<Record<string, string>>({
    type: 'object',
    propertyNames: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' },
    additionalProperties: Text(ATTRIBUTE_VALUE_MAX_CHARS, 0),
    maxProperties: PRE_CHAT_FIELDS_MAX,
  }),
})
export type PreChatBody = Static<typeof PreChatBody>

export const VisitorParams = Strict({ visitorId: Id })
export const BlockBody = Strict({ blocked: Type.Boolean() })
