// The agent app's addresses: /agent/ (the inbox; ?view= picks a list, "Mine" by default),
// /agent/conversations/<id> (one open beside the inbox) and /agent/password.
import { INBOX_VIEWS, type InboxView } from './inbox.ts'

export type Route = { screen: 'inbox'; view: InboxView; conversationId: string | null } | { screen: 'password' } | { screen: 'unknown' }

export function parseRoute(location: { pathname: string; search: string }): Route {
  let path = location.pathname
  while (path.endsWith('/')) path = path.slice(0, -1)
  const view = new URLSearchParams(location.search).get('view') as InboxView | null
  const chosen = view && INBOX_VIEWS.includes(view) ? view : 'mine'
  if (path === '/agent') return { screen: 'inbox', view: chosen, conversationId: null }
  if (path === '/agent/password') return { screen: 'password' }
  const match = /^\/agent\/conversations\/([^/]+)$/.exec(path)
  if (match) {
    try {
      return { screen: 'inbox', view: chosen, conversationId: decodeURIComponent(match[1]!) }
    } catch {
      // A malformed escape (%E0) names no conversation.
      return { screen: 'unknown' }
    }
  }
  return { screen: 'unknown' }
}

export function hrefOf(route: Route): string {
  if (route.screen === 'password') return '/agent/password'
  if (route.screen === 'unknown') return '/agent/'
  const query = route.view === 'mine' ? '' : `?view=${route.view}`
  return route.conversationId ? `/agent/conversations/${encodeURIComponent(route.conversationId)}${query}` : `/agent/${query}`
}
