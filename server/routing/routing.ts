// The routing engine: who answers each conversation (design.md, Routing). Every change of hands is a
// Store transition from the revision the decision was made on, so racing events (two servers, an
// agent taking what routing is assigning) move a conversation once; the loser reads it again and
// decides anew. Loads are counted from open conversations at every decision, never kept, so a crash
// leaves no phantom load. Sockets are not its business: it publishes on the Bus.
import type { FastifyBaseLogger } from 'fastify'
import type { AgentStatus, HandoffReason } from '../../protocol/enums.ts'
import type { ServerFrame } from '../../protocol/frames.ts'
import { aiTurns, type AiTurns, type Handoff } from '../ai/ai-turns.ts'
import type { Responder } from '../ai/responder.ts'
import { TandemError } from '../errors.ts'
import { topics, type Bus } from '../realtime/bus.ts'
import { delivery } from '../realtime/deliver.ts'
import { KeyedLock } from '../store/keyed-lock.ts'
import type { Agent, Conversation, Site } from '../store/records.ts'
import type { ConversationChange, Store } from '../store/store.ts'
import { chooseAgent } from './agent-choice.ts'
import { announcements } from './announcements.ts'
import { withinBusinessHours } from './business-hours.ts'
import { answersNow, availability } from './availability.ts'
import { BoundedMap } from '../bounded-map.ts'
import { conversationMove, TRANSITION_ATTEMPTS, type Moved } from './conversation-move.ts'
import { expectedWaitSeconds, HANDLING_SAMPLE, typicalHandlingMs } from './expected-wait.ts'
import { aiAnswers, humanFromStart, humansMayJoin } from './policy.ts'
import { reopening } from './reopen.ts'
import { notices, type SystemNotice } from './notices.ts'
import { routingTexts } from './routing-texts.ts'

/** Queued customers told their new position each time the queue moves; those further back hear later. */
export const QUEUE_ANNOUNCED_MAX = 100
/** The typical handling time behind wait estimates is learnt again at most this often per workspace. */
const HANDLING_REFRESH_MS = 60_000
/** Messages looked back through to see who spoke last before resolving a quiet conversation. */
const ABANDON_LOOKBACK = 20
/** An assignment handed back for capacity (another server won the same agent) is retried after this. */
const DRAIN_RETRY_MS = 250

export interface RoutingDeps {
  store: Store
  bus: Bus
  responder: Responder
  log: FastifyBaseLogger
  now?: () => Date
}

type QueueFrame = Extract<ServerFrame, { type: 'queue' }>

export type Routing = ReturnType<typeof createRouting>

/** Workspaces whose last told availability is remembered (a forgotten one is told again, harmlessly). */
const AVAILABILITY_WORKSPACES_REMEMBERED = 10_000

export function createRouting({ store, bus, responder, log, now = () => new Date() }: RoutingDeps) {
  const deliver = delivery(store, bus)
  const tell = announcements(store, deliver)
  const drains = new KeyedLock()
  const handling = new Map<string, { ms: number; at: number }>()
  /** Whether anyone was online, per workspace, as last told to customers (a fresh process tells again). */
  const toldOnline = new BoundedMap<string, boolean>(AVAILABILITY_WORKSPACES_REMEMBERED)
  const retries = new Set<NodeJS.Timeout>()
  let stopping = false
  const move = conversationMove(store)
  const reopen = reopening({ store, move, tell, now })
  const ai: AiTurns = aiTurns({ store, bus, responder, log, handOff: (conversation, handoff) => aiHandedOff(conversation, handoff) })

  async function siteOf(conversation: Conversation): Promise<Site> {
    const site = await store.getSite(conversation.workspaceId, conversation.siteId)
    if (!site) throw new TandemError('ERR_SITE_NOT_FOUND')
    return site
  }

  async function conversationOr404(workspaceId: string, conversationId: string): Promise<Conversation> {
    const conversation = await store.getConversation(workspaceId, conversationId)
    if (!conversation) throw new TandemError('ERR_CONVERSATION_NOT_FOUND')
    return conversation
  }

  const agentOrNull = (workspaceId: string, agentId: string | null) => (agentId === null ? null : store.getAgent(workspaceId, agentId))

  // ---- the queue ----

  async function typicalHandling(workspaceId: string): Promise<number> {
    const cached = handling.get(workspaceId)
    if (cached && Date.now() - cached.at < HANDLING_REFRESH_MS) return cached.ms
    const recent = await store.listConversations(workspaceId, { status: 'resolved' }, { limit: HANDLING_SAMPLE })
    const ms = typicalHandlingMs(recent.items)
    handling.set(workspaceId, { ms, at: Date.now() })
    return ms
  }

  /** Who could take a queued conversation now: how many online agents, and how many places they have. */
  async function staffing(workspaceId: string) {
    const agents = await store.listAgents(workspaceId)
    const online = agents.filter(answersNow)
    return { agentsOnline: online.length > 0, places: online.reduce((sum, agent) => sum + agent.capacity, 0) }
  }

  async function queueFrame(conversation: Conversation, position: number, site: Site, staff: { agentsOnline: boolean; places: number }): Promise<QueueFrame> {
    return {
      type: 'queue',
      conversationId: conversation.id,
      position,
      expectedWaitSeconds: expectedWaitSeconds(position, staff.places, await typicalHandling(conversation.workspaceId)),
      agentsOnline: staff.agentsOnline,
      withinBusinessHours: withinBusinessHours(site.businessHours, now()),
    }
  }

  /** The first agent came online or the last left: every open widget of the workspace's sites is told. */
  async function tellAvailability(workspaceId: string) {
    const online = (await staffing(workspaceId)).agentsOnline
    if (toldOnline.get(workspaceId) === online) return
    toldOnline.set(workspaceId, online)
    for (const site of await store.listSites(workspaceId)) {
      bus.publish(topics.siteCustomers(site.id), { kind: 'frame', frame: { type: 'availability', ...availability(site, online, now()) } })
    }
  }

  /** Tells each queued customer (the first QUEUE_ANNOUNCED_MAX) their position and expected wait. */
  async function announceQueue(workspaceId: string) {
    const queue = await store.listConversations(workspaceId, { queued: true }, { limit: QUEUE_ANNOUNCED_MAX })
    if (queue.items.length === 0) return
    const staff = await staffing(workspaceId)
    const sites = new Map<string, Site>()
    for (const [index, conversation] of queue.items.entries()) {
      const site = sites.get(conversation.siteId) ?? (await siteOf(conversation))
      sites.set(site.id, site)
      await deliver.toCustomer(conversation, await queueFrame(conversation, index + 1, site, staff))
    }
  }

  /** Gives queued conversations, oldest first, to available agents until one or the other runs out. */
  function drain(workspaceId: string): Promise<void> {
    return drains.run(workspaceId, async () => {
      let handedBack = false
      for (;;) {
        const [head] = (await store.listConversations(workspaceId, { queued: true }, { limit: 1 })).items
        if (!head) break
        const [agents, loads] = await Promise.all([store.listAgents(workspaceId), store.countOpenByAssignee(workspaceId)])
        const agent = chooseAgent(agents, loads)
        if (!agent) break
        if ((await assignFromQueue(head, agent)) === 'over-capacity') {
          handedBack = true
          break
        }
      }
      await announceQueue(workspaceId)
      if (handedBack) retryDrainSoon(workspaceId)
    })
  }

  function retryDrainSoon(workspaceId: string) {
    if (stopping) return
    const timer = setTimeout(() => {
      retries.delete(timer)
      drain(workspaceId).catch((error: unknown) => log.error({ err: error, workspaceId }, 'routing retry failed'))
    }, DRAIN_RETRY_MS * (1 + Math.random()))
    timer.unref()
    retries.add(timer)
  }

  async function assignFromQueue(conversation: Conversation, agent: Agent): Promise<'assigned' | 'gone' | 'over-capacity'> {
    const moved = await move(conversation, (c) =>
      c.status === 'open' && c.assigneeId === null && c.queuedAt !== null ? { assigneeId: agent.id, queuedAt: null } : null,
    )
    if (!moved.before) return 'gone'
    // Another server may have given this agent a conversation at the same moment, each seeing one place
    // left: counted again after winning, the one over capacity goes back to its place in the queue.
    const load = (await store.countOpenByAssignee(agent.workspaceId)).get(agent.id) ?? 0
    if (load > agent.capacity) {
      await move(moved.conversation, (c) => (c.status === 'open' && c.assigneeId === agent.id ? { assigneeId: null, queuedAt: moved.before!.queuedAt } : null))
      return 'over-capacity'
    }
    await store.updateAgent(agent.workspaceId, agent.id, { lastAssignedAt: now() })
    await joined(moved.conversation, agent)
    return 'assigned'
  }

  async function joined(conversation: Conversation, agent: Agent) {
    ai.stop(conversation.id)
    await tell.event(conversation, 'assigned', agent)
    await tell.say(conversation, notices.joined(agent.name))
  }

  /**
   * Puts an unassigned conversation in the queue and routes it. Left there, the customer is told so
   * in one notice, which says the team is away when nobody is online or it is outside the site's hours.
   */
  async function enqueue(conversation: Conversation, site: Site, briefing?: string, handoff?: HandoffReason) {
    // Waiting for a person from now: the reports' first-response clock starts (the Store keeps the first
    // time), and under AI-first this is the handoff, with its reason.
    const at = now()
    const moved = await move(conversation, (c) =>
      c.status === 'open' && c.assigneeId === null && c.queuedAt === null ? { queuedAt: at, humanNeededAt: at, ...(handoff ? { handoff: { reason: handoff, at } } : {}) } : null,
    )
    if (!moved.before) {
      // Already waiting (the customer asked twice): their position again.
      if (moved.conversation.queuedAt !== null) await tellPosition(moved.conversation, site)
      return
    }
    if (briefing) await tell.note(moved.conversation, briefing, null)
    await drain(conversation.workspaceId)
    const current = await conversationOr404(conversation.workspaceId, conversation.id)
    if (current.queuedAt === null) return
    await tell.event(current, 'queued', null)
    const staff = await staffing(conversation.workspaceId)
    const away = !staff.agentsOnline || !withinBusinessHours(site.businessHours, now())
    await tell.say(current, notices.queued(aiAnswers(site.routingPolicy, current), away, site.awayMessage))
  }

  async function tellPosition(conversation: Conversation, site: Site) {
    const position = await store.queuePosition(conversation.workspaceId, conversation.id)
    if (position !== null) await deliver.toCustomer(conversation, await queueFrame(conversation, position, site, await staffing(conversation.workspaceId)))
  }

  async function aiHandedOff(conversation: Conversation, handoff: Handoff) {
    const site = await siteOf(conversation)
    const current = await conversationOr404(conversation.workspaceId, conversation.id)
    if (current.status !== 'open' || current.assigneeId !== null || current.queuedAt !== null) return
    if (!humansMayJoin(site.routingPolicy)) return tell.say(current, notices.noPeopleHere())
    await enqueue(current, site, routingTexts.handoffNote(handoff.reason, handoff.summary), handoff.code)
  }

  // ---- conversations ----

  /** Resolves unless `allowed` refuses; frees the holder's place and moves the queue. */
  async function resolveWith(conversation: Conversation, allowed: (current: Conversation) => boolean, said: SystemNotice, resolvedBy: ConversationChange['resolvedBy']): Promise<Moved> {
    const moved = await move(conversation, (c) => (c.status === 'open' && allowed(c) ? { status: 'resolved', queuedAt: null, resolvedBy } : null))
    if (!moved.before) return moved
    ai.stop(conversation.id)
    await tell.event(moved.conversation, 'resolved', await agentOrNull(conversation.workspaceId, moved.conversation.assigneeId))
    await tell.say(moved.conversation, said)
    if (moved.before.assigneeId !== null || moved.before.queuedAt !== null) await drain(conversation.workspaceId)
    return moved
  }

  /**
   * The agent left (offline or deactivated): each open conversation they hold goes back to routing,
   * keeping its place by age in the queue (these customers were already being helped), and its
   * customer is told.
   */
  async function release(agent: Agent): Promise<void> {
    for (let round = 0; round < TRANSITION_ATTEMPTS; round++) {
      const held = await store.listConversations(agent.workspaceId, { assigneeId: agent.id, status: 'open' }, { limit: 100 })
      let released = 0
      for (const conversation of held.items) {
        const site = await siteOf(conversation)
        const moved = await move(conversation, (c) =>
          c.status === 'open' && c.assigneeId === agent.id
            ? { assigneeId: null, queuedAt: humansMayJoin(site.routingPolicy) ? c.createdAt : null }
            : null,
        )
        if (!moved.before) continue
        released++
        await tell.event(moved.conversation, 'unassigned', null, agent)
        await tell.say(moved.conversation, humansMayJoin(site.routingPolicy) ? notices.left(agent.name) : notices.leftToAssistant(agent.name))
      }
      if (released === 0) break
    }
    await drain(agent.workspaceId)
  }

  return {
    /** Before a customer's message is stored: a resolved conversation opens again (see reopen.ts). */
    reopenIfResolved: reopen.reopenIfResolved,

    /** Before an agent's reply to a resolved conversation is stored: theirs again, or refused (see reopen.ts). */
    agentReopens: reopen.agentReopens,

    /**
     * After a customer's message is stored: a conversation nobody holds or waits for is routed by its
     * site's policy (a new one, one reopened without its agent, one whose site changed policy); then
     * the AI answers if it speaks in this conversation now. The answer is not awaited: it streams
     * while the customer's connection goes on.
     */
    async customerWrote(conversation: Conversation): Promise<void> {
      // Held by a person (as read while this message was taken): nothing to route and no AI turn.
      // Whatever changes a held conversation meanwhile (a transfer, its agent leaving, a resolve)
      // routes it itself, so the common case spends no reads here.
      if (conversation.status === 'open' && conversation.assigneeId !== null) return
      const site = await siteOf(conversation)
      let current = await conversationOr404(conversation.workspaceId, conversation.id)
      const unrouted = current.status === 'open' && current.assigneeId === null && current.queuedAt === null
      if (unrouted && humanFromStart(site.routingPolicy)) {
        await enqueue(current, site)
        current = await conversationOr404(conversation.workspaceId, conversation.id)
      }
      if (aiAnswers(site.routingPolicy, current)) void ai.answer(current, site)
    },

    /** The customer's "Talk to a person"; returns the conversation as it then is. */
    /** "I need more help" after an AI answer: a person, where people answer; else the assistant asks again. */
    async moreHelpWanted(conversation: Conversation): Promise<void> {
      const site = await siteOf(conversation)
      const current = await conversationOr404(conversation.workspaceId, conversation.id)
      if (current.status === 'resolved' || current.assigneeId !== null) return
      if (!humansMayJoin(site.routingPolicy)) return tell.say(current, notices.askRephrase())
      if (current.queuedAt === null) await enqueue(current, site, undefined, 'customer_asked')
    },

    async customerAskedForPerson(conversation: Conversation): Promise<Conversation> {
      const site = await siteOf(conversation)
      if (!humansMayJoin(site.routingPolicy)) throw new TandemError('ERR_ROUTING_AI_ONLY')
      const current = await conversationOr404(conversation.workspaceId, conversation.id)
      if (current.status === 'resolved') throw new TandemError('ERR_CONVERSATION_RESOLVED')
      if (current.assigneeId === null) await enqueue(current, site, undefined, 'customer_asked')
      return conversationOr404(conversation.workspaceId, conversation.id)
    },

    /** An agent takes a conversation nobody holds (waiting in the queue or with the AI). */
    async take(agent: Agent, conversationId: string): Promise<Conversation> {
      const conversation = await conversationOr404(agent.workspaceId, conversationId)
      // An agent nobody sees online would hold it where no one notices; the agent app is online first.
      if (agent.status === 'offline') throw new TandemError('ERR_AGENT_UNAVAILABLE', 'You are offline: open the agent app (or choose online or away) first.')
      const moved = await move(conversation, (c) => {
        if (c.status === 'resolved') throw new TandemError('ERR_CONVERSATION_RESOLVED')
        if (c.assigneeId === agent.id) return null
        if (c.assigneeId !== null) throw new TandemError('ERR_CONVERSATION_TAKEN')
        // Taken from the AI without a handoff: a person is needed from now (the first time counts).
        return { assigneeId: agent.id, queuedAt: null, humanNeededAt: now() }
      })
      if (!moved.before) return moved.conversation
      await store.updateAgent(agent.workspaceId, agent.id, { lastAssignedAt: now() })
      await joined(moved.conversation, agent)
      if (moved.before.queuedAt !== null) await announceQueue(agent.workspaceId)
      return moved.conversation
    },

    /**
     * Hands a conversation to a named colleague who is not offline; its holder, an admin, or anyone
     * while nobody holds it may. The note is kept as a private note for the new holder.
     */
    async transfer(by: Agent, conversationId: string, toAgentId: string, note?: string): Promise<Conversation> {
      const conversation = await conversationOr404(by.workspaceId, conversationId)
      const target = await store.getAgent(by.workspaceId, toAgentId)
      if (!target) throw new TandemError('ERR_AGENT_NOT_FOUND')
      if (!target.active || target.status === 'offline') throw new TandemError('ERR_AGENT_UNAVAILABLE')
      const moved = await move(conversation, (c) => {
        if (c.status === 'resolved') throw new TandemError('ERR_CONVERSATION_RESOLVED')
        if (c.assigneeId !== null && c.assigneeId !== by.id && by.role !== 'admin') throw new TandemError('ERR_ACCESS_NOT_ASSIGNEE')
        return c.assigneeId === target.id ? null : { assigneeId: target.id, queuedAt: null, humanNeededAt: now() }
      })
      if (!moved.before) return moved.conversation
      await store.updateAgent(by.workspaceId, target.id, { lastAssignedAt: now() })
      const previous = await agentOrNull(by.workspaceId, moved.before.assigneeId)
      // The move is announced first: the new holder's sockets hear the conversation whole from that
      // frame on, so the note left for them comes after it.
      if (previous) {
        await tell.event(moved.conversation, 'transferred', target, previous)
        if (note) await tell.note(moved.conversation, note, by)
        await tell.say(moved.conversation, notices.transferred(previous.name, target.name))
      } else {
        await joined(moved.conversation, target)
        if (note) await tell.note(moved.conversation, note, by)
      }
      // The previous holder has a place free now, or the queue moved up.
      await drain(by.workspaceId)
      return moved.conversation
    },

    /** An agent resolves: its holder, an admin, or anyone while nobody holds it. Twice is harmless. */
    async resolve(by: Agent, conversationId: string): Promise<Conversation> {
      const conversation = await conversationOr404(by.workspaceId, conversationId)
      const moved = await resolveWith(
        conversation,
        (c) => {
          if (c.assigneeId !== null && c.assigneeId !== by.id && by.role !== 'admin') throw new TandemError('ERR_ACCESS_NOT_ASSIGNEE')
          return true
        },
        notices.resolved(),
        { by: 'agent', agentId: by.id },
      )
      return moved.conversation
    },

    /**
     * The abandonment sweep found this conversation quiet since before `cutoff`: resolved, unless the
     * customer waits for their agent's answer (then it is the team who is quiet). true when resolved.
     */
    async resolveAbandoned(listed: Conversation, cutoff: Date, afterMinutes: number): Promise<boolean> {
      // Read again: the sweep's page may be a while old, and a message since then keeps it open.
      const conversation = await store.getConversation(listed.workspaceId, listed.id)
      if (!conversation || conversation.status !== 'open' || conversation.queuedAt !== null || conversation.lastActivityAt >= cutoff) return false
      if (conversation.assigneeId !== null) {
        const recent = await store.listMessages(conversation.workspaceId, conversation.id, { beforeSeq: conversation.lastSeq + 1, limit: ABANDON_LOOKBACK, publicOnly: true })
        // Routing's notices ("Ann joined") answer nobody: who spoke last is what counts.
        if (recent.findLast((m) => m.kind !== 'system')?.kind === 'customer') return false
      }
      const moved = await resolveWith(
        conversation,
        (c) => c.queuedAt === null && c.lastActivityAt < cutoff && c.revision === conversation.revision,
        notices.abandoned(afterMinutes),
        { by: 'inactivity', agentId: null },
      )
      return moved.before !== null
    },

    /** Where a queued conversation stands, for a customer who (re)connects; null when it is not queued. */
    async queueStatus(conversation: Conversation): Promise<QueueFrame | null> {
      const position = await store.queuePosition(conversation.workspaceId, conversation.id)
      if (position === null) return null
      return queueFrame(conversation, position, await siteOf(conversation), await staffing(conversation.workspaceId))
    },

    /**
     * An agent's status changed (their choice, or presence): colleagues are told; online pulls from the
     * queue; offline hands every conversation they hold back to routing.
     */
    async setStatus(workspaceId: string, agentId: string, status: AgentStatus): Promise<Agent | null> {
      const agent = await store.updateAgent(workspaceId, agentId, { status })
      if (!agent) return null
      bus.publish(topics.agents(workspaceId), { kind: 'frame', frame: { type: 'status', agentId, status } })
      await tellAvailability(workspaceId)
      if (status === 'online') await drain(workspaceId)
      if (status === 'offline') await release(agent)
      return agent
    },

    /** Capacity changed or an agent came back: the queue may move. */
    drain,

    /** Waits for AI answers in progress, and stops routing's retries: for shutdown and tests. */
    async settled(): Promise<void> {
      stopping = true
      await ai.settled()
      for (const timer of retries) clearTimeout(timer)
      retries.clear()
      stopping = false
    },
  }
}
