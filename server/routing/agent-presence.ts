// Whether agents are here, from their sockets in this process. The first socket makes an offline
// agent online; when the last one closes the agent has a grace period to come back (a reload, a
// flaky network) before they count as offline and their conversations go back to routing.
// Presence is per process until the Redis Bus carries it (design.md, Scale).
import type { FastifyBaseLogger } from 'fastify'
import { topics, type Bus } from '../realtime/bus.ts'
import type { Agent } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import type { Routing } from './routing.ts'

export interface PresenceDeps {
  store: Store
  bus: Bus
  routing: Routing
  offlineGraceMs: number
  log: FastifyBaseLogger
}

export type AgentPresence = ReturnType<typeof agentPresence>

export function agentPresence({ store, bus, routing, offlineGraceMs, log }: PresenceDeps) {
  const sockets = new Map<string, { workspaceId: string; count: number }>()
  const leaving = new Map<string, NodeJS.Timeout>()
  let closed = false

  const fail = (what: string, agentId: string) => (error: unknown) => log.error({ err: error, agentId }, what)

  async function goOffline(workspaceId: string, agentId: string) {
    await routing.setStatus(workspaceId, agentId, 'offline')
    // Back while that was being written (it reads "online" and changes nothing): online again.
    if (sockets.has(agentId)) await routing.setStatus(workspaceId, agentId, 'online')
  }

  function startGrace(workspaceId: string, agentId: string) {
    if (closed) return
    clearTimeout(leaving.get(agentId))
    const timer = setTimeout(() => {
      leaving.delete(agentId)
      if (sockets.has(agentId)) return
      goOffline(workspaceId, agentId).catch(fail('taking an agent offline failed', agentId))
    }, offlineGraceMs)
    timer.unref()
    leaving.set(agentId, timer)
  }

  return {
    /** An agent socket opened; returns the colleagues already connected here, for that socket. */
    async connected(agent: Agent): Promise<string[]> {
      clearTimeout(leaving.get(agent.id))
      leaving.delete(agent.id)
      const entry = sockets.get(agent.id) ?? { workspaceId: agent.workspaceId, count: 0 }
      sockets.set(agent.id, entry)
      if (++entry.count === 1) {
        bus.publish(topics.agents(agent.workspaceId), { kind: 'frame', frame: { type: 'presence', agentId: agent.id, connected: true } })
        // Coming back from offline is coming online; an agent who chose away stays away.
        const fresh = await store.getAgent(agent.workspaceId, agent.id)
        if (fresh?.status === 'offline') await routing.setStatus(agent.workspaceId, agent.id, 'online')
      }
      return [...sockets].filter(([id, other]) => id !== agent.id && other.workspaceId === agent.workspaceId).map(([id]) => id)
    },

    /**
     * An agent chose a status over the API: with no socket here they are not really present, so the
     * same grace period runs as if their last socket had just closed.
     */
    expectSocket(agent: Agent): void {
      if (!sockets.has(agent.id)) startGrace(agent.workspaceId, agent.id)
    },

    /** An agent socket closed. */
    disconnected(agentId: string): void {
      const entry = sockets.get(agentId)
      if (!entry || --entry.count > 0) return
      sockets.delete(agentId)
      bus.publish(topics.agents(entry.workspaceId), { kind: 'frame', frame: { type: 'presence', agentId, connected: false } })
      startGrace(entry.workspaceId, agentId)
    },

    /**
     * At start-up: agents the database still shows online or away lost their sockets with the previous
     * process. They get the same grace period to reconnect as anyone whose socket dropped.
     */
    async recover(): Promise<number> {
      const present = await store.listPresentAgents()
      for (const agent of present) if (!sockets.has(agent.id)) startGrace(agent.workspaceId, agent.id)
      return present.length
    },

    close(): void {
      closed = true
      for (const timer of leaving.values()) clearTimeout(timer)
      leaving.clear()
    },
  }
}
