// The workspace's sites: each is one script tag on one website, with its own settings, help center and
// secret. Creating one asks only for what the bubble needs to show up: a name and the site's address.
import { h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import { NAME_MAX_CHARS } from '../../protocol/limits.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import type { Auth } from '../auth.ts'
import type { Route } from '../routes.ts'
import { Loading, LoadProblem, PageHeader, SaveStatus, useLoaded, useSaving } from './kit.tsx'
import { parseOrigins } from './origins.ts'
import { POLICY_LABELS } from './site-settings.tsx'

function CreateSite({ auth, onCreated }: { auth: Auth; onCreated: (site: SiteView) => void }): JSX.Element {
  const [name, setName] = useState('')
  const [origin, setOrigin] = useState('')
  const [saving, save] = useSaving()
  const parsed = parseOrigins(origin)
  const problem = origin.trim() && parsed.problems[0] ? `${parsed.problems[0].line} ${parsed.problems[0].reason}` : null
  return (
    <form
      class="admin-form inline-form"
      aria-labelledby="create-site-title"
      onSubmit={(event) => {
        event.preventDefault()
        if (problem) return
        void save(async () => {
          const made = await auth.request<{ site: SiteView }>('POST', '/v1/sites', { name: name.trim(), allowedOrigins: parsed.origins })
          onCreated(made.site)
          return `${made.site.name} was created.`
        })
      }}
    >
      <h2 id="create-site-title">Create a site</h2>
      <div class="form-row">
        <label class="field">
          <span>Name</span>
          <input required maxLength={NAME_MAX_CHARS} value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="Acme Shop" />
        </label>
        <label class="field wide">
          <span>Website address</span>
          <input
            value={origin}
            onInput={(e) => setOrigin(e.currentTarget.value)}
            placeholder="https://shop.example"
            aria-describedby="create-site-origin-help"
            aria-invalid={problem ? 'true' : undefined}
          />
        </label>
        <button type="submit" class="primary" disabled={saving.state === 'saving' || problem !== null}>
          Create site
        </button>
      </div>
      <p id="create-site-origin-help" class={problem ? 'problem' : 'hint'}>
        {problem ?? 'Pages on this address may show the chat; you can add more addresses later.'}
      </p>
      <SaveStatus saving={saving} />
    </form>
  )
}

export function SitesPage({ auth, go }: { auth: Auth; go: (route: Route) => void }): JSX.Element {
  const sites = useLoaded(() => auth.request<{ items: SiteView[] }>('GET', '/v1/sites').then((r) => r.items), 'sites')
  const open = (site: SiteView, tab: 'settings' | 'install' = 'settings') => go({ screen: 'site', siteKey: site.key, tab })
  return (
    <section class="admin-page" aria-labelledby="admin-title">
      <PageHeader title="Sites">
        <p class="hint">Each site is one website with the chat on it: its own look, hours, help center and secret.</p>
      </PageHeader>
      <CreateSite auth={auth} onCreated={(site) => open(site, 'install')} />
      <Loading loaded={sites} />
      {sites.problem && <LoadProblem problem={sites.problem} onRetry={sites.reload} />}
      {sites.value && sites.value.length === 0 && <p class="empty">No site yet: create the first one above.</p>}
      {sites.value && sites.value.length > 0 && (
        <table class="admin-table">
          <caption class="visually-hidden">The workspace's sites</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Addresses</th>
              <th scope="col">Who answers</th>
              <th scope="col">Site key</th>
            </tr>
          </thead>
          <tbody>
            {sites.value.map((site) => (
              <tr key={site.id}>
                <th scope="row">
                  <span class="swatch" style={{ background: site.color }} aria-hidden="true" />
                  <a
                    href={`/agent/admin/sites/${encodeURIComponent(site.key)}`}
                    onClick={(event) => {
                      event.preventDefault()
                      open(site)
                    }}
                  >
                    {site.name}
                  </a>
                </th>
                <td>{site.allowedOrigins.length === 0 ? <span class="tag waiting">None yet: the chat shows nowhere</span> : site.allowedOrigins.join(', ')}</td>
                <td>{POLICY_LABELS[site.routingPolicy].title}</td>
                <td>
                  <code>{site.key}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
