// Sites (admin side) and the public widget settings a visitor's browser reads.
import { Type, type Static } from 'typebox'
import { RoutingPolicy } from '../enums.ts'
import { GREETING_MAX_CHARS, NAME_MAX_CHARS, ORIGINS_MAX, PRE_CHAT_FIELDS_MAX, URL_MAX_CHARS } from '../limits.ts'
import { Id, IsoDate, Nullable, Strict, Text } from './common.ts'

/** Site keys are public: `site_` and 22 URL-safe characters. */
export const SiteKey = Type.String({ pattern: '^site_[A-Za-z0-9_-]{22}$' })
export const SiteParams = Strict({ siteKey: SiteKey })

/** An origin as browsers send it: scheme, host and port only. */
/** Lower case, as browsers send it, so that a stored origin can match the `Origin` header exactly. */
export const Origin = Type.String({ pattern: '^https?://([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?$', maxLength: URL_MAX_CHARS })

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })
export const BusinessHours = Strict({
  // Which names exist is up to the server's time-zone database (Intl), so no pattern or list can say
  // it; the description and the example tell a client what to send.
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'An IANA time-zone name, such as Europe/Paris; an unknown one is refused.', example: 'Europe/Paris' }),
  hours: Type.Array(Strict({ day: Type.Integer({ minimum: 0, maximum: 6 }), open: Time, close: Time }), { maxItems: 21 }),
})
export const PreChatField = Strict({
  name: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' }),
  label: Text(NAME_MAX_CHARS),
  type: Type.Union([Type.Literal('text'), Type.Literal('email')]),
  required: Type.Boolean(),
})
const Color = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })
const Locale = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })

const siteSettings = {
  name: Text(NAME_MAX_CHARS),
  allowedOrigins: Type.Array(Origin, { maxItems: ORIGINS_MAX, uniqueItems: true }),
  routingPolicy: RoutingPolicy,
  greeting: Text(GREETING_MAX_CHARS, 0),
  awayMessage: Text(GREETING_MAX_CHARS, 0),
  businessHours: Nullable(BusinessHours),
  preChatFields: Type.Array(PreChatField, { maxItems: PRE_CHAT_FIELDS_MAX }),
  locale: Locale,
  color: Color,
}

export const SiteView = Strict({ id: Id, key: SiteKey, ...siteSettings, createdAt: IsoDate, updatedAt: IsoDate })
export type SiteView = Static<typeof SiteView>

export const CreateSiteBody = Type.Object(
  {
    name: siteSettings.name,
    allowedOrigins: Type.Optional(siteSettings.allowedOrigins),
    routingPolicy: Type.Optional(siteSettings.routingPolicy),
    greeting: Type.Optional(siteSettings.greeting),
    awayMessage: Type.Optional(siteSettings.awayMessage),
    businessHours: Type.Optional(siteSettings.businessHours),
    preChatFields: Type.Optional(siteSettings.preChatFields),
    locale: Type.Optional(siteSettings.locale),
    color: Type.Optional(siteSettings.color),
  },
  { additionalProperties: false },
)
export type CreateSiteBody = Static<typeof CreateSiteBody>
export const UpdateSiteBody = Type.Partial(CreateSiteBody, { additionalProperties: false })
export type UpdateSiteBody = Static<typeof UpdateSiteBody>

/** Shown to admins only, for the site's backend to sign identities with. */
export const SiteSecretReply = Strict({ secret: Type.String() })
/** A new site with its secret in clear, for the admin to hand to the site's backend. */
export const CreateSiteReply = Strict({ site: SiteView, secret: Type.String() })
export const SiteList = Strict({ items: Type.Array(SiteView) })

/**
 * Whether a person can answer now, so the widget can say so before the customer writes: anyone online,
 * within the site's hours, and when those hours next begin (null while open or without hours).
 */
export const AvailabilityView = Strict({
  agentsOnline: Type.Boolean(),
  withinBusinessHours: Type.Boolean(),
  nextOpenAt: Nullable(IsoDate),
})
export type AvailabilityView = Static<typeof AvailabilityView>

/** What the widget needs to draw itself; nothing private. */
export const WidgetConfigView = Strict({
  name: Type.String(),
  greeting: Type.String(),
  awayMessage: Type.String(),
  color: Type.String(),
  locale: Type.String(),
  preChatFields: Type.Array(PreChatField),
  routingPolicy: RoutingPolicy,
  availability: AvailabilityView,
})
export type WidgetConfigView = Static<typeof WidgetConfigView>

/** An origin a page of the site was refused from: what an owner checks when the bubble does not connect. */
export const RefusedOriginView = Strict({
  /** As the browser sent it (cut to URL_MAX_CHARS); show it as text. */
  origin: Type.String(),
  count: Type.Integer({ minimum: 1 }),
  firstSeenAt: IsoDate,
  lastSeenAt: IsoDate,
})
export type RefusedOriginView = Static<typeof RefusedOriginView>
export const RefusedOriginList = Strict({ items: Type.Array(RefusedOriginView) })
