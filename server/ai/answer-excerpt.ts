// What the offline AI says from the passages it trusts: their sentences that carry what the customer
// asked about, in the order written, not whole paragraphs pasted at them. A sentence counts by the
// question's terms it holds (knowledge-base.ts `Match.matched`, rare terms weighing more).
import type { Analyser } from './text-analysis.ts'
import type { Match } from './knowledge-base.ts'

/** At most this many sentences make an answer: a reply to read in a chat bubble, not an article. */
export const EXCERPT_SENTENCES_MAX = 3
/** A sentence is kept when it holds at least this share of what the best sentence holds. */
const SENTENCE_SHARE = 0.5
/**
 * A kept sentence starting with one of these leans on the one before ("It arrives in 2 days."):
 * the one before is kept with it, when there is room.
 */
const LEANS_BACK = /^(it|its|this|that|these|those|they|then|once|there|if so)\b/i

/** What may start a sentence after a full stop: a capital, a digit, a quote or a bracket. */
const STARTS_SENTENCE = /[A-Z0-9"“(]/

/**
 * A passage's sentences: a split after . ! or ? followed by white space and what starts a sentence.
 * One pass over the text, so its cost is linear whatever a help article holds.
 */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    if (!'.!?'.includes(text[i] as string)) continue
    let next = i + 1
    while (next < text.length && /\s/.test(text[next] as string)) next++
    if (next === i + 1 || next >= text.length || !STARTS_SENTENCE.test(text[next] as string)) continue
    sentences.push(text.slice(start, i + 1).trim())
    start = next
    i = next - 1
  }
  sentences.push(text.slice(start).trim())
  return sentences.filter(Boolean)
}

export function excerptOf(matches: readonly Match[], analyser: Analyser): string {
  const sentences = matches.flatMap((match, passage) =>
    sentencesOf(match.passage.text).map((text) => {
      let worth = 0
      for (const term of new Set(analyser.terms(text))) worth += match.matched.get(term) ?? 0
      return { passage, text, worth }
    }),
  )
  const best = Math.max(0, ...sentences.map((s) => s.worth))
  const ranked = sentences
    .map((sentence, at) => ({ ...sentence, at }))
    .filter((sentence) => sentence.worth > 0 && sentence.worth >= best * SENTENCE_SHARE)
    .sort((a, b) => b.worth - a.worth || a.at - b.at)
  const kept = new Set<number>()
  for (const sentence of ranked) {
    if (kept.size >= EXCERPT_SENTENCES_MAX) break
    kept.add(sentence.at)
    const before = sentences[sentence.at - 1]
    if (LEANS_BACK.test(sentence.text) && before?.passage === sentence.passage && kept.size < EXCERPT_SENTENCES_MAX) kept.add(sentence.at - 1)
  }
  // No sentence holds a term (a passage matched on its title alone): its opening says what it is about.
  if (kept.size === 0 && sentences.length > 0) kept.add(0)
  const paragraphs: string[][] = []
  for (const at of [...kept].sort((a, b) => a - b)) {
    const sentence = sentences[at] as (typeof sentences)[number]
    ;(paragraphs[sentence.passage] ??= []).push(sentence.text)
  }
  return paragraphs
    .filter(Boolean)
    .map((paragraph) => paragraph.join(' '))
    .join('\n\n')
}
