// The responder when no AI service is configured (and Gemini's fallback): answers with the help-article
// sentences of the passage that best matches the customer's question (read after their previous one
// when it is a follow-up), citing its article, and hands off to a person when no passage covers the
// question well enough or the customer asks for one. Deterministic and offline.
import { setImmediate as nextTurn } from 'node:timers/promises'
import { excerptOf } from './answer-excerpt.ts'
import { asksForPerson, isSmallTalk, previousQuestion } from './conversation-text.ts'
import { citationOf, trusted } from './knowledge-base.ts'
import type { Responder } from './responder.ts'
import type { SiteKnowledge } from './site-knowledge.ts'

/** A second paragraph of the best article is added when it scores at least this share of the best. */
const SECOND_PASSAGE_RATIO = 0.4

export const kbTexts = {
  greeting: (site: string) => `Hi! I'm the ${site} assistant. Ask me anything about orders, shipping, returns and more.`,
  thanks: "You're welcome! Anything else I can help with?",
}

export function knowledgeBaseResponder(knowledge: SiteKnowledge): Responder {
  return {
    name: 'knowledge base (help articles)',
    async *respond({ site, history, question }) {
      if (question.trim() === '') return
      if (asksForPerson(question)) {
        yield { type: 'handoff', code: 'customer_asked', reason: 'The customer asked for a person.', summary: question }
        return
      }
      if (isSmallTalk(question)) {
        yield { type: 'text', delta: /^\s*(hi|hello|hey|hiya|good)/i.test(question) ? kbTexts.greeting(site.name) : kbTexts.thanks }
        return
      }
      const base = await knowledge.forSite(site)
      // The search is synchronous: other sockets' frames go first, so turns of many conversations
      // interleave with everyone else's work rather than queue it behind them.
      await nextTurn()
      const [best, ...others] = base.search(question, 3, previousQuestion(history))
      if (!trusted(best)) {
        yield { type: 'handoff', code: 'ai_unsure', reason: 'No help article answers this well enough.', summary: question }
        return
      }
      // A close second paragraph of the same article often holds the half of the answer the first
      // lacks ("pay in installments" beside "when the card is charged"): both are shown, in order.
      const close = others.filter((m) => m.passage.articleId === best.passage.articleId && m.score >= best.score * SECOND_PASSAGE_RATIO).slice(0, 1)
      const shown = [best, ...close].sort((a, b) => a.passage.id - b.passage.id)
      yield { type: 'text', delta: excerptOf(shown, base.analyser) }
      yield { type: 'citations', citations: [citationOf(best.passage)] }
    },
  }
}
