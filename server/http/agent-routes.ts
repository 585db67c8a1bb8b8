// Admins manage their workspace's agents. There is no open registration: an agent exists because an
// admin created them, and signs in first with a one-time password they must replace.
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { AgentList, AgentParams, AgentView, CreateAgentBody, OneTimePasswordReply, UpdateAgentBody } from '../../protocol/rest/agents.ts'
import { hashPassword, newOneTimePassword } from '../auth/passwords.ts'
import { TandemError } from '../errors.ts'
import type { Agent } from '../store/records.ts'
import { topics } from '../realtime/bus.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { agentView } from './views.ts'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

export function agentRoutes(ctx: ApiContext) {
  const { store } = ctx

  async function agentOr404(workspaceId: string, agentId: string): Promise<Agent> {
    const agent = await store.getAgent(workspaceId, agentId)
    if (!agent) throw new TandemError('ERR_AGENT_NOT_FOUND')
    return agent
  }

  /** Would this change leave the workspace with no active admin? */
  async function removesLastAdmin(target: Agent, change: { role?: string; active?: boolean }): Promise<boolean> {
    const stopsBeingAdmin = (change.role !== undefined && change.role !== 'admin') || change.active === false
    if (target.role !== 'admin' || !target.active || !stopsBeingAdmin) return false
    const admins = (await store.listAgents(target.workspaceId)).filter((a) => a.role === 'admin' && a.active)
    return admins.length <= 1
  }

  return async function register(app: Api) {
    app.get(
      '/v1/agents',
      { schema: { tags: ['agents'], summary: "The workspace's agents, each with the open conversations they hold", response: { 200: AgentList, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => {
        const workspaceId = callerOf(request).agent.workspaceId
        const [agents, loads] = await Promise.all([store.listAgents(workspaceId), store.countOpenByAssignee(workspaceId)])
        return { items: agents.map((agent) => ({ ...agentView(agent), load: loads.get(agent.id) ?? 0 })) }
      },
    )

    app.post(
      '/v1/agents',
      {
        schema: { tags: ['agents'], summary: 'Create an agent (admin); returns a one-time password', body: CreateAgentBody, response: { 201: OneTimePasswordReply, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        const oneTimePassword = newOneTimePassword()
        const agent = await store.createAgent(callerOf(request).agent.workspaceId, {
          name: request.body.name,
          email: request.body.email,
          role: request.body.role ?? 'agent',
          capacity: request.body.capacity,
          passwordHash: await hashPassword(oneTimePassword),
          mustChangePassword: true,
        })
        return reply.status(201).send({ agent: agentView(agent), oneTimePassword })
      },
    )

    app.get(
      '/v1/agents/:agentId',
      { schema: { tags: ['agents'], summary: 'One agent', params: AgentParams, response: { 200: AgentView, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => agentView(await agentOr404(callerOf(request).agent.workspaceId, request.params.agentId)),
    )

    app.patch(
      '/v1/agents/:agentId',
      {
        schema: { tags: ['agents'], summary: 'Change an agent (admin); deactivating signs them out everywhere', params: AgentParams, body: UpdateAgentBody, response: { 200: AgentView, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const workspaceId = callerOf(request).agent.workspaceId
        const target = await agentOr404(workspaceId, request.params.agentId)
        if (await removesLastAdmin(target, request.body)) throw new TandemError('ERR_AGENT_LAST_ADMIN')
        const updated = await store.updateAgent(workspaceId, target.id, request.body)
        if (!updated) throw new TandemError('ERR_AGENT_NOT_FOUND')
        if (request.body.active === false) {
          await store.revokeAgentSessions(workspaceId, target.id)
          ctx.bus.publish(topics.agent(target.id), { kind: 'revoked' })
          // Their customers are not left waiting on someone who can no longer sign in.
          return agentView((await ctx.routing.setStatus(workspaceId, target.id, 'offline')) ?? updated)
        }
        // More places, or an agent back from deactivation: the queue may move.
        if (request.body.capacity !== undefined || request.body.active === true) await ctx.routing.drain(workspaceId)
        return agentView(updated)
      },
    )

    app.post(
      '/v1/agents/:agentId/reset-password',
      {
        schema: { tags: ['agents'], summary: "Reset an agent's password (admin): a one-time password, changed at next login", params: AgentParams, response: { 200: OneTimePasswordReply, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const caller = callerOf(request).agent
        const workspaceId = caller.workspaceId
        const target = await agentOr404(workspaceId, request.params.agentId)
        // The reset ends every session of the target: the caller's own would end before they read the password.
        if (target.id === caller.id) throw new TandemError('ERR_AGENT_RESET_SELF')
        const oneTimePassword = newOneTimePassword()
        const updated = await store.updateAgent(workspaceId, target.id, {
          passwordHash: await hashPassword(oneTimePassword),
          mustChangePassword: true,
        })
        await store.revokeAgentSessions(workspaceId, target.id)
        ctx.bus.publish(topics.agent(target.id), { kind: 'revoked' })
        return { agent: agentView(updated ?? target), oneTimePassword }
      },
    )
  }
}
