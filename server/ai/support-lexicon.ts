// The few words customers of any online business use for the same support request, whatever the
// business sells: getting money back, sending something back, stopping a purchase or a plan, what it
// costs, how long it takes, signing in. WordNet (wordnet.ts) has the language's synonyms, not these:
// "money back" is not a WordNet synonym of "refund". Kept because it measurably helps on the
// evaluation help center held out from tuning (`npm run eval`, Tallyfold); nothing here names a
// product, a place or a business's own terms.

/** Phrases that mean one thing together, rewritten before the words are split. */
export const SUPPORT_PHRASES: [RegExp, string][] = [
  // "send back", "send it back", "send the order back": one or two words between.
  [/\bsend(?:ing|s)? ((?:[a-z]+ ){0,2})back\b/g, ' $1 return '],
  [/\bbring(?:ing|s)? ((?:[a-z]+ ){0,2})back\b/g, ' $1 return '],
  [/\bmoney back\b/g, ' refund '],
  [/\b(log|sign) ?(in|on)\b/g, ' login '],
  [/\b(sign|signed) ?up\b/g, ' register '],
  [/\bhow much\b/g, ' cost '],
  [/\bhow long\b/g, ' time '],
  [/\bwhere('?s| is) my\b/g, ' track my '],
]

/** Each group's words stand for its first word (stemmed); a word in two groups stands for both. */
export const SUPPORT_GROUPS: string[][] = [
  ['refund', 'reimburse', 'reimbursement', 'reimbursed', 'repay', 'repayment'],
  ['return', 'returns', 'returned'],
  ['cancel', 'cancellation', 'cancelled', 'canceled'],
  ['pay', 'payment', 'paid', 'charge', 'charged', 'bill', 'billed', 'billing'],
  ['cost', 'price', 'fee', 'fees', 'expensive', 'cheap', 'charge', 'charged'],
  ['change', 'modify', 'edit', 'amend', 'mistake', 'wrong', 'correct', 'fix', 'update'],
  ['account', 'profile', 'register', 'registration'],
  ['password', 'passcode', 'reset'],
  ['ship', 'shipping', 'deliver', 'delivery', 'deliveries', 'postage', 'dispatch', 'arrive', 'arrival'],
  ['package', 'parcel', 'shipment'],
  ['track', 'tracking', 'lost', 'missing'],
  ['coupon', 'promo', 'discount', 'voucher'],
  ['email', 'mail', 'inbox'],
  // "How long" (rewritten to "time") is answered by a duration.
  ['time', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'],
]
