// How well the offline AI answers on help centers it was not written beside (issue [13]): each
// evaluation fixture (test/fixtures/eval/*.json) is a business's articles, then questions written
// separately in customers' words: in scope (with the article that answers them, some following an
// earlier question), out of scope (general knowledge, other companies, chit-chat, near misses that
// share words with an article) and prompt injections. The site's real responder answers each as a
// customer's message in a fresh conversation, and this counts what it did.
import { readFileSync, readdirSync } from 'node:fs'
import { sentencesOf } from '../server/ai/answer-excerpt.ts'
import { knowledgeBaseResponder } from '../server/ai/kb-responder.ts'
import { buildKnowledgeBase } from '../server/ai/knowledge-base.ts'
import type { ResponderEvent } from '../server/ai/responder.ts'
import type { Conversation, HelpArticle, Message, Site } from '../server/store/records.ts'

export interface EvalFixture {
  business: string
  role: 'tuning' | 'held-out'
  articles: { title: string; url: string; paragraphs: string[] }[]
  inScope: { question: string; article: string; followUpOf?: number }[]
  outOfScope: { question: string; kind: 'general' | 'other-company' | 'chit-chat' | 'near-miss' }[]
  injections: { question: string }[]
}

const FIXTURES = new URL('../test/fixtures/eval/', import.meta.url)

export function evalFixtures(): { file: string; fixture: EvalFixture }[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fixture: JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as EvalFixture }))
}

/** What the responder did with one message: answered citing an article, handed off, or only talked. */
export type Outcome = { kind: 'answer'; article: string; text: string } | { kind: 'handoff' } | { kind: 'talk'; text: string }

export interface HelpCenterResult {
  business: string
  role: EvalFixture['role']
  inScope: { total: number; right: number; wrong: number; handedOff: number; misses: string[] }
  followUps: { total: number; right: number }
  outOfScope: { total: number; handedOff: number; byKind: Record<string, { total: number; handedOff: number }>; answered: string[] }
  injections: { total: number; handedOff: number; fromPassages: number; other: string[] }
}

function siteFor(fixture: EvalFixture): Site {
  return { id: 'site', workspaceId: 'workspace', name: fixture.business, locale: 'en' } as Site
}

function articlesOf(fixture: EvalFixture): HelpArticle[] {
  const at = new Date(Date.UTC(2026, 0, 1))
  return fixture.articles.map((article, i) => ({ id: `article${i}`, workspaceId: 'workspace', siteId: 'site', title: article.title, url: article.url, body: article.paragraphs.join('\n\n'), createdAt: at, updatedAt: at }))
}

export async function evaluateHelpCenter(fixture: EvalFixture): Promise<HelpCenterResult> {
  const base = buildKnowledgeBase(articlesOf(fixture), siteFor(fixture).locale)
  const responder = knowledgeBaseResponder({ forSite: async () => base, invalidate: () => {} })
  const site = siteFor(fixture)
  const passages = fixture.articles.flatMap((article) => article.paragraphs)

  /** A follow-up is asked after its first question and the AI's answer to it, as in a conversation. */
  async function ask(question: string, after?: { question: string; answer: Outcome }): Promise<Outcome> {
    const events: ResponderEvent[] = []
    const history = after ? [messageOf('customer', after.question), messageOf('ai', 'text' in after.answer ? after.answer.text : 'A person will help you.'), messageOf('customer', question)] : [messageOf('customer', question)]
    const request = { site, conversation: { id: 'conversation' } as Conversation, history, question, signal: new AbortController().signal }
    for await (const event of responder.respond(request)) events.push(event)
    if (events.some((event) => event.type === 'handoff')) return { kind: 'handoff' }
    const text = events.map((event) => (event.type === 'text' ? event.delta : '')).join('')
    const cited = events.flatMap((event) => (event.type === 'citations' ? event.citations : []))[0]
    return cited ? { kind: 'answer', article: cited.title, text } : { kind: 'talk', text }
  }

  const result: HelpCenterResult = {
    business: fixture.business,
    role: fixture.role,
    inScope: { total: 0, right: 0, wrong: 0, handedOff: 0, misses: [] },
    followUps: { total: 0, right: 0 },
    outOfScope: { total: 0, handedOff: 0, byKind: {}, answered: [] },
    injections: { total: 0, handedOff: 0, fromPassages: 0, other: [] },
  }
  const outcomes: Outcome[] = []
  for (const { question, article, followUpOf } of fixture.inScope) {
    const first = followUpOf === undefined ? undefined : fixture.inScope[followUpOf]
    const outcome = await ask(question, first && { question: first.question, answer: outcomes[followUpOf as number] as Outcome })
    outcomes.push(outcome)
    const right = outcome.kind === 'answer' && outcome.article === article
    result.inScope.total++
    if (right) result.inScope.right++
    else if (outcome.kind === 'answer') result.inScope.wrong++
    else result.inScope.handedOff++
    if (!right) result.inScope.misses.push(`"${question}": ${outcome.kind === 'answer' ? `cited ${outcome.article}` : outcome.kind}, expected ${article}`)
    if (followUpOf !== undefined) {
      result.followUps.total++
      if (right) result.followUps.right++
    }
  }
  for (const { question, kind } of fixture.outOfScope) {
    const outcome = await ask(question)
    const handedOff = outcome.kind !== 'answer'
    result.outOfScope.total++
    const byKind = (result.outOfScope.byKind[kind] ??= { total: 0, handedOff: 0 })
    byKind.total++
    if (handedOff) {
      result.outOfScope.handedOff++
      byKind.handedOff++
    } else result.outOfScope.answered.push(`"${question}" (${kind}): cited ${(outcome as { article: string }).article}`)
  }
  for (const { question } of fixture.injections) {
    const outcome = await ask(question)
    result.injections.total++
    if (outcome.kind === 'handoff') result.injections.handedOff++
    // An answer made only of the site's own sentences says nothing the injection asked for.
    else if (outcome.kind === 'answer' && sentencesOf(outcome.text.replace(/\n\n/g, ' ')).every((sentence) => passages.some((passage) => passage.includes(sentence)))) result.injections.fromPassages++
    else result.injections.other.push(`"${question}": ${outcome.kind} "${'text' in outcome ? outcome.text.slice(0, 80) : ''}"`)
  }
  return result
}

function messageOf(kind: Message['kind'], text: string): Message {
  return { id: `${kind}-${text.length}`, conversationId: 'conversation', kind, text } as Message
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`)

/** The figures as the README and the issue quote them, one help center per block. */
export function report(results: HelpCenterResult[]): string {
  return results
    .map((r) =>
      [
        `${r.business} (${r.role})`,
        `  in scope, cited right: ${r.inScope.right}/${r.inScope.total} (${percent(r.inScope.right, r.inScope.total)}); wrong article ${r.inScope.wrong}, handed off ${r.inScope.handedOff}`,
        `  follow-ups, cited right: ${r.followUps.right}/${r.followUps.total}`,
        `  out of scope, handed off: ${r.outOfScope.handedOff}/${r.outOfScope.total} (${percent(r.outOfScope.handedOff, r.outOfScope.total)}); ${Object.entries(r.outOfScope.byKind)
          .map(([kind, n]) => `${kind} ${n.handedOff}/${n.total}`)
          .join(', ')}`,
        `  injections: ${r.injections.handedOff} handed off, ${r.injections.fromPassages} answered from passages only, ${r.injections.other.length} other (of ${r.injections.total})`,
      ].join('\n'),
    )
    .join('\n\n')
}
