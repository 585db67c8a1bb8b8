// Agents and visitors on MongoDB.
import type { Document } from 'mongodb'
import { newId } from '../../ids.ts'
import { AGENT_DEFAULT_CAPACITY } from '../defaults.ts'
import type { AgentPatch, Store, VisitorPatch } from '../store.ts'
import type { MongoContext } from './mongo-collections.ts'
import {
  pickDefined,
  toAgent,
  toStoredAttributes,
  toStoredClaims,
  toVisitor,
  type AgentDoc,
  type VisitorDoc,
} from './mongo-documents.ts'
import { insertDocument, patchDocument } from './mongo-writes.ts'
import { findInWorkspace } from './mongo-reads.ts'

type PeopleMethods = Pick<
  Store,
  | 'createAgent'
  | 'getAgent'
  | 'findAgentByEmail'
  | 'listAgents'
  | 'listPresentAgents'
  | 'updateAgent'
  | 'createVisitor'
  | 'getVisitor'
  | 'findVisitorByTokenHash'
  | 'listVisitorsByExternalId'
  | 'updateVisitor'
>

const AGENT_PATCH_FIELDS = [
  'name',
  'email',
  'passwordHash',
  'role',
  'capacity',
  'status',
  'active',
  'mustChangePassword',
  'lastAssignedAt',
] as const satisfies readonly (keyof AgentPatch)[]

const VISITOR_PATCH_FIELDS = [
  'externalId',
  'name',
  'email',
  'attributes',
  'blocked',
  'lastSeenAt',
  'pageContext',
  'claims',
] as const satisfies readonly (keyof VisitorPatch)[]

export function peopleMethods(ctx: MongoContext): PeopleMethods {
  return {
    async createAgent(workspaceId, input) {
      const now = new Date()
      const doc: AgentDoc = {
        _id: newId(),
        workspaceId,
        name: input.name,
        email: input.email.toLowerCase(),
        passwordHash: input.passwordHash,
        role: input.role,
        capacity: input.capacity ?? AGENT_DEFAULT_CAPACITY,
        status: 'offline',
        active: true,
        mustChangePassword: input.mustChangePassword ?? false,
        lastAssignedAt: null,
        createdAt: now,
        updatedAt: now,
      }
      await insertDocument(ctx.agents, doc)
      return toAgent(doc)
    },

    async getAgent(workspaceId, agentId) {
      const doc = await findInWorkspace(ctx.agents, workspaceId, agentId)
      return doc ? toAgent(doc) : null
    },

    async findAgentByEmail(email) {
      const doc = await ctx.agents.findOne({ email: email.toLowerCase() })
      return doc ? toAgent(doc) : null
    },

    async listAgents(workspaceId) {
      const docs = await ctx.agents.find({ workspaceId }).sort({ _id: 1 }).toArray()
      return docs.map(toAgent)
    },

    async listPresentAgents() {
      const docs = await ctx.agents.find({ status: { $ne: 'offline' }, active: true }).sort({ _id: 1 }).toArray()
      return docs.map(toAgent)
    },

    async updateAgent(workspaceId, agentId, patch) {
      const set: Document = { ...pickDefined(patch, AGENT_PATCH_FIELDS), updatedAt: new Date() }
      if (patch.email !== undefined) set.email = patch.email.toLowerCase()
      const doc = await patchDocument(ctx, ctx.agents, workspaceId, agentId, set)
      return doc ? toAgent(doc) : null
    },

    async createVisitor(workspaceId, input) {
      const now = new Date()
      const doc: VisitorDoc = {
        _id: newId(),
        workspaceId,
        siteId: input.siteId,
        tokenHash: input.tokenHash,
        externalId: input.externalId ?? null,
        name: input.name ?? null,
        email: input.email ?? null,
        attributes: toStoredAttributes(input.attributes ?? {}),
        blocked: false,
        pageContext: null,
        createdAt: now,
        lastSeenAt: now,
      }
      // The token's entry first: one left behind by a failed visitor insert points at no visitor, and
      // finds nothing; a visitor stored without its entry could never sign in.
      await insertDocument(ctx.visitorTokens, { _id: input.tokenHash, workspaceId, siteId: input.siteId, visitorId: doc._id })
      await insertDocument(ctx.visitors, doc)
      return toVisitor(doc)
    },

    async getVisitor(workspaceId, visitorId) {
      const doc = await findInWorkspace(ctx.visitors, workspaceId, visitorId)
      return doc ? toVisitor(doc) : null
    },

    async findVisitorByTokenHash(workspaceId, siteId, tokenHash) {
      // Two reads by primary key: FerretDB would scan every visitor for a filter on tokenHash.
      const entry = await findInWorkspace(ctx.visitorTokens, workspaceId, tokenHash)
      if (!entry || entry.siteId !== siteId) return null
      const doc = await findInWorkspace(ctx.visitors, workspaceId, entry.visitorId)
      return doc && doc.tokenHash === tokenHash ? toVisitor(doc) : null
    },

    async listVisitorsByExternalId(workspaceId, siteId, externalId) {
      const docs = await ctx.visitors.find({ workspaceId, siteId, externalId }).sort({ _id: 1 }).toArray()
      return docs.map(toVisitor)
    },

    async updateVisitor(workspaceId, visitorId, patch) {
      const set: Document = pickDefined(patch, VISITOR_PATCH_FIELDS)
      if (patch.attributes !== undefined) set.attributes = toStoredAttributes(patch.attributes)
      if (patch.claims !== undefined) set.claims = toStoredClaims(patch.claims)
      const doc = await patchDocument(ctx, ctx.visitors, workspaceId, visitorId, set)
      return doc ? toVisitor(doc) : null
    },
  }
}
