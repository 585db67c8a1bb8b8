// Which agent routing hands the next conversation to. Pure: the caller reads agents and loads from the
// Store and wins the assignment with a transition, so two servers choosing at once still assign once.
import type { Agent } from '../store/records.ts'

/** May routing give this agent one more conversation? Online, active, and below their capacity. */
export function canTakeMore(agent: Agent, loads: ReadonlyMap<string, number>): boolean {
  return agent.active && agent.status === 'online' && (loads.get(agent.id) ?? 0) < agent.capacity
}

/**
 * The available agent with the fewest open conversations; ties go to the one idle longest (never
 * assigned counts as idlest), then to the oldest account, so the choice is the same on every server.
 */
export function chooseAgent(agents: readonly Agent[], loads: ReadonlyMap<string, number>): Agent | null {
  let best: Agent | null = null
  for (const agent of agents) {
    if (!canTakeMore(agent, loads)) continue
    if (best === null || before(agent, best, loads)) best = agent
  }
  return best
}

function before(a: Agent, b: Agent, loads: ReadonlyMap<string, number>): boolean {
  const loadA = loads.get(a.id) ?? 0
  const loadB = loads.get(b.id) ?? 0
  if (loadA !== loadB) return loadA < loadB
  const idleA = a.lastAssignedAt?.getTime() ?? -Infinity
  const idleB = b.lastAssignedAt?.getTime() ?? -Infinity
  if (idleA !== idleB) return idleA < idleB
  return a.id < b.id
}
