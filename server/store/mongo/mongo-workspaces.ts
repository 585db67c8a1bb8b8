// Workspaces and their sites on MongoDB.
import { newId } from '../../ids.ts'
import { SITE_DEFAULTS } from '../defaults.ts'
import type { SitePatch, Store } from '../store.ts'
import type { MongoContext } from './mongo-collections.ts'
import { pickDefined, toSite, toWorkspace, type SiteDoc, type WorkspaceDoc } from './mongo-documents.ts'
import { insertDocument, patchDocument } from './mongo-writes.ts'
import { findInWorkspace } from './mongo-reads.ts'

type WorkspaceMethods = Pick<
  Store,
  'createWorkspace' | 'getWorkspace' | 'countWorkspaces' | 'createSite' | 'getSite' | 'findSiteByKey' | 'listSites' | 'updateSite'
>

/** Every field a site patch may set; the key never changes, it is in every script tag already. */
const SITE_PATCH_FIELDS = [
  'name',
  'secretEncrypted',
  'allowedOrigins',
  'routingPolicy',
  'greeting',
  'awayMessage',
  'businessHours',
  'preChatFields',
  'locale',
  'color',
] as const satisfies readonly (keyof SitePatch)[]

export function workspaceMethods(ctx: MongoContext): WorkspaceMethods {
  return {
    async createWorkspace({ name }) {
      const doc: WorkspaceDoc = { _id: newId(), name, createdAt: new Date() }
      await insertDocument(ctx.workspaces, doc)
      return toWorkspace(doc)
    },

    async getWorkspace(workspaceId) {
      const doc = await ctx.workspaces.findOne({ _id: workspaceId })
      return doc ? toWorkspace(doc) : null
    },

    countWorkspaces() {
      return ctx.workspaces.countDocuments({})
    },

    async createSite(workspaceId, input) {
      const now = new Date()
      const doc: SiteDoc = {
        _id: newId(),
        workspaceId,
        name: input.name,
        key: input.key,
        secretEncrypted: input.secretEncrypted,
        allowedOrigins: input.allowedOrigins ?? [],
        routingPolicy: input.routingPolicy ?? SITE_DEFAULTS.routingPolicy,
        greeting: input.greeting ?? SITE_DEFAULTS.greeting,
        awayMessage: input.awayMessage ?? SITE_DEFAULTS.awayMessage,
        businessHours: input.businessHours ?? null,
        preChatFields: input.preChatFields ?? [],
        locale: input.locale ?? SITE_DEFAULTS.locale,
        color: input.color ?? SITE_DEFAULTS.color,
        createdAt: now,
        updatedAt: now,
      }
      await insertDocument(ctx.sites, doc)
      return toSite(doc)
    },

    async getSite(workspaceId, siteId) {
      const doc = await findInWorkspace(ctx.sites, workspaceId, siteId)
      return doc ? toSite(doc) : null
    },

    async findSiteByKey(key) {
      const doc = await ctx.sites.findOne({ key })
      return doc ? toSite(doc) : null
    },

    async listSites(workspaceId) {
      const docs = await ctx.sites.find({ workspaceId }).sort({ _id: 1 }).toArray()
      return docs.map(toSite)
    },

    async updateSite(workspaceId, siteId, patch) {
      const set = { ...pickDefined(patch, SITE_PATCH_FIELDS), updatedAt: new Date() }
      const doc = await patchDocument(ctx, ctx.sites, workspaceId, siteId, set)
      return doc ? toSite(doc) : null
    },
  }
}
