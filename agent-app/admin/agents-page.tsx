// The team: who can sign in, as what, with how many conversations at once. An admin adds an agent (the
// one-time password is shown once, to hand over), changes a role or a capacity, resets a password and
// deactivates someone who left (their sessions end at once and their customers go back to the queue).
import { h, type JSX } from 'preact'
import { useRef, useState } from 'preact/hooks'
import type { AgentRole } from '../../protocol/enums.ts'
import { CAPACITY_MAX, EMAIL_MAX_CHARS, NAME_MAX_CHARS } from '../../protocol/limits.ts'
import type { AgentListItem, AgentView } from '../../protocol/rest/agents.ts'
import type { Auth } from '../auth.ts'
import type { Desk } from '../desk.ts'
import { CopyButton, Loading, LoadProblem, PageHeader, SaveStatus, useConfirm, useFocusRescue, useLoaded, useSaving } from './kit.tsx'

const STATUS_LABELS = { online: 'Online', away: 'Away', offline: 'Offline' } as const

function OneTimePassword({ agent, password, onDone }: { agent: AgentView; password: string; onDone: () => void }): JSX.Element {
  return (
    <section class="secret-box" aria-labelledby="otp-title">
      <h2 id="otp-title">One-time password for {agent.name}</h2>
      <p>
        Give it to {agent.name} ({agent.email}) in person or through a channel you trust. It is shown only now; they choose their own password when they first sign in at{' '}
        <code>{location.origin}/agent/</code>.
      </p>
      <p class="secret-line">
        <code class="secret">{password}</code> <CopyButton text={password} label="Copy password" />
      </p>
      <button type="button" onClick={onDone}>
        Done
      </button>
    </section>
  )
}

function AddAgent({ auth, onAdded }: { auth: Auth; onAdded: (agent: AgentView, password: string) => void }): JSX.Element {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<AgentRole>('agent')
  const [capacity, setCapacity] = useState(5)
  const [saving, save] = useSaving()
  return (
    <form
      class="admin-form inline-form"
      aria-labelledby="add-agent-title"
      onSubmit={(event) => {
        event.preventDefault()
        void save(async () => {
          const made = await auth.request<{ agent: AgentView; oneTimePassword: string }>('POST', '/v1/agents', { name: name.trim(), email: email.trim(), role, capacity })
          onAdded(made.agent, made.oneTimePassword)
          setName('')
          setEmail('')
          return `${made.agent.name} was added.`
        })
      }}
    >
      <h2 id="add-agent-title">Add an agent</h2>
      <div class="form-row">
        <label class="field">
          <span>Name</span>
          <input required maxLength={NAME_MAX_CHARS} value={name} onInput={(e) => setName(e.currentTarget.value)} autoComplete="off" />
        </label>
        <label class="field">
          <span>Email</span>
          <input required type="email" maxLength={EMAIL_MAX_CHARS} value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoComplete="off" />
        </label>
        <label class="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as AgentRole)}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <label class="field narrow">
          <span>Capacity</span>
          <input type="number" required min={0} max={CAPACITY_MAX} value={capacity} onInput={(e) => setCapacity(Number(e.currentTarget.value))} />
        </label>
        <button type="submit" class="primary" disabled={saving.state === 'saving'}>
          Add agent
        </button>
      </div>
      <SaveStatus saving={saving} />
    </form>
  )
}

function AgentRow({ agent, me, status, auth, onChanged, onReset }: {
  agent: AgentListItem
  me: AgentView
  status: AgentView['status']
  auth: Auth
  onChanged: (agent: AgentListItem) => void
  onReset: (agent: AgentView, password: string) => void
}): JSX.Element {
  const [saving, save] = useSaving()
  const [confirming, confirm] = useConfirm()
  const [capacity, setCapacity] = useState(String(agent.capacity))
  const actions = useRef<HTMLTableCellElement>(null)
  useFocusRescue(() => actions.current?.querySelector('button'), [agent.active])
  const isMe = agent.id === me.id
  // One change at a time per row: the controls wait for the answer rather than drop a second change.
  const busy = saving.state === 'saving'
  const change = async (patch: Partial<Pick<AgentView, 'role' | 'capacity' | 'active'>>, said: string) => {
    const done = await save(async () => {
      const updated = await auth.request<AgentView>('PATCH', `/v1/agents/${encodeURIComponent(agent.id)}`, patch)
      onChanged({ ...agent, ...updated, load: patch.active === false ? 0 : agent.load })
      return said
    })
    if (!done) setCapacity(String(agent.capacity))
  }
  const label = (what: string) => `${what} for ${agent.name}`

  return (
    <tr class={agent.active ? '' : 'inactive'}>
      <th scope="row">
        <span class="agent-name">
          {agent.name}
          {isMe && <span class="tag">You</span>}
          {!agent.active && <span class="tag">Deactivated</span>}
          {agent.active && agent.mustChangePassword && <span class="tag waiting">Must choose a password</span>}
        </span>
        <span class="hint">{agent.email}</span>
      </th>
      <td>
        <select
          aria-label={label('Role')}
          value={agent.role}
          // An admin does not demote themselves here: another admin does, so the workspace never loses its last one by a slip.
          disabled={!agent.active || isMe || busy}
          title={isMe ? 'Another admin can change your role.' : undefined}
          onChange={(e) => void change({ role: e.currentTarget.value as AgentRole }, `${agent.name} is now ${e.currentTarget.value === 'admin' ? 'an admin' : 'an agent'}.`)}>
          <option value="agent">Agent</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td>
        <span class="status-cell">
          <span class={`dot dot-${agent.active ? status : 'offline'}`} aria-hidden="true" />
          {agent.active ? STATUS_LABELS[status] : '—'}
        </span>
      </td>
      <td class="number">
        {agent.load} /{' '}
        <input
          class="capacity"
          type="number"
          min={0}
          max={CAPACITY_MAX}
          aria-label={label('Capacity')}
          value={capacity}
          disabled={!agent.active || busy}
          onInput={(e) => setCapacity(e.currentTarget.value)}
          onChange={(e) => {
            const value = Number(e.currentTarget.value)
            if (!Number.isInteger(value) || value < 0 || value > CAPACITY_MAX) {
              setCapacity(String(agent.capacity))
              return
            }
            if (value !== agent.capacity) void change({ capacity: value }, `${agent.name} takes up to ${value} conversations.`)
          }}
        />
      </td>
      <td class="actions" ref={actions}>
        {agent.active ? (
          <span class="button-row">
            {isMe ? (
              <span class="hint">Your own password: “Change password” in your column</span>
            ) : (
            <button
              type="button"
              disabled={busy}
              aria-label={label('Reset password')}
              onClick={async () => {
                const sure = await confirm({
                  title: `Reset ${agent.name}'s password?`,
                  text: 'They are signed out everywhere, and sign in next with a one-time password you give them.',
                  confirmLabel: 'Reset password',
                })
                if (!sure) return
                void save(async () => {
                  const reset = await auth.request<{ agent: AgentView; oneTimePassword: string }>('POST', `/v1/agents/${encodeURIComponent(agent.id)}/reset-password`)
                  onChanged({ ...agent, ...reset.agent })
                  onReset(reset.agent, reset.oneTimePassword)
                  return `${agent.name}'s password was reset.`
                })
              }}
            >
              Reset password
            </button>
            )}
            {!isMe && (
              <button
                type="button"
                disabled={busy}
                class="danger"
                aria-label={label('Deactivate')}
                onClick={async () => {
                  const sure = await confirm({
                    title: `Deactivate ${agent.name}?`,
                    text: 'They are signed out at once and cannot sign in, and their open conversations go back to the queue. You can reactivate them later.',
                    confirmLabel: 'Deactivate',
                  })
                  if (!sure) return
                  void change({ active: false }, `${agent.name} was deactivated.`)
                }}
              >
                Deactivate
              </button>
            )}
          </span>
        ) : (
          <button type="button" disabled={busy} aria-label={label('Reactivate')} onClick={() => void change({ active: true }, `${agent.name} can sign in again.`)}>
            Reactivate
          </button>
        )}
        <SaveStatus saving={saving} />
        {confirming}
      </td>
    </tr>
  )
}

export function AgentsPage({ auth, desk }: { auth: Auth; desk: Desk }): JSX.Element {
  const agents = useLoaded(() => auth.request<{ items: AgentListItem[] }>('GET', '/v1/agents').then((r) => r.items), 'agents')
  const [shown, setShown] = useState<{ agent: AgentView; password: string } | null>(null)
  // Status is live (the socket tells the desk); the list was read when the page opened.
  const liveStatus = (agent: AgentListItem) => {
    const live = desk.state.agents.find((a) => a.id === agent.id)
    const status = live?.status ?? agent.status
    return desk.state.connected.has(agent.id) || status === 'offline' ? status : 'offline'
  }
  const replace = (changed: AgentListItem) => {
    agents.set((latest) => (latest ?? []).map((a) => (a.id === changed.id ? changed : a)))
    desk.agentChanged(changed)
  }

  return (
    <section class="admin-page" aria-labelledby="admin-title">
      <PageHeader title="Agents">
        <p class="hint">Everyone who answers customers. Capacity is how many conversations an agent holds at once before new ones wait in the queue.</p>
      </PageHeader>
      {shown && <OneTimePassword agent={shown.agent} password={shown.password} onDone={() => setShown(null)} />}
      <AddAgent
        auth={auth}
        onAdded={(agent, password) => {
          agents.set((latest) => [...(latest ?? []), { ...agent, load: 0 }])
          desk.agentChanged(agent)
          setShown({ agent, password })
        }}
      />
      <Loading loaded={agents} />
      {agents.problem && <LoadProblem problem={agents.problem} onRetry={agents.reload} />}
      {agents.value && (
        <table class="admin-table">
          <caption class="visually-hidden">The workspace's agents</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Load / capacity</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.value.map((agent) => (
              <AgentRow key={agent.id} agent={agent} me={desk.me} status={liveStatus(agent)} auth={auth} onChanged={replace} onReset={(a, password) => setShown({ agent: a, password })} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
