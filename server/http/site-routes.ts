// Admins manage their workspace's sites; any agent may read them. A site is addressed by its public
// key, which is in every script tag, so holding a key proves nothing: every agent route checks the
// site is the caller's own. The widget reads its settings from one public route, guarded by Origin.
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { NoBody } from '../../protocol/rest/common.ts'
import { CreateSiteBody, CreateSiteReply, RefusedOriginList, SiteList, SiteParams, SiteSecretReply, SiteView, UpdateSiteBody, WidgetConfigView } from '../../protocol/rest/sites.ts'
import { TandemError } from '../errors.ts'
import { newToken } from '../secrets.ts'
import { createSiteWithSecret } from '../setup/site-keys.ts'
import type { Site } from '../store/records.ts'
import type { Store } from '../store/store.ts'
import { callerOf } from './agent-guards.ts'
import type { Api, ApiContext } from './api-context.ts'
import { siteView, widgetConfigView } from './views.ts'
import { anyoneOnline, availability } from '../routing/availability.ts'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

/**
 * The caller's site with this key. Another workspace's site answers exactly as a missing one does, so
 * an agent learns nothing about keys that are not theirs.
 */
export async function siteOfWorkspace(store: Store, workspaceId: string, siteKey: string): Promise<Site> {
  const site = await store.findSiteByKey(siteKey)
  if (!site || site.workspaceId !== workspaceId) throw new TandemError('ERR_SITE_NOT_FOUND')
  return site
}

/**
 * The schema bounds a time zone's length; only Intl knows whether it exists, and an unknown one would
 * fail later, wherever business hours are read.
 */
function checkTimeZone(businessHours: { timeZone: string } | null | undefined): void {
  if (!businessHours) return
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: businessHours.timeZone })
  } catch {
    throw new TandemError('ERR_REQUEST_INVALID', 'Invalid body: businessHours.timeZone is not a known IANA time zone.')
  }
}

/** The widget sends pre-chat answers keyed by field name: two fields of one name would be one answer. */
function checkPreChatFields(fields: { name: string }[] | undefined): void {
  if (!fields) return
  const names = fields.map((field) => field.name)
  const repeated = names.find((name, i) => names.indexOf(name) !== i)
  if (repeated !== undefined) throw new TandemError('ERR_REQUEST_INVALID', `Invalid body: preChatFields has two fields named "${repeated}"; each needs a name of its own.`)
}

export function siteRoutes(ctx: ApiContext) {
  const { store } = ctx

  return async function register(app: Api) {
    app.get(
      '/v1/sites',
      { schema: { tags: ['sites'], summary: "The workspace's sites", response: { 200: SiteList, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => ({ items: (await store.listSites(callerOf(request).agent.workspaceId)).map(siteView) }),
    )

    app.post(
      '/v1/sites',
      {
        schema: { tags: ['sites'], summary: 'Create a site (admin); returns its secret', body: CreateSiteBody, response: { 201: CreateSiteReply, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request, reply) => {
        checkTimeZone(request.body.businessHours)
        checkPreChatFields(request.body.preChatFields)
        const { site, secret } = await createSiteWithSecret(store, ctx.secretBox, callerOf(request).agent.workspaceId, request.body)
        return reply.status(201).send({ site: siteView(site), secret })
      },
    )

    app.get(
      '/v1/sites/:siteKey',
      { schema: { tags: ['sites'], summary: 'One site', params: SiteParams, response: { 200: SiteView, ...errors } }, preHandler: ctx.requireAgent },
      async (request) => siteView(await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)),
    )

    app.patch(
      '/v1/sites/:siteKey',
      {
        schema: {
          tags: ['sites'],
          summary: "Change a site's settings (admin); the key never changes",
          params: SiteParams,
          body: UpdateSiteBody,
          response: { 200: SiteView, ...errors },
        },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const workspaceId = callerOf(request).agent.workspaceId
        const site = await siteOfWorkspace(store, workspaceId, request.params.siteKey)
        checkTimeZone(request.body.businessHours)
        checkPreChatFields(request.body.preChatFields)
        const updated = await store.updateSite(workspaceId, site.id, request.body)
        if (!updated) throw new TandemError('ERR_SITE_NOT_FOUND')
        return siteView(updated)
      },
    )

    app.get(
      '/v1/sites/:siteKey/secret',
      {
        schema: { tags: ['sites'], summary: "The site's identity-verification secret (admin)", params: SiteParams, response: { 200: SiteSecretReply, ...errors } },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        return { secret: ctx.secretBox.open(site.secretEncrypted) }
      },
    )

    app.post(
      '/v1/sites/:siteKey/secret/rotate',
      {
        schema: {
          tags: ['sites'],
          summary: 'Replace the secret (admin); identities signed with the old one stop verifying at once',
          params: SiteParams,
          body: NoBody,
          response: { 200: SiteSecretReply, ...errors },
        },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const workspaceId = callerOf(request).agent.workspaceId
        const site = await siteOfWorkspace(store, workspaceId, request.params.siteKey)
        const secret = newToken()
        const updated = await store.updateSite(workspaceId, site.id, { secretEncrypted: ctx.secretBox.seal(secret) })
        if (!updated) throw new TandemError('ERR_SITE_NOT_FOUND')
        return { secret }
      },
    )

    app.get(
      '/v1/sites/:siteKey/refused-origins',
      {
        schema: {
          tags: ['sites'],
          summary: "Origins the site's pages were refused from lately (admin), most recent first: why a bubble does not connect",
          params: SiteParams,
          response: { 200: RefusedOriginList, ...errors },
        },
        preHandler: ctx.requireAdmin,
      },
      async (request) => {
        const site = await siteOfWorkspace(store, callerOf(request).agent.workspaceId, request.params.siteKey)
        const items = await store.listRefusedOrigins(site.workspaceId, site.id)
        return { items: items.map((r) => ({ origin: r.origin, count: r.count, firstSeenAt: r.firstSeenAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString() })) }
      },
    )

    app.get(
      '/v1/sites/:siteKey/widget-config',
      {
        schema: {
          tags: ['widget'],
          summary: 'What the widget needs to draw itself (public, from an allowed origin)',
          params: SiteParams,
          response: { 200: WidgetConfigView, 400: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema },
        },
        preHandler: ctx.requireSiteOrigin,
      },
      async (request) => {
        const site = request.site as Site
        const online = anyoneOnline(await store.listAgents(site.workspaceId))
        return widgetConfigView(site, availability(site, online, new Date()))
      },
    )
  }
}
