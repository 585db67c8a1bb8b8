// The agent app's addresses: /agent/ (the inbox; ?view= picks a list, "Mine" by default),
// /agent/conversations/<id> (one open beside the inbox), /agent/password, and the admin pages under
// /agent/admin/: reports, agents, sites, one site's settings, install and help center, canned replies.
// A report's choice (range, zone, site, agent) is its page's query, read and written by the page.
import { INBOX_VIEWS, type InboxView } from './inbox.ts'

export type AdminPage = 'reports' | 'agents' | 'sites' | 'canned-replies'
export type SiteTab = 'settings' | 'install' | 'help-center'
const ADMIN_PAGES: readonly AdminPage[] = ['reports', 'agents', 'sites', 'canned-replies']
const SITE_TABS: readonly SiteTab[] = ['settings', 'install', 'help-center']

export type Route =
  | { screen: 'inbox'; view: InboxView; conversationId: string | null }
  | { screen: 'admin'; page: AdminPage }
  | { screen: 'site'; siteKey: string; tab: SiteTab }
  | { screen: 'password' }
  | { screen: 'unknown' }

/** The screens drawn beside the sidebar, with the inbox's socket kept open. */
export type WorkspaceRoute = Extract<Route, { screen: 'inbox' | 'admin' | 'site' }>

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    // A malformed escape (%E0) names nothing.
    return null
  }
}

export function parseRoute(location: { pathname: string; search: string }): Route {
  let path = location.pathname
  while (path.endsWith('/')) path = path.slice(0, -1)
  const view = new URLSearchParams(location.search).get('view') as InboxView | null
  const chosen = view && INBOX_VIEWS.includes(view) ? view : 'mine'
  if (path === '/agent') return { screen: 'inbox', view: chosen, conversationId: null }
  if (path === '/agent/password') return { screen: 'password' }
  if (path === '/agent/admin') return { screen: 'admin', page: 'agents' }
  const conversation = /^\/agent\/conversations\/([^/]+)$/.exec(path)
  if (conversation) {
    const id = decoded(conversation[1]!)
    return id === null ? { screen: 'unknown' } : { screen: 'inbox', view: chosen, conversationId: id }
  }
  const admin = /^\/agent\/admin\/([a-z-]+)$/.exec(path)
  if (admin && (ADMIN_PAGES as readonly string[]).includes(admin[1]!)) return { screen: 'admin', page: admin[1] as AdminPage }
  const site = /^\/agent\/admin\/sites\/([^/]+)(?:\/([a-z-]+))?$/.exec(path)
  if (site) {
    const key = decoded(site[1]!)
    const tab = (site[2] ?? 'settings') as SiteTab
    if (key !== null && SITE_TABS.includes(tab)) return { screen: 'site', siteKey: key, tab }
  }
  return { screen: 'unknown' }
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'password':
      return '/agent/password'
    case 'unknown':
      return '/agent/'
    case 'admin':
      return `/agent/admin/${route.page}`
    case 'site':
      return `/agent/admin/sites/${encodeURIComponent(route.siteKey)}${route.tab === 'settings' ? '' : `/${route.tab}`}`
    case 'inbox': {
      const query = route.view === 'mine' ? '' : `?view=${route.view}`
      return route.conversationId ? `/agent/conversations/${encodeURIComponent(route.conversationId)}${query}` : `/agent/${query}`
    }
  }
}
