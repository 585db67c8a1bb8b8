// The offline responder's retrieval on the demo help center, a regression check only (the figures that
// judge retrieval are `npm run eval`'s, on help centers it was not written beside): how many questions
// it answers with the right article, and how many out-of-scope ones it hands off.
import MiniSearch from 'minisearch'
import t from 'tap'
import { buildKnowledgeBase, passagesOf, trusted } from '../../server/ai/knowledge-base.ts'
import { english } from '../../server/ai/text-analysis.ts'
const terms = english.terms
import { demoArticles, questionFixture, type FixtureQuestion } from '../helpers/help-center.ts'

const base = buildKnowledgeBase(demoArticles())

function measure(questions: FixtureQuestion[]) {
  let answered = 0
  let wrong = 0
  let missed = 0
  let handedOff = 0
  let inScope = 0
  const misses: string[] = []
  for (const { q, expect } of questions) {
    const [best] = base.search(q, 1)
    const answer = trusted(best) ? best.passage.title : null
    if (expect === null) {
      if (answer === null) handedOff++
      else misses.push(`answered out of scope: "${q}" with ${answer}`)
      continue
    }
    inScope++
    if (answer === expect) answered++
    else if (answer === null) {
      missed++
      misses.push(`handed off: "${q}" (expected ${expect})`)
    } else {
      wrong++
      misses.push(`wrong article: "${q}" got ${answer}, expected ${expect}`)
    }
  }
  const outOfScope = questions.length - inScope
  return { answerRate: answered / inScope, wrongRate: wrong / inScope, missed, handoffRate: handedOff / outOfScope, inScope, outOfScope, misses }
}

const percent = (rate: number) => `${(rate * 100).toFixed(0)}%`

for (const [name, questions, floors] of [
  // Where it stands (47% and 54% answered right, 100% and 83% handed off), less a question or two:
  // precision first, so a question it is unsure of goes to a person rather than to a wrong article.
  ['tuning', questionFixture.tuning, { answer: 0.42, handoff: 1 }],
  ['held-out', questionFixture.heldOut, { answer: 0.45, handoff: 0.83 }],
] as const) {
  t.test(`${name} questions: answered from the right article, or handed off when no article answers`, async (t) => {
    const result = measure([...questions])
    t.comment(
      `${name}: ${percent(result.answerRate)} of ${result.inScope} answered with the right article, ${percent(result.wrongRate)} with a wrong one; ` +
        `${percent(result.handoffRate)} of ${result.outOfScope} out-of-scope handed off`,
    )
    for (const miss of result.misses) t.comment(`  ${miss}`)
    t.ok(result.answerRate >= floors.answer, `answer rate ${percent(result.answerRate)} ≥ ${percent(floors.answer)}`)
    t.ok(result.handoffRate >= floors.handoff, `handoff rate ${percent(result.handoffRate)} ≥ ${percent(floors.handoff)}`)
  })
}

t.test('for comparison: plain BM25 over the same passages, without the analysis, ranks the right article first less often', async (t) => {
  const passages = demoArticles().flatMap((article, i) => passagesOf(article, i * 100))
  const plain = new MiniSearch({ fields: ['title', 'text'], searchOptions: { boost: { title: 2 } } })
  plain.addAll(passages)
  const titleOf = new Map(passages.map((p) => [p.id, p.title]))
  for (const [name, questions] of [['tuning', questionFixture.tuning], ['held-out', questionFixture.heldOut]] as const) {
    const inScope = questions.filter((q) => q.expect !== null)
    const right = inScope.filter((q) => titleOf.get(plain.search(q.q)[0]?.id) === q.expect).length
    const ours = inScope.filter((q) => base.search(q.q, 1)[0]?.passage.title === q.expect).length
    t.comment(`${name}: the right article first for ${percent(ours / inScope.length)} of ${inScope.length}, plain BM25 ${percent(right / inScope.length)}`)
    t.ok(ours > right, 'the analysis does better')
  }
})

t.test("customers' words meet the articles' words: stems, the support lexicon's phrases and groups", async (t) => {
  t.same(terms('I want to send it back'), terms('return it'))
  t.same(terms('send something back'), terms('return'), 'any word between, as customers write it')
  t.same(terms('send the jacket back').sort(), terms('return jacket').sort(), 'the object is kept')
  t.same(terms('money back'), terms('refund'))
  t.same(terms('parcel'), terms('package'))
  t.same(terms('Shipping'), terms('delivery'))
  t.same(terms('guarantees'), terms('guarantee'))
  t.same(terms('How do I log in?'), terms('sign in'))
  t.ok(terms('charge').includes(terms('fee')[0]!) && terms('charge').includes(terms('pay')[0]!), 'a word of two senses stands for both')
  t.same(terms('the and of to please thanks'), [], 'stop words carry nothing')
  t.same(terms('order #1234 for $89 on the 15th'), terms('order'), 'numbers say which one, not what about')
})

t.test('an empty help center, or a question of stop words only, matches nothing', async (t) => {
  t.same(buildKnowledgeBase([]).search('where is my order'), [])
  t.same(base.search('is it the one?'), [])
})
