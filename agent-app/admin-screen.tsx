// Where the admin pages are drawn: their code is fetched the first time an admin opens one, so the
// agents who never do (and every agent's first screen) do not load it. Anyone else is told the page is
// for admins; the server refuses their calls all the same.
import { h, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { Auth } from './auth.ts'
import type { Desk } from './desk.ts'
import type { Route, WorkspaceRoute } from './routes.ts'

type AdminModule = typeof import('./admin/admin-pages.tsx')

export interface AdminScreenProps {
  desk: Desk
  auth: Auth
  route: Exclude<WorkspaceRoute, { screen: 'inbox' }>
  go: (route: Route) => void
}

export function AdminScreen(props: AdminScreenProps): JSX.Element {
  const isAdmin = props.desk.me.role === 'admin'
  const [module, setModule] = useState<AdminModule | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    if (!isAdmin || module) return
    import('./admin/admin-pages.tsx').then(setModule, () => setFailed(true))
  }, [isAdmin, failed])

  if (!isAdmin) {
    return (
      <section class="admin-page" aria-labelledby="admin-title">
        <h1 id="admin-title">Admins only</h1>
        <p>Only a workspace admin can open this page. Ask an admin of your workspace if you need something changed here.</p>
        <p>
          <a href="/agent/">Go to the inbox</a>
        </p>
      </section>
    )
  }
  if (failed) {
    // A new release replaces the chunk this page knows by name: only a reload finds the new one.
    return (
      <section class="admin-page" aria-labelledby="admin-title">
        <h1 id="admin-title">This page did not load</h1>
        <p class="problem" role="alert">
          The admin pages could not be fetched: the connection dropped, or Tandem was just updated.
        </p>
        <p class="button-row">
          <button type="button" class="primary" onClick={() => location.reload()}>
            Reload the page
          </button>
          <button type="button" onClick={() => setFailed(false)}>
            Try again
          </button>
        </p>
      </section>
    )
  }
  if (!module) {
    return (
      <section class="admin-page" aria-busy="true">
        <p class="hint" role="status">
          Loading…
        </p>
      </section>
    )
  }
  return <module.AdminPages {...props} />
}
