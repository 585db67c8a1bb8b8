// Canned replies: a workspace's shared snippets, typed after "/" in the reply box. Any agent may read
// them; admins keep the list. A shortcut is unique per workspace (the Store refuses a duplicate).
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { CannedReplyBody, CannedReplyList, CannedReplyParams, CannedReplyView, UpdateCannedReplyBody } from '../../protocol/rest/content.ts'
import { TandemError } from '../errors.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { cannedReplyView } from './views.ts'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

export function cannedReplyRoutes(ctx: ApiContext) {
  const { store } = ctx

  return async function register(app: Api) {
    app.get(
      '/v1/canned-replies',
      { schema: { tags: ['canned-replies'], summary: "The workspace's canned replies, by shortcut", response: { 200: CannedReplyList, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => ({ items: (await store.listCannedReplies(callerOf(request).agent.workspaceId)).map(cannedReplyView) }),
    )

    app.post(
      '/v1/canned-replies',
      {
        schema: { tags: ['canned-replies'], summary: 'Add a canned reply (admin)', body: CannedReplyBody, response: { 201: CannedReplyView, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        const created = await store.createCannedReply(callerOf(request).agent.workspaceId, request.body)
        return reply.status(201).send(cannedReplyView(created))
      },
    )

    app.patch(
      '/v1/canned-replies/:replyId',
      {
        schema: {
          tags: ['canned-replies'],
          summary: 'Change a canned reply (admin)',
          params: CannedReplyParams,
          body: UpdateCannedReplyBody,
          response: { 200: CannedReplyView, ...errors },
        },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const updated = await store.updateCannedReply(callerOf(request).agent.workspaceId, request.params.replyId, request.body)
        if (!updated) throw new TandemError('ERR_CANNED_NOT_FOUND')
        return cannedReplyView(updated)
      },
    )

    app.delete(
      '/v1/canned-replies/:replyId',
      {
        schema: { tags: ['canned-replies'], summary: 'Delete a canned reply (admin)', params: CannedReplyParams, response: { 204: Type.Null(), ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        if (!(await store.deleteCannedReply(callerOf(request).agent.workspaceId, request.params.replyId))) {
          throw new TandemError('ERR_CANNED_NOT_FOUND')
        }
        return reply.status(204).send(null)
      },
    )
  }
}
