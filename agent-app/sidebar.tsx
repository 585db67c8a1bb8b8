// The agent's own column: their status (online takes new conversations, away keeps theirs), their
// load against their capacity, the inbox's lists with their counts, colleagues, the admin pages (for
// admins), and the account.
import { h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import type { AgentStatus } from '../protocol/enums.ts'
import type { Desk } from './desk.ts'
import { errorText } from './desk.ts'
import type { InboxView } from './inbox.ts'
import type { AdminPage, Route, WorkspaceRoute } from './routes.ts'
import { isMuted, setMuted } from './notifier.ts'

export const VIEW_LABELS: Record<InboxView, string> = { queue: 'Queue', mine: 'Mine', open: 'All open', resolved: 'Resolved' }

const STATUS_LABELS: Record<AgentStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' }

function StatusDot({ status }: { status: AgentStatus }) {
  return <span class={`dot dot-${status}`} aria-hidden="true" />
}

function Alerts() {
  const [muted, setMutedState] = useState(isMuted)
  const [permission, setPermission] = useState(() => (typeof Notification === 'function' ? Notification.permission : 'denied'))
  return (
    <div class="alerts">
      <button
        type="button"
        class="link"
        aria-pressed={!muted}
        onClick={() => {
          setMuted(!muted)
          setMutedState(!muted)
        }}
      >
        Sound {muted ? 'off' : 'on'}
      </button>
      {permission === 'default' && (
        <button type="button" class="link" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Desktop notifications
        </button>
      )}
    </div>
  )
}

const ADMIN_LABELS: Record<AdminPage, string> = { reports: 'Reports', agents: 'Agents', sites: 'Sites', 'canned-replies': 'Canned replies' }

export function Sidebar(props: {
  desk: Desk
  route: WorkspaceRoute
  onView: (view: InboxView) => void
  go: (route: Route) => void
  onChangePassword: () => void
  onSignOut: () => void
  onHelp: () => void
}): JSX.Element {
  const { desk, route } = props
  const currentView = route.screen === 'inbox' ? route.view : null
  const currentAdmin: AdminPage | null = route.screen === 'admin' ? route.page : route.screen === 'site' ? 'sites' : null
  const { lists, agents, connected } = desk.state
  const me = desk.me
  const [problem, setProblem] = useState<string | null>(null)
  // Counts are the unfiltered queue and "Mine" (a search does not change the agent's load), and the
  // rows loaded so far of "All open" ("100+" while more pages wait).
  const load = lists.mineTotal.ids.length
  const totalOf = (view: InboxView) => lists[view === 'queue' ? 'queueTotal' : view === 'mine' ? 'mineTotal' : view]
  const counted = (view: InboxView) => {
    const list = totalOf(view)
    return list.complete ? String(list.ids.length) : list.ids.length ? `${list.ids.length}+` : ''
  }

  async function choose(status: 'online' | 'away') {
    setProblem(null)
    try {
      await desk.setStatus(status)
    } catch (error) {
      setProblem(errorText(error))
    }
  }

  const colleagues = agents.filter((agent) => agent.id !== me.id && agent.active)

  return (
    <nav class="sidebar" aria-label="Inbox">
      <div class="me">
        <p class="brand">Tandem</p>
        <p class="me-name">
          <StatusDot status={me.status} /> {me.name}
        </p>
        <fieldset class="status-switch">
          <legend>Your status</legend>
          {(['online', 'away'] as const).map((status) => (
            <label key={status} class={me.status === status ? 'chosen' : ''}>
              <input type="radio" name="status" value={status} checked={me.status === status} onChange={() => void choose(status)} />
              {STATUS_LABELS[status]}
            </label>
          ))}
        </fieldset>
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
        <p class="load">
          <span class="load-bar" aria-hidden="true">
            <span class="load-fill" style={{ width: `${Math.min(100, me.capacity ? (load / me.capacity) * 100 : 100)}%` }} />
          </span>
          <span>
            <span class="visually-hidden">Your load: </span>
            {load} / {me.capacity} conversations
          </span>
        </p>
      </div>
      <ul class="views">
        {(Object.keys(VIEW_LABELS) as InboxView[]).map((view) => (
          <li key={view}>
            <a
              href={`/agent/?view=${view}`}
              class={currentView === view ? 'current' : ''}
              aria-current={currentView === view ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault()
                props.onView(view)
              }}
            >
              <span>{VIEW_LABELS[view]}</span>
              {view !== 'resolved' && <span class="count">{counted(view)}</span>}
            </a>
          </li>
        ))}
      </ul>
      {me.role === 'admin' && (
        <section class="admin-nav" aria-labelledby="admin-nav-title">
          <h2 id="admin-nav-title">Admin</h2>
          <ul class="views">
            {(Object.keys(ADMIN_LABELS) as AdminPage[]).map((page) => (
              <li key={page}>
                <a
                  href={`/agent/admin/${page}`}
                  class={currentAdmin === page ? 'current' : ''}
                  aria-current={currentAdmin === page ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault()
                    props.go({ screen: 'admin', page })
                  }}
                >
                  <span>{ADMIN_LABELS[page]}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="team" aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        {colleagues.length === 0 ? (
          <p class="hint">No colleagues yet.</p>
        ) : (
          <ul>
            {colleagues.map((agent) => {
              const status = connected.has(agent.id) || agent.status === 'offline' ? agent.status : 'offline'
              return (
                <li key={agent.id}>
                  <StatusDot status={status} />
                  <span class="colleague-name">{agent.name}</span>
                  <span class="colleague-status">{STATUS_LABELS[status]}</span>
                </li>
              )
            })}
          </ul>
        )}
      </section>
      <div class="account">
        <Alerts />
        <button type="button" class="link" onClick={props.onHelp}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
        <button type="button" class="link" onClick={props.onChangePassword}>
          Change password
        </button>
        <button type="button" class="link" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </nav>
  )
}
