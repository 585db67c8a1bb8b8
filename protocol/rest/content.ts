// Help articles (per site, what the AI answers from) and canned replies (per workspace).
import { Type, type Static } from 'typebox'
import {
  ARTICLE_BODY_MAX_CHARS,
  ARTICLE_IMPORT_MAX,
  ARTICLE_TITLE_MAX_CHARS,
  CANNED_SHORTCUT_MAX_CHARS,
  CANNED_TEXT_MAX_CHARS,
  QUESTION_MAX_CHARS,
  URL_MAX_CHARS,
} from '../limits.ts'
import { Id, IsoDate, Nullable, Strict, Text } from './common.ts'
import { SiteKey } from './sites.ts'

const ArticleUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: URL_MAX_CHARS })

export const HelpArticleView = Strict({
  id: Id,
  siteId: Id,
  title: Type.String(),
  body: Type.String(),
  url: Nullable(Type.String()),
  createdAt: IsoDate,
  updatedAt: IsoDate,
})
export type HelpArticleView = Static<typeof HelpArticleView>

export const HelpArticleBody = Strict({
  title: Text(ARTICLE_TITLE_MAX_CHARS),
  body: Text(ARTICLE_BODY_MAX_CHARS),
  url: Type.Optional(Nullable(ArticleUrl)),
})
export type HelpArticleBody = Static<typeof HelpArticleBody>
export const UpdateHelpArticleBody = Type.Partial(HelpArticleBody, { additionalProperties: false })
/**
 * The rows are checked one by one against HelpArticleBody by the route, so that every invalid row is
 * reported (ERR_ARTICLE_IMPORT_INVALID), not only the first the schema meets.
 */
export const ImportArticlesBody = Strict({
  articles: Type.Array(Type.Unknown({ description: 'A HelpArticleBody: title, body and an optional url.' }), { minItems: 1, maxItems: ARTICLE_IMPORT_MAX }),
})
/** What an import wrote: every article in the order given; one whose URL the site had is updated. */
export const ImportArticlesReply = Strict({
  items: Type.Array(HelpArticleView),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
})
export type ImportArticlesReply = Static<typeof ImportArticlesReply>

/** A question put to a site's knowledge base by an admin, to see what the AI would answer. */
export const AskKnowledgeBody = Strict({ question: Text(QUESTION_MAX_CHARS) })
/** A passage the search found, with the figures that decide whether it is trusted. */
export const KnowledgeMatchView = Strict({
  title: Type.String(),
  url: Nullable(Type.String()),
  /** The passage's first characters. */
  excerpt: Type.String(),
  score: Type.Number(),
  coverage: Type.Number(),
  /** The share of the question the passage covers (rare words weigh more); the offline responder answers from the best passage when it reaches `threshold`. */
  confidence: Type.Number(),
  trusted: Type.Boolean(),
})
export const AskKnowledgeReply = Strict({
  /** Who answered: the knowledge base offline, or Gemini. */
  responder: Type.String(),
  outcome: Type.Union([Type.Literal('answer'), Type.Literal('handoff'), Type.Literal('silent')]),
  text: Type.String(),
  citations: Type.Array(Strict({ title: Type.String(), url: Nullable(Type.String()) })),
  /** Why the AI would hand this conversation to a person. */
  handoffReason: Nullable(Type.String()),
  /** What the search of the help center found, best first. */
  matches: Type.Array(KnowledgeMatchView),
  threshold: Type.Number(),
})
export type AskKnowledgeReply = Static<typeof AskKnowledgeReply>
export const HelpArticleList = Strict({ items: Type.Array(HelpArticleView) })
export const ArticleParams = Strict({ siteKey: SiteKey, articleId: Id })

export const CannedReplyView = Strict({ id: Id, shortcut: Type.String(), text: Type.String(), createdAt: IsoDate, updatedAt: IsoDate })
export type CannedReply = Static<typeof CannedReplyView>
export const CannedReplyBody = Strict({
  shortcut: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', maxLength: CANNED_SHORTCUT_MAX_CHARS }),
  text: Text(CANNED_TEXT_MAX_CHARS),
})
export type CannedReplyBody = Static<typeof CannedReplyBody>
export const UpdateCannedReplyBody = Type.Partial(CannedReplyBody, { additionalProperties: false })
export const CannedReplyList = Strict({ items: Type.Array(CannedReplyView) })
export const CannedReplyParams = Strict({ replyId: Id })
