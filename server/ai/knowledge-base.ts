// A site's help articles as passages ranked for a question: each paragraph is a passage, indexed with
// MiniSearch (BM25) over the analysed terms of text-analysis.ts, the article title weighted above the
// body. A question's words are searched with, at a discount, what they could also be written as:
// their WordNet synonyms (English sites) and, for a word no article uses, the article word it is one
// typo away from. A match is trusted only when the passage covers enough of the question as a whole
// (see MIN_CONFIDENCE); below that the honest answer is "a person will help you".
import MiniSearch from 'minisearch'
import type { Citation, HelpArticle } from '../store/records.ts'
import { dot } from './embedder.ts'
import { analyserFor, type Analyser } from './text-analysis.ts'
import { typoIndex } from './typos.ts'
import { wordNet, type Thesaurus } from './wordnet.ts'

export interface Passage {
  id: number
  articleId: string
  title: string
  url: string | null
  text: string
  /** Its embedding (unit length), when the site's articles are embedded (article-embeddings.ts). */
  vector?: Float32Array
}

export interface Match {
  passage: Passage
  /** BM25, for ranking within one help center only: its scale depends on the articles. */
  score: number
  /**
   * The share of the question's meaning this passage contains: its distinct terms found here (or
   * their synonyms, at a discount), each weighted by how rare it is in the help center, a word no
   * article uses weighing the most.
   */
  coverage: number
  /** What decides trust (MIN_CONFIDENCE): the coverage, so one rare shared word is never enough. */
  confidence: number
  /** The question's terms found in this passage, with their weight: what an excerpt is chosen by. */
  matched: ReadonlyMap<string, number>
}

/**
 * A match is trusted when its passage covers at least this share of the question. Chosen on the
 * evaluation help center kept for tuning (test/fixtures/eval/bank-card.json, `npm run eval`),
 * precision first since a wrong answer costs more than a handoff: the lowest share at which wrong
 * answers (a wrong article, or an out-of-scope question or injection answered) are at most half the
 * right ones. There 0.5 gives 11 right, 3 wrong articles, 2 of 29 answered out of scope; 0.45 gives
 * 13, 5 and 3; 0.55 gives 8, 3 and 1. The held-out help center is measured, never tuned on.
 */
export const MIN_CONFIDENCE = 0.5
/** Title terms count this much more than body terms. */
const TITLE_BOOST = 2
/**
 * A synonym counts for this share of the word it stands for: "bill" is what "invoice" means in one
 * of its senses, not in all of them.
 */
const SYNONYM_WEIGHT = 0.5
/** A word of the previous question counts for this share of the question's own. */
const PREVIOUS_WEIGHT = 0.5
/** A word one typo away from an article's word counts for this share of it. */
const TYPO_WEIGHT = 0.8
/**
 * A search looks up at most this many distinct terms of the question, the first ones: a real
 * question has far fewer, and each term is one more posting list merged, so a wall of text
 * costs no more than a long question (one search stays well under a few milliseconds).
 */
export const QUERY_TERMS_MAX = 64
/** With their synonyms, typo corrections and the previous question's, at most this many terms are searched. */
export const SEARCHED_TERMS_MAX = 4 * QUERY_TERMS_MAX
/**
 * Reciprocal rank fusion's constant: a passage scores 1 / (RRF_K + rank) in each ranking. 60 is the
 * value of the method's paper (Cormack et al., 2009), where it held across collections; it keeps a
 * first place in one ranking from outweighing good places in both.
 */
const RRF_K = 60
/** Each ranking contributes its first this many passages to the fusion. */
const FUSION_DEPTH = 20
/** Two- and three-word phrases ("shut down", "get rid of") are looked up in the thesaurus too. */
const PHRASE_WORDS_MAX = 3

/** The distinct words of a question that are searched, and their distinct terms: at most QUERY_TERMS_MAX. */
export function queryOf(question: string, analyser: Analyser = analyserFor('en')): { words: string[]; terms: Set<string> } {
  const searched: string[] = []
  const found = new Set<string>()
  for (const word of analyser.words(question)) {
    const wordTerms = analyser.termsOfWord(word)
    const added = wordTerms.filter((term) => !found.has(term))
    if (found.size + added.length > QUERY_TERMS_MAX) break
    // A word is looked up once: each repeat would be another full pass over its passages.
    if (wordTerms.length > 0 && !searched.includes(word)) searched.push(word)
    for (const term of added) found.add(term)
  }
  return { words: searched, terms: found }
}

/** Paragraphs of an article body; a long paragraph stays whole (an answer is cut from its sentences). */
export function passagesOf(article: HelpArticle, firstId: number): Passage[] {
  return article.body
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text, i) => ({ id: firstId + i, articleId: article.id, title: article.title, url: article.url, text }))
}

export interface KnowledgeBase {
  readonly analyser: Analyser
  /**
   * Passages best first, each trusted or not (see `trusted`). `previous`, the customer's question
   * before this one, is how a follow-up ("and how long does that take?") is understood: its words
   * help rank, at PREVIOUS_WEIGHT, but only the question's own words count toward coverage, so a
   * new subject is judged as itself.
   */
  search(question: string, limit?: number, previous?: string): Match[]
  /** Whether its passages have vectors, so that `fusedSearch` means something. */
  readonly embedded: boolean
  /**
   * Passages ranked by BM25 (as `search`) and by closeness to the question's vector, the two
   * rankings fused (reciprocal rank fusion): what Gemini reads when the question could be embedded.
   * A passage one ranking misses entirely can still come first by the other.
   */
  fusedSearch(question: string, vector: Float32Array, limit: number, previous?: string): Passage[]
}

export const trusted = (match: Match | undefined): match is Match => !!match && match.confidence >= MIN_CONFIDENCE

export const citationOf = (passage: Passage): Citation => ({ title: passage.title, url: passage.url })

/** The one thesaurus, opened when an English help center first needs it. */
let sharedThesaurus: Thesaurus | null = null
const englishThesaurus = () => (sharedThesaurus ??= wordNet())

/** A question term and what else it may be written as in the articles, each with its share. */
type Alternatives = Map<string, number>

/**
 * `vectors`: an embedding per article (one vector per passage, current ones only); an article whose
 * count does not match its passages is left without, as if not embedded.
 */
export function buildKnowledgeBase(
  articles: readonly HelpArticle[],
  locale = 'en',
  thesaurus: Thesaurus | null = null,
  vectors: ReadonlyMap<string, readonly Float32Array[]> = new Map(),
): KnowledgeBase {
  const analyser = analyserFor(locale)
  const passages: Passage[] = []
  for (const article of articles) {
    const cut = passagesOf(article, passages.length)
    const embedded = vectors.get(article.id)
    if (embedded && embedded.length === cut.length) cut.forEach((passage, i) => (passage.vector = embedded[i]))
    passages.push(...cut)
  }
  const withVectors = passages.filter((passage) => passage.vector)
  const index = new MiniSearch<Passage>({
    fields: ['title', 'text'],
    storeFields: [],
    tokenize: analyser.words,
    processTerm: (word) => {
      const found = analyser.termsOfWord(word)
      return found.length === 0 ? false : found.length === 1 ? (found[0] as string) : [...found]
    },
    searchOptions: { boost: { title: TITLE_BOOST }, combineWith: 'OR' },
  })
  index.addAll(passages)
  const documentFrequency = new Map<string, number>()
  for (const passage of passages) {
    for (const t of new Set(analyser.terms(`${passage.title} ${passage.text}`))) documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1)
  }
  // A term no passage has weighs the most: it is the part of the question the help center says nothing about.
  const weight = (t: string) => Math.log(1 + passages.length / ((documentFrequency.get(t) ?? 0) + 0.5))
  const typos = typoIndex(documentFrequency.keys())
  const synonyms = analyser.language === 'en' ? (thesaurus ?? englishThesaurus()) : null

  /** Each searched term with its alternatives found in the articles (itself at full weight). */
  function alternativesOf(question: string): Map<string, Alternatives> {
    const { words: searched, terms: asked } = queryOf(question, analyser)
    const byTerm = new Map<string, Alternatives>()
    for (const term of asked) {
      const alternatives: Alternatives = new Map([[term, 1]])
      if (!documentFrequency.has(term)) for (const near of typos.near(term)) alternatives.set(near, TYPO_WEIGHT)
      byTerm.set(term, alternatives)
    }
    if (!synonyms) return byTerm
    const add = (term: string, written: string) => {
      const alternatives = byTerm.get(term)
      if (!alternatives) return
      for (const synonymTerm of analyser.terms(written)) {
        if (documentFrequency.has(synonymTerm) && !alternatives.has(synonymTerm)) alternatives.set(synonymTerm, SYNONYM_WEIGHT)
      }
    }
    for (const word of searched) for (const synonym of synonyms.synonyms(word)) for (const term of analyser.termsOfWord(word)) add(term, synonym)
    // Phrases are read from all the words, stop words too: "log in" is not "log".
    const all = analyser.words(question).slice(0, QUERY_TERMS_MAX * 2)
    for (let length = 2; length <= PHRASE_WORDS_MAX; length++) {
      for (let start = 0; start + length <= all.length; start++) {
        const phrase = all.slice(start, start + length)
        const found = synonyms.synonyms(phrase.join(' '))
        if (found.length === 0) continue
        for (const word of phrase) for (const term of analyser.termsOfWord(word)) for (const synonym of found) add(term, synonym)
      }
    }
    return byTerm
  }

  function search(question: string, limit = 3, previous = ''): Match[] {
      const byTerm = alternativesOf(question)
      if (byTerm.size === 0) return []
      const share = new Map<string, number>()
      for (const alternatives of byTerm.values()) for (const [t, s] of alternatives) share.set(t, Math.max(share.get(t) ?? 0, s))
      if (previous !== '') {
        for (const alternatives of alternativesOf(previous).values()) {
          for (const [t, s] of alternatives) if (!share.has(t)) share.set(t, s * PREVIOUS_WEIGHT)
        }
      }
      // The question's own terms first, then the alternatives by share: a long question of words
      // with many synonyms still merges a bounded number of posting lists.
      const searched = [...share.entries()].sort((a, b) => b[1] - a[1]).slice(0, SEARCHED_TERMS_MAX)
      const results = index.search(searched.map(([t]) => t).join(' '), {
        tokenize: (query) => query.split(' '),
        processTerm: (term) => term,
        boostTerm: (term) => share.get(term) ?? 1,
      })
      const total = [...byTerm.keys()].reduce((sum, t) => sum + weight(t), 0)
      return results.slice(0, limit).map((result) => {
        const passage = passages[result.id as number] as Passage
        const found = new Set(result.terms)
        const matched = new Map<string, number>()
        let covered = 0
        for (const [term, alternatives] of byTerm) {
          let best = 0
          for (const [t, s] of alternatives) {
            if (!found.has(t)) continue
            best = Math.max(best, s)
            matched.set(t, Math.max(matched.get(t) ?? 0, s * weight(term)))
          }
          covered += best * weight(term)
        }
        const coverage = total === 0 ? 0 : covered / total
        return { passage, score: result.score, coverage, confidence: coverage, matched }
      })
  }

  return {
    analyser,
    search,
    embedded: withVectors.length > 0,
    fusedSearch(question, vector, limit, previous = '') {
      const fused = new Map<Passage, number>()
      const add = (ranked: readonly Passage[]) => ranked.forEach((passage, rank) => fused.set(passage, (fused.get(passage) ?? 0) + 1 / (RRF_K + rank + 1)))
      add(search(question, FUSION_DEPTH, previous).map((match) => match.passage))
      add(
        withVectors
          .map((passage) => ({ passage, closeness: dot(passage.vector as Float32Array, vector) }))
          .sort((a, b) => b.closeness - a.closeness)
          .slice(0, FUSION_DEPTH)
          .map((ranked) => ranked.passage),
      )
      return [...fused.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].id - b[0].id)
        .slice(0, limit)
        .map(([passage]) => passage)
    },
  }
}
