// The offline responder's retrieval, measured on questions written in customers' words rather than the
// articles': how many it answers with the right article, and how many out-of-scope ones it hands off.
import MiniSearch from 'minisearch'
import t from 'tap'
import { buildKnowledgeBase, passagesOf, trusted } from '../../server/ai/knowledge-base.ts'
import { terms } from '../../server/ai/text-analysis.ts'
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
  ['tuning', questionFixture.tuning, { answer: 0.9, handoff: 0.75 }],
  ['held-out', questionFixture.heldOut, { answer: 0.8, handoff: 0.66 }],
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

t.test('for comparison: plain BM25 over the same passages, without the analysis, and even with no threshold', async (t) => {
  const passages = demoArticles().flatMap((article, i) => passagesOf(article, i * 100))
  const plain = new MiniSearch({ fields: ['title', 'text'], searchOptions: { boost: { title: 2 } } })
  plain.addAll(passages)
  const titleOf = new Map(passages.map((p) => [p.id, p.title]))
  for (const [name, questions] of [['tuning', questionFixture.tuning], ['held-out', questionFixture.heldOut]] as const) {
    const inScope = questions.filter((q) => q.expect !== null)
    const right = inScope.filter((q) => titleOf.get(plain.search(q.q)[0]?.id) === q.expect).length
    t.comment(`${name}: plain BM25 puts the right article first for ${percent(right / inScope.length)} of ${inScope.length}`)
    t.ok(right < inScope.length * measure([...questions]).answerRate, 'the analysis does better')
  }
})

t.test("customers' words meet the articles' words: stems, phrases and synonyms", async (t) => {
  t.same(terms('I want to send it back'), terms('return it'))
  t.same(terms('send something back'), terms('return'), 'any word between, as customers write it')
  t.same(terms('send the jacket back').sort(), terms('return jacket').sort(), 'the object is kept')
  t.same(terms('money back'), terms('refund'))
  t.same(terms('parcel'), terms('package'))
  t.same(terms('Shipping'), terms('delivery'))
  t.same(terms('the zip broke'), terms('zipper defect'))
  t.same(terms('How do I log in?'), terms('sign in'))
  t.ok(terms('charge').includes(terms('fee')[0]!) && terms('charge').includes(terms('pay')[0]!), 'a word of two senses stands for both')
  t.same(terms('the and of to please thanks'), [], 'stop words carry nothing')
})

t.test('an empty help center, or a question of stop words only, matches nothing', async (t) => {
  t.same(buildKnowledgeBase([]).search('where is my order'), [])
  t.same(base.search('is it the one?'), [])
})
