// The agent app's screens and its routes: /agent/ (the inbox, ?view= picks a list),
// /agent/conversations/<id> (one open beside the inbox), /agent/password (change it), and the admin
// pages under /agent/admin/ (loaded only when an admin opens one; the socket stays open meanwhile, so
// an admin setting up a site still hears their customers). Signed out, every route shows the sign-in;
// with a one-time password still pending, every route asks for a new one.
import { h, type JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { AgentView } from '../protocol/rest/agents.ts'
import type { Auth } from './auth.ts'
import { ConversationPane } from './conversation.tsx'
import { Desk, errorText } from './desk.ts'
import { forgetDrafts } from './drafts.ts'
import { InboxList } from './inbox-list.tsx'
import { hrefOf, parseRoute, type Route, type WorkspaceRoute } from './routes.ts'
import { AdminScreen } from './admin-screen.tsx'
import { shortcutOf, ShortcutHelp, type ShortcutAction } from './shortcuts.tsx'
import { reconnectDelayMs } from './timing.ts'
import { Sidebar } from './sidebar.tsx'
import { ChoosePassword, SignIn } from './sign-in.tsx'

function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(location))
  useEffect(() => {
    const back = () => setRoute(parseRoute(location))
    window.addEventListener('popstate', back)
    return () => window.removeEventListener('popstate', back)
  }, [])
  const go = (next: Route) => {
    history.pushState(null, '', hrefOf(next))
    setRoute(next)
  }
  return [route, go]
}

const ADMIN_TITLES = { reports: 'Reports', agents: 'Agents', sites: 'Sites', 'canned-replies': 'Canned replies' } as const

const CONNECTION_TEXT = { connecting: 'Connecting…', reconnecting: 'Reconnecting… Your replies are kept and sent when the connection is back.', closed: 'Disconnected. Reload the page to reconnect.' }

function Workspace({ auth, route, go }: { auth: Auth; route: WorkspaceRoute; go: (route: Route) => void }): JSX.Element {
  const desk = useMemo(() => new Desk(auth, `${location.origin.replace(/^http/, 'ws')}/v1/ws`), [])
  const [, redraw] = useState(0)

  useEffect(() => {
    const unsubscribe = desk.subscribe(() => redraw((n) => n + 1))
    desk.start()
    return () => {
      unsubscribe()
      desk.stop()
    }
  }, [])

  // The inbox as the agent left it, for the way back from an admin page.
  const [inbox, setInbox] = useState<Route & { screen: 'inbox' }>(() => (route.screen === 'inbox' ? route : { screen: 'inbox', view: 'mine', conversationId: null }))
  useEffect(() => {
    if (route.screen === 'inbox') setInbox(route)
  }, [route])
  const openId = route.screen === 'inbox' ? route.conversationId : null
  useEffect(() => {
    if (openId) void desk.openConversation(openId)
    else desk.closeConversation()
  }, [openId])

  const [helping, setHelping] = useState(false)
  desk.onNotificationClick = (id) => go({ ...inbox, conversationId: id })

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutOf(event)
      // On an admin page only the help is a shortcut: j, k or r there would act on an unseen inbox.
      if (!action || (route.screen !== 'inbox' && action !== 'help')) return
      event.preventDefault()
      void runShortcut(action)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  })

  async function runShortcut(action: ShortcutAction) {
    const open = desk.state.open
    const composer = () => document.getElementById('reply') as HTMLTextAreaElement | null
    switch (action) {
      case 'next':
      case 'previous': {
        const id = desk.neighbour(inbox.view, action === 'next' ? 1 : -1)
        if (id) go({ ...inbox, conversationId: id })
        return
      }
      case 'take':
        // The same rules as the buttons: only what nobody holds is taken; its holder, an admin, or
        // anyone while nobody holds it resolves.
        if (open?.conversation?.status === 'open' && open.conversation.assigneeId === null) await desk.take(open.id).catch((error) => desk.reportProblem(error))
        return
      case 'resolve': {
        const conversation = open?.conversation
        const me = desk.me
        if (open && conversation?.status === 'open' && (conversation.assigneeId === null || conversation.assigneeId === me.id || me.role === 'admin')) {
          await desk.resolve(open.id).catch((error) => desk.reportProblem(error))
        }
        return
      }
      case 'compose':
        composer()?.focus()
        return
      case 'canned': {
        const area = composer()
        if (!area) return
        area.focus()
        if (!area.value) {
          // As if typed: the composer offers the canned replies.
          area.value = '/'
          area.dispatchEvent(new Event('input', { bubbles: true }))
        }
        return
      }
      case 'help':
        setHelping(true)
        return
    }
  }

  const waiting = desk.attentionCount()
  const pageTitle = route.screen === 'inbox' ? 'Inbox' : route.screen === 'site' ? 'Site · Admin' : `${ADMIN_TITLES[route.page]} · Admin`
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) ${pageTitle} · Tandem` : `${pageTitle} · Tandem`
  }, [waiting, pageTitle])

  const open = desk.state.open
  const connection = desk.state.connection
  const [signOutProblem, setSignOutProblem] = useState<string | null>(null)

  async function signOut() {
    const unsent = desk.state.outbox.length
    if (unsent > 0 && !window.confirm(`${unsent} ${unsent === 1 ? 'reply has' : 'replies have'} not been sent yet. Sign out and drop ${unsent === 1 ? 'it' : 'them'}?`)) return
    setSignOutProblem(null)
    try {
      await auth.signOut()
    } catch (error) {
      setSignOutProblem(`Not signed out: ${errorText(error)}`)
      return
    }
    // The desk may be stopped by now (the session is over); what it kept in storage goes all the same.
    desk.forgetOutbox()
    forgetDrafts()
  }

  return (
    <div class={`workspace${open && route.screen === 'inbox' ? ' has-conversation' : ''}`}>
      <Sidebar
        desk={desk}
        route={route}
        onView={(view) => go({ screen: 'inbox', view, conversationId: inbox.conversationId })}
        go={go}
        onChangePassword={() => go({ screen: 'password' })}
        onSignOut={() => void signOut()}
        onHelp={() => setHelping(true)}
      />
      <main class="main">
        {/* Always in the page, so that screen readers announce the text it takes. */}
        <div role="status">
          {connection !== 'online' && <p class={`connection ${connection}`}>{CONNECTION_TEXT[connection]}</p>}
        </div>
        {signOutProblem && (
          <p class="problem banner" role="alert">
            {signOutProblem}
          </p>
        )}
        {helping && <ShortcutHelp onClose={() => setHelping(false)} />}
        {route.screen !== 'inbox' ? (
          <AdminScreen desk={desk} auth={auth} route={route} go={go} />
        ) : (
        <div class="panes">
          <InboxList desk={desk} view={route.view} selectedId={route.conversationId} onOpen={(id) => go({ ...route, conversationId: id })} />
          {open ? (
            <ConversationPane
              desk={desk}
              onOpen={(id) => go({ ...route, conversationId: id })}
              onBack={() => {
                const id = route.conversationId
                go({ ...route, conversationId: null })
                // Back where the agent was: on the conversation's row, once the list shows again.
                requestAnimationFrame(() => document.querySelector<HTMLElement>(`.rows a[href="/agent/conversations/${CSS.escape(id ?? '')}"]`)?.focus())
              }}
            />
          ) : (
            <section class="conversation empty-pane" aria-label="No conversation open">
              <p>Choose a conversation from the list.</p>
            </section>
          )}
        </div>
        )}
      </main>
    </div>
  )
}

export function App({ auth }: { auth: Auth }): JSX.Element {
  const [route, go] = useRoute()
  const [agent, setAgent] = useState<AgentView | null>(auth.agent)
  // Until the refresh cookie has answered: 'unreachable' while the server cannot be asked (the
  // session may well be alive, so the sign-in form would be wrong), tried again with backoff.
  const [restoring, setRestoring] = useState<'asking' | 'unreachable' | 'done'>('asking')
  // The one-time password just typed, so "choose your password" need not ask for it again.
  const [justTyped, setJustTyped] = useState<string | null>(null)

  useEffect(() => {
    const unsubscribe = auth.subscribe(() => setAgent(auth.agent))
    let attempt = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = () =>
      auth.restore().then(
        () => setRestoring('done'),
        () => {
          setRestoring('unreachable')
          timer = setTimeout(ask, reconnectDelayMs(attempt++))
        },
      )
    void ask()
    return () => {
      clearTimeout(timer)
      unsubscribe()
    }
  }, [])

  // The password typed at sign-in is kept only to replace a one-time one, never longer.
  useEffect(() => {
    if (agent && !agent.mustChangePassword) setJustTyped(null)
  }, [agent])

  if (restoring !== 'done' && !agent) {
    return (
      <main class="auth-screen" aria-busy="true">
        <p class="hint" role="status">
          {restoring === 'unreachable' ? 'Tandem cannot be reached right now. Trying again…' : 'Loading…'}
        </p>
      </main>
    )
  }
  if (!agent) {
    return <SignIn auth={auth} onAttempt={setJustTyped} />
  }
  if (agent.mustChangePassword) {
    return <ChoosePassword auth={auth} currentPassword={justTyped} firstTime onDone={() => setJustTyped(null)} onCancel={() => void auth.signOut().catch(() => auth.endHere())} cancelLabel="Sign out" />
  }
  if (route.screen === 'password') {
    const back = () => go({ screen: 'inbox', view: 'mine', conversationId: null })
    return <ChoosePassword auth={auth} currentPassword={null} firstTime={false} onDone={back} onCancel={back} />
  }
  if (route.screen === 'unknown') {
    return (
      <main class="auth-screen">
        <div class="auth-card">
          <h1>Page not found</h1>
          <a href="/agent/">Go to the inbox</a>
        </div>
      </main>
    )
  }
  return <Workspace key={agent.id} auth={auth} route={route} go={go} />
}
