// The signed-in agent's own account.
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { AgentView, ChangePasswordBody, StatusBody, UpdateMeBody } from '../../protocol/rest/agents.ts'
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../auth/passwords.ts'
import { TandemError } from '../errors.ts'
import { topics } from '../realtime/bus.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { agentView } from './views.ts'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema }

export function meRoutes(ctx: ApiContext) {
  return async function register(app: Api) {
    // Reachable with a one-time password still pending: the app must be able to show who you are
    // and let you choose your password.
    const pending = { allowPendingPasswordChange: true }

    app.get(
      '/v1/me',
      { schema: { tags: ['me'], summary: 'The signed-in agent', response: { 200: AgentView, ...errors } }, preHandler: ctx.requireAgent, config: pending },
      async (request) => agentView(callerOf(request).agent),
    )

    app.patch(
      '/v1/me',
      { schema: { tags: ['me'], summary: 'Change your own name', body: UpdateMeBody, response: { 200: AgentView, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => {
        const { agent } = callerOf(request)
        const updated = await ctx.store.updateAgent(agent.workspaceId, agent.id, request.body)
        if (!updated) throw new TandemError('ERR_AGENT_NOT_FOUND')
        return agentView(updated)
      },
    )

    app.post(
      '/v1/me/status',
      {
        schema: {
          tags: ['me'],
          summary: 'Choose online (new conversations come to you) or away (you keep yours but get no new ones)',
          body: StatusBody,
          response: { 200: AgentView, ...errors },
        },
        preHandler: ctx.requireAgent,
      },
      async (request) => {
        const { agent } = callerOf(request)
        const updated = await ctx.routing.setStatus(agent.workspaceId, agent.id, request.body.status)
        if (!updated) throw new TandemError('ERR_AGENT_NOT_FOUND')
        ctx.presence.expectSocket(updated)
        return agentView(updated)
      },
    )

    app.post(
      '/v1/me/password',
      {
        schema: {
          tags: ['me'],
          summary: 'Change your password; every other session of yours is signed out',
          body: ChangePasswordBody,
          response: { 204: Type.Null(), ...errors },
        },
        preHandler: ctx.requireAgent,
        config: pending,
      },
      async (request, reply) => {
        const { agent, session } = callerOf(request)
        if (!(await verifyPassword(agent.passwordHash, request.body.currentPassword))) {
          throw new TandemError('ERR_AUTH_PASSWORD_WRONG')
        }
        checkPasswordPolicy(request.body.newPassword, agent.email)
        if (request.body.newPassword === request.body.currentPassword) {
          throw new TandemError('ERR_AUTH_PASSWORD_WEAK', 'The new password must differ from the current one.')
        }
        await ctx.store.updateAgent(agent.workspaceId, agent.id, {
          passwordHash: await hashPassword(request.body.newPassword),
          mustChangePassword: false,
        })
        await ctx.store.revokeAgentSessions(agent.workspaceId, agent.id, session.id)
        ctx.bus.publish(topics.agent(agent.id), { kind: 'revoked', exceptSessionId: session.id })
        return reply.status(204).send(null)
      },
    )
  }
}
