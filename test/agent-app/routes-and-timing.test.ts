// The agent app's addresses, and when it acts on its own (renewing its token, reconnecting).
import t from 'tap'
import { hrefOf, parseRoute } from '../../agent-app/routes.ts'
import { reconnectDelayMs, refreshDelayMs } from '../../agent-app/timing.ts'

const at = (href: string) => {
  const url = new URL(href, 'http://tandem.test')
  return parseRoute({ pathname: url.pathname, search: url.search })
}

t.test('addresses name the screen, the list and the open conversation, and come back the same', async (t) => {
  t.same(at('/agent/'), { screen: 'inbox', view: 'mine', conversationId: null }, '"Mine" unless told')
  t.same(at('/agent/?view=queue'), { screen: 'inbox', view: 'queue', conversationId: null })
  t.same(at('/agent/conversations/abc?view=open'), { screen: 'inbox', view: 'open', conversationId: 'abc' })
  t.same(at('/agent/password'), { screen: 'password' })
  t.same(at('/agent/?view=everything'), { screen: 'inbox', view: 'mine', conversationId: null }, 'an unknown list is "Mine"')
  t.same(at('/agent/settings'), { screen: 'unknown' })
  t.same(at('/agent/conversations/%E0%A4%A'), { screen: 'unknown' }, 'a malformed escape is no conversation, not a crash')
  for (const href of ['/agent/', '/agent/?view=queue', '/agent/conversations/abc?view=open', '/agent/password']) t.equal(hrefOf(at(href)), href)
})

t.test('the admin pages have addresses of their own: a page, or a site and its tab', async (t) => {
  t.same(at('/agent/admin'), { screen: 'admin', page: 'agents' }, 'the agents first')
  t.same(at('/agent/admin/sites/'), { screen: 'admin', page: 'sites' })
  t.same(at('/agent/admin/canned-replies'), { screen: 'admin', page: 'canned-replies' })
  t.same(at('/agent/admin/sites/site_abc'), { screen: 'site', siteKey: 'site_abc', tab: 'settings' })
  t.same(at('/agent/admin/sites/site_abc/help-center'), { screen: 'site', siteKey: 'site_abc', tab: 'help-center' })
  t.same(at('/agent/admin/sites/site_abc/billing'), { screen: 'unknown' }, 'an unknown tab')
  t.same(at('/agent/admin/reports?from=2026-03-01&to=2026-03-31&zone=UTC'), { screen: 'admin', page: 'reports' }, 'reports, whose page reads its own query')
  t.same(at('/agent/admin/billing'), { screen: 'unknown' }, 'an unknown page')
  t.same(at('/agent/admin/sites/%E0%A4%A'), { screen: 'unknown' }, 'a malformed escape')
  for (const href of ['/agent/admin/reports', '/agent/admin/agents', '/agent/admin/sites', '/agent/admin/canned-replies', '/agent/admin/sites/site_abc', '/agent/admin/sites/site_abc/install']) t.equal(hrefOf(at(href)), href)
})

t.test('the token is renewed a minute before it expires, or halfway through a short life', async (t) => {
  t.equal(refreshDelayMs(300), 240_000)
  t.equal(refreshDelayMs(60), 30_000)
  t.equal(refreshDelayMs(2), 1_000)
  t.equal(refreshDelayMs(0), 500, 'never a busy loop')
})

t.test('reconnects back off from half a second to half a minute, jittered down to half', async (t) => {
  t.equal(reconnectDelayMs(0, 1), 500)
  t.equal(reconnectDelayMs(0, 0), 250)
  t.equal(reconnectDelayMs(3, 1), 4000)
  t.equal(reconnectDelayMs(20, 1), 30_000, 'capped')
  t.equal(reconnectDelayMs(20, 0), 15_000)
})
