// How help articles and customers' questions are turned into comparable terms, the same steps on both
// sides. In English: words lower-cased, accents and apostrophes dropped, stop words dropped, each word
// stemmed (Porter), so "guarantees" meets "guarantee"; the synonyms customers use instead of an
// article's words come from WordNet at search time (knowledge-base.ts), not from a list written for
// one business. Any other language gets plain terms: words as they are, no stemming and no stop words,
// since English rules would only mangle them.
import { stemmer } from 'stemmer'
import { SUPPORT_GROUPS, SUPPORT_PHRASES } from './support-lexicon.ts'

export interface Analyser {
  /** 'en' when English rules apply; 'plain' otherwise. */
  readonly language: 'en' | 'plain'
  /** What a person would call the words of the text, lower-cased, in order. */
  words(text: string): string[]
  /** A word as terms to match on: none for a stop word. */
  termsOfWord(word: string): readonly string[]
  /** The terms of a text, in order, repeats kept. */
  terms(text: string): string[]
}

/** Words that carry no meaning for matching a question to a passage. */
const STOP_WORDS = new Set(
  `a about above after again all am an and any are as at be because been before being below between both but by can could
  did do does doing down during each few for from further had has have having he her here hers herself him himself his how i
  if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
  over own same she should so some such than that the their theirs them themselves then there these they this those through to
  too under until up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves im ive id dont doesnt didnt cant wont isnt arent wasnt please hi hello hey thanks thank also get got still like
  want wanted need needs know tell let may might must shall one thing things stuff something anything really ok okay yes yeah
  u ur us pls plz thx tho`
    .split(/\s+/)
    .filter(Boolean),
)

/**
 * A number says which one ("order #1234", "$89", "the 15th"), never what the question is about:
 * counted, it would weigh as a word no article uses and turn a plain question away.
 */
const NUMBER = /^\$?[0-9]+(st|nd|rd|th|s)?$/

export const isStopWord = (word: string): boolean => STOP_WORDS.has(word)

/**
 * Words whose terms are known: building a help center's index meets the same words over and over,
 * and stemming each again was most of the build. Bounded, since questions bring any words at all:
 * when full it starts again, which costs only the stemming it saved.
 */
const TERMS_CACHE_MAX = 50_000

function cachedTerms(termsOf: (word: string) => readonly string[]): (word: string) => readonly string[] {
  const cache = new Map<string, readonly string[]>()
  return (word) => {
    let known = cache.get(word)
    if (known) return known
    known = termsOf(word)
    if (cache.size >= TERMS_CACHE_MAX) cache.clear()
    cache.set(word, known)
    return known
  }
}

const folded = (text: string) => text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’]/g, '')

function analyser(language: Analyser['language'], words: (text: string) => string[], termsOf: (word: string) => readonly string[]): Analyser {
  const termsOfWord = cachedTerms(termsOf)
  return { language, words, termsOfWord, terms: (text) => words(text).flatMap(termsOfWord) }
}

const concepts = new Map<string, string[]>()
for (const group of SUPPORT_GROUPS) {
  const concept = stemmer(group[0] as string)
  for (const word of group) {
    const stem = stemmer(word)
    const known = concepts.get(stem) ?? []
    if (!known.includes(concept)) concepts.set(stem, [...known, concept])
  }
}

export const english: Analyser = analyser(
  'en',
  (text) => {
    let normal = folded(text)
    for (const [pattern, replacement] of SUPPORT_PHRASES) normal = normal.replace(pattern, replacement)
    return normal.split(/[^a-z0-9$]+/).filter(Boolean)
  },
  (word) => {
    if (STOP_WORDS.has(word) || word.length < 2 || NUMBER.test(word)) return []
    const stem = stemmer(word)
    return concepts.get(stem) ?? [stem]
  },
)

/** Letters and digits of any script; a word of one character still counts (a CJK character is a word). */
export const plain: Analyser = analyser(
  'plain',
  (text) => folded(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean),
  (word) => (NUMBER.test(word) ? [] : [word]),
)

/** English rules for an English site ("en", "en-GB"), plain terms for any other locale. */
export const analyserFor = (locale: string | null | undefined): Analyser => (/^en(-|$)/i.test(locale ?? 'en') ? english : plain)
