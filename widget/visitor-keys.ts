/** What the widget keeps of a visitor in the site's storage: all of it goes at `Tandem.shutdown()`. */
export const VISITOR_KEYS = ['token', 'conversation', 'outbox', 'attributes', 'prechat'] as const
