// What agents and the AI answer with, on MongoDB: help articles (and their embeddings) and canned
// replies; and the origins a site's pages were refused from, kept beside its articles as the other thing
// an admin curates.
import type { AnyBulkWriteOperation } from 'mongodb'
import { newId } from '../../ids.ts'
import { REFUSED_ORIGINS_KEPT, type NewHelpArticle, type CannedReplyPatch, type ContentMethods, type HelpArticlePatch, type ImportedArticle } from '../store.ts'
import { documentKey, type MongoContext } from './mongo-collections.ts'
import { isDuplicateKey, rethrowDuplicate } from './mongo-errors.ts'
import {
  pickDefined,
  toArticleEmbedding,
  toCannedReply,
  toHelpArticle,
  toRefusedOrigin,
  toStoredVectors,
  type ArticleEmbeddingDoc,
  type CannedReplyDoc,
  type HelpArticleDoc,
} from './mongo-documents.ts'
import { deleteDocument, insertDocument, patchDocument } from './mongo-writes.ts'
import { findInWorkspace } from './mongo-reads.ts'

const HELP_ARTICLE_PATCH_FIELDS = ['title', 'body', 'url'] as const satisfies readonly (keyof HelpArticlePatch)[]
const CANNED_REPLY_PATCH_FIELDS = ['shortcut', 'text'] as const satisfies readonly (keyof CannedReplyPatch)[]

/** A new article's document, for a create and for an import alike. */
function newArticleDoc(workspaceId: string, siteId: string, input: NewHelpArticle, now: Date): HelpArticleDoc {
  return { _id: newId(), workspaceId, siteId, title: input.title, body: input.body, url: input.url ?? null, createdAt: now, updatedAt: now }
}

const refusedOriginId = (siteId: string, origin: string) => `${siteId}:${origin}`

export function contentMethods(ctx: MongoContext): ContentMethods {
  // Per site, so two imports of one site in this process cannot both create an article for a new URL,
  // and a refused origin's count (FerretDB updates read-then-write) and the trim after it don't interleave.
  const siteKey = (collectionName: string, siteId: string) => documentKey(collectionName, `site:${siteId}`)

  const recordRefusal = (workspaceId: string, siteId: string, origin: string, at: Date) =>
    ctx.refusedOrigins.updateOne(
      { _id: refusedOriginId(siteId, origin) },
      { $inc: { count: 1 }, $set: { lastSeenAt: at }, $setOnInsert: { workspaceId, siteId, origin, firstSeenAt: at } },
      { upsert: true },
    )

  return {
    async createHelpArticles(workspaceId, siteId, inputs) {
      if (inputs.length === 0) return []
      const now = new Date()
      // newId() grows within a process, so listing by id keeps the order given.
      const docs = inputs.map((input) => newArticleDoc(workspaceId, siteId, input, now))
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

    async deleteHelpArticle(workspaceId, articleId) {
      if (!(await deleteDocument(ctx.helpArticles, workspaceId, articleId))) return false
      // After the article, by _id alone (the workspace was checked by the delete): a put racing this one
      // either finds no article or sees it gone on its second look, so no embedding outlives it.
      await ctx.articleEmbeddings.deleteOne({ _id: articleId })
      return true
    },

    async putArticleEmbedding(workspaceId, embedding) {
      const article = await findInWorkspace(ctx.helpArticles, workspaceId, embedding.articleId, { projection: { _id: 1, siteId: 1 } })
      if (!article) return false
      const doc: ArticleEmbeddingDoc = {
        _id: article._id,
        workspaceId,
        siteId: article.siteId,
        model: embedding.model,
        contentHash: embedding.contentHash,
        ...toStoredVectors(embedding.vectors),
        updatedAt: new Date(),
      }
      const replace = () => ctx.articleEmbeddings.replaceOne({ _id: doc._id }, doc, { upsert: true })
      await ctx.lock.run(documentKey(ctx.articleEmbeddings.collectionName, doc._id), async () => {
        try {
          await replace()
        } catch (error) {
          // Two first puts racing from two processes: one inserted, the other now replaces it.
          if (!isDuplicateKey(error)) throw error
          await replace()
        }
      })
      // Without transactions, the article may have been deleted since it was found, its embedding's
      // delete already done: looked for again, and the write undone if it is gone.
      if (await findInWorkspace(ctx.helpArticles, workspaceId, doc._id, { projection: { _id: 1 } })) return true
      await ctx.articleEmbeddings.deleteOne({ _id: doc._id })
      return false
    },

    async listArticleEmbeddings(workspaceId, siteId) {
      const docs = await ctx.articleEmbeddings.find({ workspaceId, siteId }).sort({ _id: 1 }).toArray()
      return docs.map(toArticleEmbedding)
    },

    importHelpArticles(workspaceId, siteId, inputs) {
      if (inputs.length === 0) return Promise.resolve([])
      return ctx.lock.run(siteKey(ctx.helpArticles.collectionName, siteId), async () => {
        const urls = inputs.flatMap((input) => (input.url ? [input.url] : []))
        const existing = new Map<string, HelpArticleDoc>()
        if (urls.length > 0) {
          // Oldest first, and the first seen kept: URLs were never unique, and the oldest is the one updated.
          const found = ctx.helpArticles.find({ workspaceId, siteId, url: { $in: urls } }).sort({ _id: 1 })
          for await (const doc of found) if (doc.url && !existing.has(doc.url)) existing.set(doc.url, doc)
        }
        const now = new Date()
        const operations: AnyBulkWriteOperation<HelpArticleDoc>[] = []
        const written: ImportedArticle[] = inputs.map((input) => {
          const old = input.url ? existing.get(input.url) : undefined
          if (old) {
            const change = { title: input.title, body: input.body, updatedAt: now }
            // By _id alone (the workspace was checked by the find): FerretDB pushes only that filter down.
            operations.push({ updateOne: { filter: { _id: old._id }, update: { $set: change } } })
            return { article: toHelpArticle({ ...old, ...change }), created: false }
          }
          const doc = newArticleDoc(workspaceId, siteId, input, now)
          operations.push({ insertOne: { document: doc } })
          return { article: toHelpArticle(doc), created: true }
        })
        // One ordered command, with no transaction (FerretDB has none): a failure stops at the failing
        // write, and what came before it stays written.
        await rethrowDuplicate(ctx.helpArticles.collectionName, () => ctx.helpArticles.bulkWrite(operations, { ordered: true }))
        return written
      })
    },

    async recordRefusedOrigin(workspaceId, siteId, origin, at) {
      // Another workspace's site is not found, so nothing is written for it.
      if (!(await findInWorkspace(ctx.sites, workspaceId, siteId, { projection: { _id: 1 } }))) return
      await ctx.lock.run(siteKey(ctx.refusedOrigins.collectionName, siteId), async () => {
        try {
          await recordRefusal(workspaceId, siteId, origin, at)
        } catch (error) {
          // Two first refusals racing from two processes: one inserted, the other now counts on it.
          if (!isDuplicateKey(error)) throw error
          await recordRefusal(workspaceId, siteId, origin, at)
        }
        const older = await ctx.refusedOrigins
          .find({ workspaceId, siteId }, { projection: { _id: 1 } })
          .sort({ lastSeenAt: -1, origin: 1 })
          .skip(REFUSED_ORIGINS_KEPT)
          .toArray()
        if (older.length > 0) await ctx.refusedOrigins.deleteMany({ _id: { $in: older.map((doc) => doc._id) } })
      })
    },

    async listRefusedOrigins(workspaceId, siteId) {
      const docs = await ctx.refusedOrigins.find({ workspaceId, siteId }).sort({ lastSeenAt: -1, origin: 1 }).toArray()
      return docs.map(toRefusedOrigin)
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
