// A site's help articles as passages ranked for a question: each paragraph is a passage, indexed with
// MiniSearch (BM25) over the analysed terms of text-analysis.ts, the article title weighted above the
// body. A match is trusted only when its score and the share of the question it covers are high
// enough together; below that the honest answer is "a person will help you".
import MiniSearch from 'minisearch'
import type { Citation, HelpArticle } from '../store/records.ts'
import { terms, termsOfWord, words } from './text-analysis.ts'

export interface Passage {
  id: number
  articleId: string
  title: string
  url: string | null
  text: string
}

export interface Match {
  passage: Passage
  score: number
  /**
   * The share of the question's meaning this passage contains: its distinct terms found here, each
   * weighted by how rare it is in the help center (a word no article uses weighs the most).
   */
  coverage: number
}

/**
 * A match is trusted when its BM25 score times its coverage reaches this: a strong match on a small
 * part of the question, or a weaker one on most of it. Calibrated on the tuning half of
 * test/fixtures/help-center-questions.json, then measured on the held-out half.
 */
export const MIN_CONFIDENCE = 2
/** Title terms count this much more than body terms. */
const TITLE_BOOST = 2
/**
 * A search looks up at most this many distinct terms of the question, the first ones: a real
 * question has far fewer, and each term is one more posting list merged, so a wall of text
 * costs no more than a long question (one search stays well under a few milliseconds).
 */
export const QUERY_TERMS_MAX = 64

/** The distinct words of a question that are searched, and their distinct terms: at most QUERY_TERMS_MAX. */
export function queryOf(question: string): { words: string[]; terms: Set<string> } {
  const searched: string[] = []
  const found = new Set<string>()
  for (const word of words(question)) {
    const wordTerms = termsOfWord(word)
    const added = wordTerms.filter((term) => !found.has(term))
    if (found.size + added.length > QUERY_TERMS_MAX) break
    // A word is looked up once: each repeat would be another full pass over its passages.
    if (wordTerms.length > 0 && !searched.includes(word)) searched.push(word)
    for (const term of added) found.add(term)
  }
  return { words: searched, terms: found }
}

/** Paragraphs of an article body; a long paragraph stays whole (passages are shown as answers). */
export function passagesOf(article: HelpArticle, firstId: number): Passage[] {
  return article.body
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text, i) => ({ id: firstId + i, articleId: article.id, title: article.title, url: article.url, text }))
}

export interface KnowledgeBase {
  /** Passages best first, each trusted or not (see `trusted`). */
  search(question: string, limit?: number): Match[]
}

export const trusted = (match: Match | undefined): match is Match => !!match && match.score * match.coverage >= MIN_CONFIDENCE

export const citationOf = (passage: Passage): Citation => ({ title: passage.title, url: passage.url })

export function buildKnowledgeBase(articles: readonly HelpArticle[]): KnowledgeBase {
  const passages: Passage[] = []
  for (const article of articles) passages.push(...passagesOf(article, passages.length))
  const index = new MiniSearch<Passage>({
    fields: ['title', 'text'],
    storeFields: [],
    tokenize: words,
    processTerm: (word) => {
      const found = termsOfWord(word)
      return found.length === 0 ? false : found.length === 1 ? (found[0] as string) : [...found]
    },
    searchOptions: { boost: { title: TITLE_BOOST }, combineWith: 'OR' },
  })
  index.addAll(passages)
  const documentFrequency = new Map<string, number>()
  for (const passage of passages) {
    for (const t of new Set(terms(`${passage.title} ${passage.text}`))) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1)
  }
  const weight = (t: string) => Math.log(1 + passages.length / (documentFrequency.get(t) ?? 1))

  return {
    search(question, limit = 3) {
      const { words: searched, terms: asked } = queryOf(question)
      if (asked.size === 0) return []
      // The words are already split (and their phrases rewritten): searched as they are.
      const results = index.search(searched.join(' '), { tokenize: (query) => query.split(' ') })
      return results.slice(0, limit).map((result) => {
        const passage = passages[result.id as number] as Passage
        const found = new Set(result.terms)
        const total = [...asked].reduce((sum, t) => sum + weight(t), 0)
        const matched = [...asked].filter((t) => found.has(t)).reduce((sum, t) => sum + weight(t), 0)
        return { passage, score: result.score, coverage: total === 0 ? 0 : matched / total }
      })
    },
  }
}
