// The admin pages, one chunk of the agent app loaded when an admin first opens one: the team, the
// sites (each with its settings, install and help center), the canned replies and the reports.
import { Fragment, h, type JSX } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { SiteView } from '../../protocol/rest/sites.ts'
import type { AdminScreenProps } from '../admin-screen.tsx'
import type { SiteTab } from '../routes.ts'
import { AgentsPage } from './agents-page.tsx'
import { CannedPage } from './canned-page.tsx'
import { HelpCenter } from './help-center.tsx'
import { Loading, LoadProblem, PageHeader, useLoaded } from './kit.tsx'
import { ReportsPage } from './reports-page.tsx'
import { SiteInstall } from './site-install.tsx'
import { SiteSettings } from './site-settings.tsx'
import { SitesPage } from './sites-page.tsx'

const TAB_LABELS: Record<SiteTab, string> = { settings: 'Settings', install: 'Install', 'help-center': 'Help center' }

function SitePage({ auth, desk, route, go }: AdminScreenProps & { route: { screen: 'site'; siteKey: string; tab: SiteTab } }): JSX.Element {
  const site = useLoaded(() => auth.request<SiteView>('GET', `/v1/sites/${encodeURIComponent(route.siteKey)}`), route.siteKey)
  const tabs = Object.keys(TAB_LABELS) as SiteTab[]
  useEffect(() => {
    // The desk's list of sites names them in the inbox's filter: kept in step with a rename.
    if (site.value) desk.siteChanged(site.value)
  }, [site.value])
  return (
    <section class="admin-page" aria-labelledby="admin-title">
      <p class="crumbs">
        <a
          href="/agent/admin/sites"
          onClick={(event) => {
            event.preventDefault()
            go({ screen: 'admin', page: 'sites' })
          }}
        >
          Sites
        </a>
      </p>
      {!site.value && !site.problem && (
        <>
          <PageHeader title="Site" />
          <Loading loaded={site} />
        </>
      )}
      {site.problem && (
        <>
          <PageHeader title="Site" />
          <LoadProblem problem={site.problem} onRetry={site.reload} />
        </>
      )}
      {site.value && (
        <>
          <PageHeader title={site.value.name}>
            <p class="hint">
              Site key <code>{site.value.key}</code>
            </p>
          </PageHeader>
          <nav class="tabs" aria-label="Site pages">
            {tabs.map((tab) => (
              <a
                key={tab}
                href={`/agent/admin/sites/${encodeURIComponent(route.siteKey)}${tab === 'settings' ? '' : `/${tab}`}`}
                class={route.tab === tab ? 'current' : ''}
                aria-current={route.tab === tab ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault()
                  go({ screen: 'site', siteKey: route.siteKey, tab })
                }}
              >
                {TAB_LABELS[tab]}
              </a>
            ))}
          </nav>
          {route.tab === 'settings' && <SiteSettings key={site.value.id} auth={auth} site={site.value} onSaved={site.set} />}
          {route.tab === 'install' && <SiteInstall auth={auth} site={site.value} />}
          {route.tab === 'help-center' && <HelpCenter auth={auth} site={site.value} />}
        </>
      )}
    </section>
  )
}

export function AdminPages(props: AdminScreenProps): JSX.Element {
  const { route, auth, desk, go } = props
  // A new page is announced as one: focus moves to its heading (once it is drawn), not left on the link.
  const where = route.screen === 'site' ? `site:${route.siteKey}:${route.tab}` : route.page
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    requestAnimationFrame(() => document.getElementById('admin-title')?.focus())
  }, [where])
  if (route.screen === 'site') return <SitePage {...props} route={route} />
  switch (route.page) {
    case 'reports':
      return <ReportsPage auth={auth} desk={desk} />
    case 'agents':
      return <AgentsPage auth={auth} desk={desk} />
    case 'sites':
      return <SitesPage auth={auth} go={go} />
    case 'canned-replies':
      return <CannedPage auth={auth} onChanged={() => desk.forgetCannedReplies()} />
  }
}
