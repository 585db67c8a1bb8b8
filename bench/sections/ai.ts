// The AI path's overhead (issue [08]): from a customer's question to the first streamed token of the
// answer, with the offline knowledge-base responder and with the real @google/genai client against
// a fake Gemini that answers at once; beside it, on the same servers and in the same run, the
// customer→agent relay, so what the AI adds is visible.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asksForPerson, isSmallTalk } from '../../server/ai/conversation-text.ts'
import { buildKnowledgeBase, trusted } from '../../server/ai/knowledge-base.ts'
import { demoArticles, questionFixture } from '../../test/helpers/help-center.ts'
import type { AiSamples } from '../lib/ai-client.ts'
import { percentile } from '../lib/measure.ts'
import { runClient, startProcess, TSX, type Started } from '../lib/processes.ts'
import { fixed, ratio, table } from '../lib/report.ts'
import type { Section } from '../lib/section.ts'

const FULL_QUESTIONS = 50
const QUICK_QUESTIONS = 5

/**
 * The help-center questions the knowledge-base responder answers (a question it hands off has no
 * first token to time): the paraphrased fixture's answerable questions, kept where the offline
 * search trusts its best passage, as the server will.
 */
function answerableQuestions(): string[] {
  const base = buildKnowledgeBase(demoArticles())
  return [...questionFixture.tuning, ...questionFixture.heldOut]
    .map((item) => item.q)
    .filter((q) => !asksForPerson(q) && !isSmallTalk(q) && trusted(base.search(q, 3)[0]))
}

interface Stats {
  n: number
  p50: number | null
  p99: number | null
  max: number | null
}

const stats = (samples: number[]): Stats => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted.length === 0 ? { n: 0, p50: null, p99: null, max: null } : { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) }
}

/** Starts one AI bench server (bench/lib/ai-server.ts) seeded with `visitors` fresh visitors. */
async function startAiServer(visitors: number, env: Record<string, string>): Promise<Started & { fixturePath: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-ai-'))
  const fixturePath = join(dir, 'fixture.json')
  try {
    // MONGO_URI emptied: this section measures the default (SQLite) server whatever the shell says.
    const started = await startProcess([...TSX, 'bench/lib/ai-server.ts'], { DATA_DIR: join(dir, 'data'), BENCH_FIXTURE: fixturePath, BENCH_VISITORS: String(visitors), MONGO_URI: '', ...env }, /^ready$/)
    return {
      ...started,
      fixturePath,
      async stop() {
        await started.stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

export const ai: Section = {
  name: 'ai',
  async run({ quick, log }) {
    const count = quick ? QUICK_QUESTIONS : FULL_QUESTIONS
    const questions = answerableQuestions()
    const stoppers: (() => Promise<void>)[] = []
    let samples: AiSamples[]
    try {
      log('ai: starting the fake Gemini and two servers (knowledge base, Gemini)')
      const fake = await startProcess([...TSX, 'bench/lib/fake-gemini-server.ts'], {}, /^ready http:\/\/127\.0\.0\.1:\d+$/)
      stoppers.push(() => fake.stop())
      const baseUrl = fake.line.split(' ')[1]!
      // One more visitor than questions: the first question of each server is the warm-up.
      const [kb, gemini] = await Promise.all([
        startAiServer(count + 1, { GEMINI_API_KEY: '' }),
        startAiServer(count + 1, { GEMINI_API_KEY: 'bench-fake-key', GEMINI_BASE_URL: baseUrl, GEMINI_MODEL: 'gemini-2.5-flash' }),
      ])
      stoppers.push(() => kb.stop(), () => gemini.stop())
      log(`ai: ${count} questions per server, taken in turn`)
      samples = await runClient<AiSamples[]>(
        'bench/lib/ai-client.ts',
        { servers: [{ label: 'kb', fixture: kb.fixturePath }, { label: 'gemini', fixture: gemini.fixturePath }], questions, count },
        120_000 + count * 4_000,
      )
    } finally {
      await Promise.all(stoppers.map((stop) => stop()))
    }

    const [kbSamples, geminiSamples] = [samples.find((s) => s.label === 'kb')!, samples.find((s) => s.label === 'gemini')!]
    const view = (s: AiSamples) => ({
      responder: s.responder,
      relayAck: stats(s.reference.ackMs),
      relayToAgent: stats(s.reference.agentMs),
      aiAck: stats(s.ai.ackMs),
      firstToken: stats(s.ai.firstMs),
      final: stats(s.ai.finalMs),
      firstFrame: s.ai.firstFrame,
      streamFramesPerAnswer: s.ai.finalMs.length ? Math.round((s.ai.streamFrames / s.ai.finalMs.length) * 10) / 10 : null,
      handedOff: s.ai.handedOff,
      timedOut: s.ai.timedOut + s.reference.timedOut,
    })
    const figures = { questions: count, knowledgeBase: view(kbSamples), gemini: view(geminiSamples) }

    const firstFrameName = (f: Record<string, number>) =>
      Object.entries(f)
        .map(([frame, n]) => `${frame === 'stream' ? 'first `stream`' : 'whole `message`'}${Object.keys(f).length > 1 ? ` (${n})` : ''}`)
        .join(', ') || 'first token'
    const rows: (string | number | null)[][] = []
    const add = (path: string, to: string, s: Stats, reference: Stats) =>
      rows.push([path, to, s.n, fixed(s.p50, 2), fixed(s.p99, 2), fixed(s.max, 2), ratio(s.p50, reference.p50, 1)])
    for (const [label, v] of [
      ['knowledge base', figures.knowledgeBase],
      ['Gemini (fake, instant)', figures.gemini],
    ] as const) {
      add(`customer → agent relay (reference), ${label} server`, '`ack`', v.relayAck, v.relayAck)
      add(`customer → agent relay (reference), ${label} server`, "agent's `message`", v.relayToAgent, v.relayAck)
      add(`AI: ${label}`, '`ack`', v.aiAck, v.relayAck)
      add(`AI: ${label}`, firstFrameName(v.firstFrame), v.firstToken, v.relayAck)
      const frames = v.streamFramesPerAnswer
      add(`AI: ${label}`, `final \`message\` (${frames ?? '–'} \`stream\` frame${frames === 1 ? '' : 's'} each)`, v.final, v.relayAck)
    }
    const problems = [
      ...(['knowledgeBase', 'gemini'] as const).flatMap((k) => (figures[k].handedOff + figures[k].timedOut > 0 ? [`${k}: ${figures[k].handedOff} handed off, ${figures[k].timedOut} timed out (not in the times)`] : [])),
    ]

    const markdown = [
      `${count} questions per server, one at a time, each from a fresh visitor opening a conversation (so the per-visitor and per-site AI limits, \`AI_ANSWERS_PER_VISITOR_PER_HOUR\` and \`AI_ANSWERS_PER_SITE_PER_DAY\`, are never reached and stay at their defaults), to two servers (bench/lib/ai-server.ts: the production app on SQLite, an ai-first site with the demo help center): one with the offline knowledge-base responder, one with the real \`@google/genai\` client pointed by \`GEMINI_API_KEY\` and \`GEMINI_BASE_URL\` at the tests' fake Gemini, in its own process, streaming a five-piece answer at once. ` +
        `Times are taken on the customer's socket, in the load client's process, from its \`send\` to the \`ack\`, to the answer's first \`stream\` frame (the first token) and to its final \`message\`; the questions are the help-center fixture's that the offline search answers (${questions.length}, in turn), after one unmeasured warm-up per server. ` +
        "The reference is Tandem's own customer→agent relay on the same servers, interleaved with the questions: a customer whose conversation an agent holds sends the same text, timed to the `ack` and to the agent's `message`; the last column divides by that relay `ack` p50. " +
        'The servers take turns question by question, on a shared 2-core machine.',
      '',
      table(['path', 'from `send` to', 'n', 'p50 ms', 'p99 ms', 'max ms', 'p50 × relay ack'], rows),
      ...(problems.length ? ['', `Not answered: ${problems.join('; ')}.`] : []),
    ].join('\n')
    return { title: 'AI answers: from a question to the first token', markdown, figures }
  },
}
