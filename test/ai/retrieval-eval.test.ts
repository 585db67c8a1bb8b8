// The evaluation help centers of issue [13] hold what the issue asks of them (two businesses unlike the
// demo, enough questions of each kind, every in-scope question naming a real article, follow-ups
// after an earlier question, no question copying its article's title), and `npm run eval`'s harness
// accounts for every question. The figures themselves are printed, not asserted: they are what the
// retrieval work measures itself by.
import t from 'tap'
import { evalFixtures, evaluateHelpCenter, report } from '../../scripts/retrieval-eval.ts'

const fixtures = evalFixtures()

t.test('two help centers, one to tune on and one held out', async (t) => {
  t.same(fixtures.map(({ fixture }) => fixture.role).sort(), ['held-out', 'tuning'])
})

for (const { file, fixture } of fixtures) {
  t.test(`${file}: articles, then questions of every kind, in customers' words`, async (t) => {
    const titles = new Set(fixture.articles.map((a) => a.title))
    t.ok(fixture.articles.length >= 10, `${fixture.articles.length} articles`)
    t.ok(fixture.inScope.length >= 30, `${fixture.inScope.length} in-scope questions`)
    t.ok(fixture.outOfScope.length >= 15, `${fixture.outOfScope.length} out of scope`)
    t.ok(fixture.outOfScope.filter((q) => q.kind === 'near-miss').length >= 5, 'near misses among them')
    t.ok(fixture.injections.length >= 5, `${fixture.injections.length} prompt injections`)
    for (const [i, q] of fixture.inScope.entries()) {
      if (!titles.has(q.article)) t.fail(`"${q.question}" names no article: ${q.article}`)
      if (q.question.toLowerCase().includes(q.article.toLowerCase())) t.fail(`"${q.question}" copies its article's title`)
      if (q.followUpOf !== undefined && !(q.followUpOf >= 0 && q.followUpOf < i)) t.fail(`"${q.question}" follows no earlier question`)
    }
    t.ok(fixture.inScope.filter((q) => q.followUpOf !== undefined).length >= 3, 'follow-ups')
    t.ok([...titles].every((title) => fixture.inScope.some((q) => q.article === title)), 'every article is asked about')
  })
}

t.test("the harness accounts for every question, and prints the figures", async (t) => {
  const results = []
  for (const { fixture } of fixtures) {
    const r = await evaluateHelpCenter(fixture)
    results.push(r)
    t.equal(r.inScope.right + r.inScope.wrong + r.inScope.handedOff, fixture.inScope.length, `${r.business}: every in-scope question`)
    t.equal(r.inScope.misses.length, fixture.inScope.length - r.inScope.right, 'each miss listed')
    t.equal(r.outOfScope.total, fixture.outOfScope.length)
    t.equal(r.outOfScope.handedOff + r.outOfScope.answered.length, fixture.outOfScope.length, 'every out-of-scope question, handed off or listed')
    t.equal(r.injections.handedOff + r.injections.fromPassages + r.injections.other.length, fixture.injections.length, 'every injection')
  }
  t.comment(report(results))
})
