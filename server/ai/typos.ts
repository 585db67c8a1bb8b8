// A customer's misspelt word found among a help center's own words ("statment" → "statement",
// "pasword" → "password"): two words are one typo apart when deleting one character from each, or
// from one of them, makes them equal (a symmetric deletion index). The lookup is a handful of map
// reads per word, whatever the size of the help center.

/**
 * Only words this long are corrected: a short word one letter from another is usually another
 * word ("card", "cart"), and so is a brand one letter from an article's word ("gmail", "email").
 */
export const TYPO_MIN_LENGTH = 6
/** At most this many article words are offered for one misspelt word. */
const CANDIDATES_MAX = 2

export interface TypoIndex {
  /** The help center's words one typo from `word`, none when `word` is too short. */
  near(word: string): string[]
}

function* deletions(word: string): Generator<string> {
  yield word
  for (let i = 0; i < word.length; i++) yield word.slice(0, i) + word.slice(i + 1)
}

export function typoIndex(vocabulary: Iterable<string>): TypoIndex {
  const byDeletion = new Map<string, string[]>()
  for (const word of vocabulary) {
    // A word one shorter than the minimum can still be the right spelling of a long typo.
    if (word.length < TYPO_MIN_LENGTH - 1) continue
    for (const key of deletions(word)) {
      const words = byDeletion.get(key)
      if (!words) byDeletion.set(key, [word])
      else if (!words.includes(word)) words.push(word)
    }
  }
  return {
    near(word) {
      if (word.length < TYPO_MIN_LENGTH) return []
      const found = new Set<string>()
      for (const key of deletions(word)) for (const candidate of byDeletion.get(key) ?? []) if (candidate !== word) found.add(candidate)
      return [...found].slice(0, CANDIDATES_MAX)
    },
  }
}
