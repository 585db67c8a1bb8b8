// Help articles (per site, what the AI answers from) and canned replies (per workspace).
import { Type, type Static } from 'typebox'
import {
  ARTICLE_BODY_MAX_CHARS,
  ARTICLE_IMPORT_MAX,
  ARTICLE_TITLE_MAX_CHARS,
  CANNED_SHORTCUT_MAX_CHARS,
  CANNED_TEXT_MAX_CHARS,
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
export const ImportArticlesBody = Strict({
  articles: Type.Array(HelpArticleBody, { minItems: 1, maxItems: ARTICLE_IMPORT_MAX }),
})
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
