// The offline knowledge base as a library (issue [08]): how long a site's index of 500 help articles
// takes to build, what it holds in memory, and how long a question takes to answer from it. In this
// process: there is no socket or server between the caller and the work measured.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { knowledgeBaseResponder } from '../../server/ai/kb-responder.ts'
import { EMBEDDING_DIMENSIONS, normalised } from '../../server/ai/embedder.ts'
import { buildKnowledgeBase, passagesOf, trusted } from '../../server/ai/knowledge-base.ts'
import { siteKnowledge } from '../../server/ai/site-knowledge.ts'
import type { Conversation, HelpArticle, Site } from '../../server/store/records.ts'
import { openStore } from '../../server/store/open-store.ts'
import type { Store } from '../../server/store/store.ts'
import { helpArticles, helpQuestions } from '../lib/help-articles.ts'
import { median, percentile } from '../lib/measure.ts'
import { fixed, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'

const ARTICLES = 500
const FULL_BUILDS = 5
const QUICK_BUILDS = 1
/** Every question is answered this many times (full), in turn, and each time is a sample. */
const FULL_ROUNDS = 3
const MEMORY_BUILDS = 3

/** A collector the bench may call: `--expose-gc` is switched on here if the process started without it. */
function collector(): (() => void) | null {
  try {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as unknown
    return typeof gc === 'function' ? (gc as () => void) : null
  } catch {
    return null
  }
}

/** Heap held by one built index: heapUsed after a full collection, with it and before it. */
function indexHeapMb(articles: HelpArticle[], gc: () => void): number {
  const settle = () => {
    gc()
    gc()
    return process.memoryUsage().heapUsed
  }
  const before = settle()
  const base = buildKnowledgeBase(articles)
  const after = settle()
  // Kept reachable until measured.
  base.search('x')
  return (after - before) / 1048576
}

const time = async (work: () => unknown): Promise<number> => {
  const at = performance.now()
  await work()
  return performance.now() - at
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) }
}

export const knowledgeBase: Section = {
  name: 'knowledge-base',
  async run({ quick, log }) {
    const builds = quick ? QUICK_BUILDS : FULL_BUILDS
    const rounds = quick ? 1 : FULL_ROUNDS
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-kb-'))
    const opened = await openStore({ mongoUri: null, dataDir: dir })
    try {
      // The articles as the server reads them: stored in SQLite through the Store, listed back.
      const { store } = opened
      const workspace = await store.createWorkspace({ name: 'KB bench' })
      const site = await store.createSite(workspace.id, { name: 'Gear shop', key: 'site_kb_bench', secretEncrypted: 'unused', allowedOrigins: [], routingPolicy: 'ai-first' })
      await store.createHelpArticles(workspace.id, site.id, helpArticles(ARTICLES))
      const articles = await store.listHelpArticles(workspace.id, site.id)
      const words = articles.reduce((sum, a) => sum + a.body.split(/\s+/).length, 0)
      log(`knowledge-base: ${articles.length} articles (${words} words), ${builds} builds`)

      // Build: the index alone, and as the server's first question after a change pays for it
      // (siteKnowledge: the articles read from the Store, then built), alternately.
      const buildMs: number[] = []
      const readAndBuildMs: number[] = []
      for (let i = 0; i < builds; i++) {
        buildMs.push(await time(() => buildKnowledgeBase(articles)))
        readAndBuildMs.push(await time(() => siteKnowledge(store).forSite(site)))
      }

      const gc = collector()
      const heapMb = gc ? median(Array.from({ length: MEMORY_BUILDS }, () => indexHeapMb(articles, gc))) : null

      // Answers: the responder the server runs without Gemini, over the index the server keeps
      // (built once, then cached by siteKnowledge, as between two article changes).
      const knowledge = siteKnowledge(store)
      const base = await knowledge.forSite(site)
      const responder = knowledgeBaseResponder(knowledge)
      const conversation = { id: 'c', workspaceId: workspace.id, siteId: site.id } as Conversation
      const questions = helpQuestions()
      const searchMs: number[] = []
      const answerMs: number[] = []
      let answered = 0
      let handedOff = 0
      let matchingAnswered = 0
      for (let round = 0; round < rounds; round++) {
        for (const { q, matching } of questions) {
          searchMs.push(await time(() => base.search(q, 3)))
          let kind = 'none'
          answerMs.push(
            await time(async () => {
              for await (const event of responder.respond({ site: site as Site, conversation, history: [], question: q, signal: new AbortController().signal })) {
                if (event.type !== 'citations') kind = event.type
              }
            }),
          )
          if (round > 0) continue
          if (kind === 'text') answered++
          else handedOff++
          if (matching && kind === 'text') matchingAnswered++
        }
      }
      // The Gemini path's ranking: BM25 fused with a 768-float vector per passage. The vectors are
      // random (unit length): what a search costs does not depend on what they mean.
      const random = (n: number) => normalised(Float32Array.from({ length: n }, () => Math.random() - 0.5))
      const vectors = new Map(articles.map((article) => [article.id, passagesOf(article, 0).map(() => random(EMBEDDING_DIMENSIONS))]))
      const embedded = buildKnowledgeBase(articles, 'en', null, vectors)
      const fusedMs: number[] = []
      for (let round = 0; round < rounds; round++) {
        for (const { q } of questions) {
          const vector = random(EMBEDDING_DIMENSIONS)
          fusedMs.push(await time(() => embedded.fusedSearch(q, vector, 4)))
        }
      }
      const trustedBest = questions.filter(({ q }) => trusted(base.search(q, 3)[0])).length
      const matchingCount = questions.filter((q) => q.matching).length

      const build = { medianMs: median(buildMs), samplesMs: buildMs }
      const readAndBuild = { medianMs: median(readAndBuildMs), samplesMs: readAndBuildMs }
      const search = stats(searchMs)
      const answer = stats(answerMs)
      const fused = stats(fusedMs)
      const figures = {
        articles: articles.length,
        words,
        passages: articles.reduce((sum, a) => sum + a.body.split(/\n\s*\n/).length, 0),
        build,
        readAndBuild,
        indexHeapMb: heapMb === null ? null : Math.round(heapMb * 10) / 10,
        questions: questions.length,
        rounds,
        matchingQuestions: matchingCount,
        answered,
        handedOff,
        matchingAnswered,
        trustedBest,
        search,
        answer,
        fused,
      }
      const markdown = [
        `In the bench's process, ${articles.length} help articles (bench/lib/help-articles.ts: the demo shop's 14 and generated ones of an outdoor-gear retailer, ${Math.round(words / articles.length)} words on average, ${figures.passages} paragraphs, each a passage) stored in SQLite through the Store and listed back, as the server reads them. ` +
          `The build is timed as \`buildKnowledgeBase\` alone and as \`siteKnowledge(store).forSite(site)\` (read + build: what the first question after an article change, or after the index's 30 s freshness, pays; synchronous, so the event loop waits the whole build), alternately, median of ${builds}. ` +
          `Then ${questions.length} questions (${matchingCount} written to match an article, the help-center fixture's and ones about the generated articles; ${questions.length - matchingCount} matching nothing, up to 2,000 characters of made-up words) were answered ${rounds === 1 ? 'once' : `${rounds} times each, in turn`}: the search alone (\`search(question, 3)\`) and the knowledge-base responder's whole answer (search, trust check, the sentence excerpt, its one yield to the event loop), and the Gemini path's fused ranking (\`fusedSearch\`: BM25 and a ${EMBEDDING_DIMENSIONS}-float vector per passage, random, since the cost does not depend on meaning; the question's embedding call itself is Gemini's time, not measured here). ` +
          (heapMb === null ? "The index's memory was not measured (no garbage collector to call)." : `Memory: heapUsed after two full collections with one index built, minus before it, median of ${MEMORY_BUILDS}.`),
        '',
        table(
          ['measure', 'n', 'p50 / median ms', 'p99 ms', 'max ms'],
          [
            [`index build, ${articles.length} articles`, builds, fixed(build.medianMs), null, fixed(Math.max(...buildMs))],
            ['read from SQLite + build (siteKnowledge)', builds, fixed(readAndBuild.medianMs), null, fixed(Math.max(...readAndBuildMs))],
            ['search, one question', search.n, fixed(search.p50, 3), fixed(search.p99, 3), fixed(search.max, 3)],
            ['answer, one question (knowledge-base responder)', answer.n, fixed(answer.p50, 3), fixed(answer.p99, 3), fixed(answer.max, 3)],
            [`fused search, BM25 + ${EMBEDDING_DIMENSIONS}-float vectors (Gemini path)`, fused.n, fixed(fused.p50, 3), fixed(fused.p99, 3), fixed(fused.max, 3)],
          ],
        ),
        '',
        `Index in memory: ${heapMb === null ? 'not measured' : `${fixed(heapMb)} MB of heap`}. Answered from an article: ${answered} of ${questions.length} (${matchingAnswered} of the ${matchingCount} written to match); handed off to a person: ${handedOff}.`,
      ].join('\n')
      return { title: 'Knowledge base: index build and answers, 500 articles', markdown, figures }
    } finally {
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
