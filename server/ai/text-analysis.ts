// How help articles and customers' questions are turned into comparable terms. Customers rarely use an
// article's words ("money back" for "refund", "parcel" for "package"), so both sides go through the
// same steps: common phrases rewritten, words lower-cased and stemmed (Porter), stop words dropped, and
// every word of a group of support synonyms mapped to one concept. The groups are general online-shop
// support vocabulary, not any one help center's.
import { stemmer } from 'stemmer'

/** Phrases that mean one thing together, rewritten before the words are split. */
const PHRASES: [RegExp, string][] = [
  // "send back", "send it back", "send something back", "send the jacket back": one or two words between.
  [/\bsend(?:ing|s)? ((?:[a-z]+ ){0,2})back\b/g, ' $1 return '],
  [/\bbring(?:ing|s)? ((?:[a-z]+ ){0,2})back\b/g, ' $1 return '],
  [/\bmoney back\b/g, ' refund '],
  [/\bgift ?(card|voucher|certificate)s?\b/g, ' giftcard '],
  [/\b(log|sign) ?(in|on)\b/g, ' login '],
  [/\b(sign|signed) ?up\b/g, ' register '],
  [/\bnext[- ]day\b/g, ' express '],
  [/\bcash on delivery\b/g, ' cod '],
  [/\bout of stock\b/g, ' soldout '],
  [/\bsold out\b/g, ' soldout '],
  [/\blook(ing)? after\b/g, ' care '],
  [/\bcredit cards?\b/g, ' card '],
  [/\bhow much\b/g, ' cost '],
  [/\bwhere('?s| is) my\b/g, ' track my '],
  [/\b(gets?|getting|be|is) here\b/g, ' arrive '],
  [/\bhow long\b/g, ' time '],
  [/\b(never|nothing|not|didnt|hasnt|havent|hasn't|didn't|haven't) (came|come|arrived|received|showed up|turned up)\b/g, ' missing '],
  [/\bnew zealand\b/g, ' international '],
  [/\bunited kingdom\b/g, ' international '],
]

/**
 * Synonym groups: every word (stemmed) of a group stands for its first word. Kept to senses that hold
 * across shops; a word with two common senses in support chats ("charge": pay or cost, "fix": repair
 * or correct) is in both groups and stands for both.
 */
const SYNONYMS: string[][] = [
  ['ship', 'shipping', 'deliver', 'delivery', 'deliveries', 'postage', 'dispatch', 'arrive', 'arrival', 'transit', 'courier', 'carrier'],
  ['package', 'parcel', 'shipment', 'box'],
  ['refund', 'reimburse', 'reimbursement', 'reimbursed', 'repay', 'repayment'],
  ['return', 'returns', 'returned'],
  ['exchange', 'swap', 'trade', 'switch'],
  ['size', 'sizes', 'sizing', 'fit', 'fits', 'tight', 'loose', 'small', 'big', 'large', 'larger', 'smaller'],
  ['pay', 'payment', 'paid', 'charge', 'charged', 'bill', 'billed', 'billing', 'installment', 'instalment', 'split'],
  ['cost', 'price', 'fee', 'fees', 'expensive', 'cheap', 'charge', 'charged'],
  ['change', 'modify', 'edit', 'amend', 'mistake', 'wrong', 'correct', 'fix', 'update'],
  ['color', 'colour', 'colors', 'colours', 'black', 'white', 'blue', 'red', 'green', 'grey', 'gray', 'navy', 'brown', 'yellow', 'orange', 'pink', 'purple'],
  ['coupon', 'promo', 'discount', 'voucher', 'code'],
  ['password', 'passcode', 'reset'],
  ['account', 'profile', 'register', 'registration'],
  ['cancel', 'cancellation', 'cancelled', 'canceled'],
  ['warranty', 'guarantee', 'defect', 'defective', 'faulty', 'broken', 'broke', 'repair', 'fix', 'ripped', 'tear', 'torn', 'leak', 'leaking'],
  ['wash', 'washing', 'clean', 'cleaning', 'laundry', 'launder', 'care', 'dryer', 'dry'],
  ['hours', 'open', 'opening', 'weekend', 'weekends', 'saturday', 'sunday'],
  ['store', 'stores', 'shop', 'shops', 'location', 'branch'],
  ['international', 'abroad', 'overseas', 'canada', 'uk', 'britain', 'england', 'europe', 'eu', 'germany', 'france', 'spain', 'italy', 'ireland', 'australia'],
  ['customs', 'duty', 'duties', 'import', 'tax', 'taxes', 'vat'],
  ['track', 'tracking', 'follow', 'lost', 'missing', 'whereabouts'],
  ['zipper', 'zip'],
  ['jacket', 'coat', 'parka', 'shell', 'anorak'],
  ['boot', 'boots', 'shoe', 'shoes', 'footwear', 'sneaker'],
  ['express', 'fast', 'faster', 'quick', 'quicker', 'expedited', 'rush', 'urgent'],
  ['free', 'complimentary'],
  ['measure', 'measurement', 'measurements', 'chest', 'waist', 'inseam'],
  ['email', 'mail', 'inbox'],
]

/** Words that carry no meaning for matching a question to a passage. */
const STOP_WORDS = new Set(
  `a about above after again all am an and any are as at be because been before being below between both but by can could
  did do does doing down during each few for from further had has have having he her here hers herself him himself his how i
  if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out
  over own same she should so some such than that the their theirs them themselves then there these they this those through to
  too under until up very was we were what when where which while who whom why will with would you your yours yourself
  yourselves im ive id dont doesnt didnt cant wont isnt arent wasnt please hi hello hey thanks thank also get got still like
  want wanted need needs know tell let may might must shall one thing things stuff something anything really ok okay yes yeah`
    .split(/\s+/)
    .filter(Boolean),
)

const concepts = new Map<string, string[]>()
for (const group of SYNONYMS) {
  const concept = stemmer(group[0] as string)
  for (const word of group) {
    const stem = stemmer(word)
    const known = concepts.get(stem) ?? []
    if (!known.includes(concept)) concepts.set(stem, [...known, concept])
  }
}

/** Lower-cased, phrases rewritten, split into words: what a person would call the words of the text. */
export function words(text: string): string[] {
  let normal = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’]/g, '')
  for (const [pattern, replacement] of PHRASES) normal = normal.replace(pattern, replacement)
  return normal.split(/[^a-z0-9$]+/).filter(Boolean)
}

/**
 * Words whose terms are known: building a help center's index meets the same words over and over,
 * and stemming each again was most of the build. Bounded, since questions bring any words at all:
 * when full it starts again, which costs only the stemming it saved.
 */
const TERMS_CACHE_MAX = 50_000
const termsCache = new Map<string, readonly string[]>()

/** A word as terms to match on: none for a stop word, else its stem mapped to its concept(s). */
export function termsOfWord(word: string): readonly string[] {
  let known = termsCache.get(word)
  if (known) return known
  if (STOP_WORDS.has(word) || word.length < 2) known = []
  else {
    const stem = stemmer(word)
    known = concepts.get(stem) ?? [stem]
  }
  if (termsCache.size >= TERMS_CACHE_MAX) termsCache.clear()
  termsCache.set(word, known)
  return known
}

/** The terms of a text, in order, repeats kept. */
export function terms(text: string): string[] {
  return words(text).flatMap(termsOfWord)
}
