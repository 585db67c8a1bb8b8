// What agents and the AI answer with, on MongoDB: help articles and canned replies.
import { newId } from '../../ids.ts'
import type { CannedReplyPatch, ContentMethods, HelpArticlePatch } from '../store.ts'
import type { MongoContext } from './mongo-collections.ts'
import { rethrowDuplicate } from './mongo-errors.ts'
import {
  pickDefined,
  toCannedReply,
  toHelpArticle,
  type CannedReplyDoc,
  type HelpArticleDoc,
} from './mongo-documents.ts'
import { deleteDocument, insertDocument, patchDocument } from './mongo-writes.ts'
import { findInWorkspace } from './mongo-reads.ts'

const HELP_ARTICLE_PATCH_FIELDS = ['title', 'body', 'url'] as const satisfies readonly (keyof HelpArticlePatch)[]
const CANNED_REPLY_PATCH_FIELDS = ['shortcut', 'text'] as const satisfies readonly (keyof CannedReplyPatch)[]

export function contentMethods(ctx: MongoContext): ContentMethods {
  return {
    async createHelpArticles(workspaceId, siteId, inputs) {
      if (inputs.length === 0) return []
      const now = new Date()
      // newId() grows within a process, so listing by id keeps the order given.
      const docs: HelpArticleDoc[] = inputs.map((input) => ({
        _id: newId(),
        workspaceId,
        siteId,
        title: input.title,
        body: input.body,
        url: input.url ?? null,
        createdAt: now,
        updatedAt: now,
      }))
      await rethrowDuplicate(ctx.helpArticles.collectionName, () => ctx.helpArticles.insertMany(docs))
      return docs.map(toHelpArticle)
    },

    async getHelpArticle(workspaceId, articleId) {
      const doc = await findInWorkspace(ctx.helpArticles, workspaceId, articleId)
      return doc ? toHelpArticle(doc) : null
    },

    async listHelpArticles(workspaceId, siteId) {
      const docs = await ctx.helpArticles.find({ workspaceId, siteId }).sort({ _id: 1 }).toArray()
      return docs.map(toHelpArticle)
    },

    async updateHelpArticle(workspaceId, articleId, patch) {
      const set = { ...pickDefined(patch, HELP_ARTICLE_PATCH_FIELDS), updatedAt: new Date() }
      const doc = await patchDocument(ctx, ctx.helpArticles, workspaceId, articleId, set)
      return doc ? toHelpArticle(doc) : null
    },

    deleteHelpArticle(workspaceId, articleId) {
      return deleteDocument(ctx.helpArticles, workspaceId, articleId)
    },

    async createCannedReply(workspaceId, input) {
      const now = new Date()
      const doc: CannedReplyDoc = {
        _id: newId(),
        workspaceId,
        shortcut: input.shortcut,
        text: input.text,
        createdAt: now,
        updatedAt: now,
      }
      await insertDocument(ctx.cannedReplies, doc)
      return toCannedReply(doc)
    },

    async listCannedReplies(workspaceId) {
      const docs = await ctx.cannedReplies.find({ workspaceId }).sort({ shortcut: 1 }).toArray()
      return docs.map(toCannedReply)
    },

    async updateCannedReply(workspaceId, replyId, patch) {
      const set = { ...pickDefined(patch, CANNED_REPLY_PATCH_FIELDS), updatedAt: new Date() }
      const doc = await patchDocument(ctx, ctx.cannedReplies, workspaceId, replyId, set)
      return doc ? toCannedReply(doc) : null
    },

    deleteCannedReply(workspaceId, replyId) {
      return deleteDocument(ctx.cannedReplies, workspaceId, replyId)
    },
  }
}
