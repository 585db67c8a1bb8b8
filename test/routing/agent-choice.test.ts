import t from 'tap'
import { canTakeMore, chooseAgent } from '../../server/routing/agent-choice.ts'
import type { Agent } from '../../server/store/records.ts'

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 9, minute))
function agent(id: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    workspaceId: 'w',
    name: id,
    email: `${id}@acme.example`,
    passwordHash: 'x',
    role: 'agent',
    capacity: 3,
    status: 'online',
    active: true,
    mustChangePassword: false,
    lastAssignedAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...over,
  }
}
const loads = (entries: Record<string, number>) => new Map(Object.entries(entries))

t.test('the agent with the fewest open conversations gets the next one', async (t) => {
  const agents = [agent('a'), agent('b'), agent('c')]
  t.equal(chooseAgent(agents, loads({ a: 2, b: 1, c: 2 }))?.id, 'b')
  t.equal(chooseAgent(agents, loads({ a: 2, b: 1 }))?.id, 'c', 'no open conversation counts as zero')
})

t.test('on equal load, the one idle longest; never assigned counts as idlest; then the oldest id', async (t) => {
  const agents = [agent('a', { lastAssignedAt: at(30) }), agent('b', { lastAssignedAt: at(10) }), agent('c', { lastAssignedAt: at(20) })]
  t.equal(chooseAgent(agents, loads({}))?.id, 'b')
  t.equal(chooseAgent([...agents, agent('d')], loads({}))?.id, 'd', 'never assigned')
  t.equal(chooseAgent([agent('y'), agent('x')], loads({}))?.id, 'x', 'a stable order, the same on every server')
  t.equal(chooseAgent(agents, loads({ b: 1 }))?.id, 'c', 'load decides before idleness')
})

t.test('nobody at capacity, away, offline or deactivated is chosen', async (t) => {
  const full = agent('full', { capacity: 2 })
  const away = agent('away', { status: 'away' })
  const offline = agent('offline', { status: 'offline' })
  const gone = agent('gone', { active: false })
  const none = agent('none', { capacity: 0 })
  t.equal(chooseAgent([full, away, offline, gone, none], loads({ full: 2 })), null)
  t.equal(chooseAgent([full, away], loads({ full: 1 }))?.id, 'full', 'one place left is a place')
  t.notOk(canTakeMore(full, loads({ full: 3 })), 'over capacity (a manual take) is not a place')
})
