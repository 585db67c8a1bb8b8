// A site's identity-verification secret: revealed to admins as exactly what the server verifies
// identity hashes with, and replaced at once by a rotation.
import t, { type Test } from 'tap'
import { buildApp } from '../../server/app.ts'
import { createSecretBox, identityHash } from '../../server/secrets.ts'
import { signedInWorkspace, testConfig, testStore } from '../helpers/factories.ts'

/** A signed-in workspace whose server key the test knows, to open stored secrets as the server does. */
async function workspaceWithServerKey(t: Test) {
  const config = testConfig(t)
  const store = testStore(t)
  const app = await buildApp(config, { store })
  t.teardown(() => app.close())
  const ws = await signedInWorkspace(t, { app, store })
  const created = await app.inject({ method: 'POST', url: '/v1/sites', headers: ws.adminHeaders, payload: { name: 'Shop' } })
  const { site, secret } = created.json() as { site: { id: string; key: string; name: string }; secret: string }
  const secretBox = createSecretBox(config.serverKey)
  /** The secret identity verification would use right now: the stored one, decrypted. */
  const verifyingSecret = async () => secretBox.open((await store.getSite(ws.workspace.id, site.id))!.secretEncrypted)
  return { ...ws, config, site, secret, verifyingSecret }
}

t.test('an admin reads the secret the server verifies identity hashes with', async (t) => {
  const { app, adminHeaders, site, secret, verifyingSecret } = await workspaceWithServerKey(t)
  const res = await app.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { secret }, 'the one shown at creation')
  t.equal(await verifyingSecret(), secret, 'and the one identity verification decrypts')
  const again = await app.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })
  t.same(again.json(), { secret }, 'reading it changes nothing')
})

t.test('rotating the secret returns a new one; the old one stops verifying at once', async (t) => {
  const { app, store, workspace, adminHeaders, site, secret: oldSecret, verifyingSecret } = await workspaceWithServerKey(t)
  const userId = 'user-42'
  const oldHash = identityHash(oldSecret, userId)
  t.equal(identityHash(await verifyingSecret(), userId), oldHash, 'before: a hash signed with the old secret verifies')

  const res = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/secret/rotate`, headers: adminHeaders })
  t.equal(res.statusCode, 200)
  const { secret: newSecret } = res.json()
  t.match(newSecret, /^[A-Za-z0-9_-]{43}$/, 'a fresh 256-bit secret')
  t.not(newSecret, oldSecret)

  t.equal(await verifyingSecret(), newSecret, 'identity verification now uses the new secret')
  t.not(identityHash(await verifyingSecret(), userId), oldHash, 'so a hash signed with the old secret no longer verifies')
  const revealed = await app.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })
  t.same(revealed.json(), { secret: newSecret }, 'the admin page shows the new one')

  const stored = await store.getSite(workspace.id, site.id)
  t.match(stored, { key: site.key, name: site.name }, 'the key and settings stay')
  t.notOk(stored!.secretEncrypted.includes(newSecret), 'the new secret is not stored in clear either')

  const second = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/secret/rotate`, headers: adminHeaders })
  t.not(second.json().secret, newSecret, 'each rotation gives a different secret')
  t.equal(await verifyingSecret(), second.json().secret)
})

t.test("rotating one site's secret leaves the workspace's other sites alone", async (t) => {
  const { app, store, workspace, adminHeaders, site } = await workspaceWithServerKey(t)
  const other = await app.inject({ method: 'POST', url: '/v1/sites', headers: adminHeaders, payload: { name: 'Blog' } })
  const otherBefore = await store.getSite(workspace.id, other.json().site.id)
  await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/secret/rotate`, headers: adminHeaders })
  t.same(await store.getSite(workspace.id, other.json().site.id), otherBefore)
  const otherSecret = await app.inject({ url: `/v1/sites/${other.json().site.key}/secret`, headers: adminHeaders })
  t.same(otherSecret.json(), { secret: other.json().secret })
})

t.test("the widget's identity verification follows the rotation: the old secret's signatures are refused", async (t) => {
  const { app, adminHeaders } = await signedInWorkspace(t)
  const origin = 'https://shop.example'
  const created = await app.inject({ method: 'POST', url: '/v1/sites', headers: adminHeaders, payload: { name: 'Shop', allowedOrigins: [origin] } })
  const { site, secret: oldSecret } = created.json()
  const visitor = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/visitors`, headers: { origin } })
  const identify = (userId: string, secret: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/sites/${site.key}/visitors/me/identify`,
      headers: { origin, authorization: `Bearer ${visitor.json().visitorToken}` },
      payload: { userId, userHash: identityHash(secret, userId) },
    })

  t.equal((await identify('user-1', oldSecret)).statusCode, 200, 'before: the old secret verifies')
  const rotated = await app.inject({ method: 'POST', url: `/v1/sites/${site.key}/secret/rotate`, headers: adminHeaders })
  const refused = await identify('user-1', oldSecret)
  t.same([refused.statusCode, refused.json().error.code], [403, 'ERR_IDENTITY_HASH_INVALID'], 'after: the old secret is refused')
  t.equal((await identify('user-1', rotated.json().secret)).statusCode, 200, 'and the new one verifies')
})

t.test('after the server key changes, reading the secret says so with its own code', async (t) => {
  const { app, store, config, adminHeaders, site } = await workspaceWithServerKey(t)
  // Another server, same database and JWT secret, a different SERVER_KEY: the key was lost or replaced.
  const other = await buildApp(testConfig(t, { JWT_SECRET: config.jwtSecret, SERVER_KEY: 'cd'.repeat(32) }), { store })
  t.teardown(() => other.close())
  const res = await other.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })
  t.same([res.statusCode, res.json().error.code], [500, 'ERR_SITE_SECRET_UNREADABLE'])
  const rotated = await other.inject({ method: 'POST', url: `/v1/sites/${site.key}/secret/rotate`, headers: adminHeaders })
  t.equal(rotated.statusCode, 200, 'rotating is the way out')
  t.equal((await other.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })).json().secret, rotated.json().secret)
  t.equal((await app.inject({ url: `/v1/sites/${site.key}/secret`, headers: adminHeaders })).statusCode, 500, 'the old key no longer reads it')
})

t.test('allowed origins are written as browsers send them: lower case, no path', async (t) => {
  const { app, adminHeaders, site } = await workspaceWithServerKey(t)
  for (const origin of ['https://Shop.example', 'https://shop.example/', 'https://shop.example/path', 'ftp://shop.example']) {
    const res = await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: { allowedOrigins: [origin] } })
    t.same([res.statusCode, res.json().error?.code], [400, 'ERR_REQUEST_INVALID'], origin)
  }
  const ok = await app.inject({ method: 'PATCH', url: `/v1/sites/${site.key}`, headers: adminHeaders, payload: { allowedOrigins: ['https://shop.example:8443', 'http://[::1]:3000'] } })
  t.same(ok.json().allowedOrigins, ['https://shop.example:8443', 'http://[::1]:3000'])
})
