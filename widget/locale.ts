// Which language the widget speaks. The page's own choice (the `locale` option) comes first, then the
// browser's languages, then the site's setting: a customer reads best in the language they asked their
// browser for, and the site's setting is the owner's default for everyone else. Only languages with a
// table count ('de-AT' speaks 'de'); English when none has one.
export const LOCALES = ['en', 'de', 'es'] as const
export type LocaleCode = (typeof LOCALES)[number]

export function pickLocale(wanted: readonly (string | null | undefined)[]): LocaleCode {
  for (const tag of wanted) {
    const language = tag?.toLowerCase().split('-')[0]
    const found = LOCALES.find((code) => code === language)
    if (found) return found
  }
  return 'en'
}
