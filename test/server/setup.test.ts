import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { createSecretBox } from '../../server/secrets.ts'
import { DEMO_ADMIN_EMAIL, DEMO_AGENT_EMAIL, demoOrigins, EXAMPLE_SITE_ORIGINS, demoSiteKey, setUpDemoIfEmpty } from '../../server/setup/demo.ts'
import { login, tempDir, testApp, testConfig } from '../helpers/factories.ts'

const run = promisify(execFile)

t.test('the first start sets up a demo workspace whose admin and agent sign in with one-time passwords', async (t) => {
  const config = testConfig(t)
  const { app, store } = await testApp(t, { config })
  t.equal(demoSiteKey(config), null, 'no demo shop before the demo')
  const demo = await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config)
  t.match(demo, { adminEmail: DEMO_ADMIN_EMAIL, agentEmail: DEMO_AGENT_EMAIL, siteKey: /^site_/ })
  const site = await store.findSiteByKey(demo!.siteKey)
  t.same(site?.allowedOrigins, ['http://localhost:3000', 'http://127.0.0.1:3000', ...EXAMPLE_SITE_ORIGINS], 'the demo shop may use the widget, opened by either name of this machine, and so may the example site')
  t.equal(site?.routingPolicy, 'ai-first')
  t.equal(demoSiteKey(config), demo!.siteKey, 'the demo shop knows its site, on this start and the next')
  const articles = await store.listHelpArticles(site!.workspaceId, site!.id)
  t.ok(articles.length >= 10 && articles.length <= 15, `a help center of ${articles.length} articles`)
  t.ok(articles.every((a) => a.title && a.body.length > 100 && a.url?.startsWith('https://')), 'each with a title, a body and a link')
  const admin = await login(app, DEMO_ADMIN_EMAIL, demo!.oneTimePassword)
  t.match(admin.body.agent, { role: 'admin', mustChangePassword: true })
  const agent = await login(app, DEMO_AGENT_EMAIL, demo!.agentOneTimePassword)
  t.match(agent.body.agent, { role: 'agent', mustChangePassword: true, workspaceId: site!.workspaceId })
  t.equal(await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config), null, 'never twice')
  t.equal(await store.countWorkspaces(), 1)
})

t.test('DEMO=false, or MONGO_URI without DEMO=true, sets up no demo', async (t) => {
  const off = testConfig(t, { DEMO: 'false' })
  const { store } = await testApp(t, { config: off })
  t.equal(await setUpDemoIfEmpty(store, createSecretBox(off.serverKey), off), null)
  t.equal(await store.countWorkspaces(), 0)
  const mongo = { MONGO_URI: 'mongodb://127.0.0.1:1/tandem', JWT_SECRET: 'x'.repeat(40), SERVER_KEY: 'a'.repeat(64) }
  t.equal(testConfig(t, mongo).demo, false, 'production on MongoDB: no demo unless asked')
  t.equal(testConfig(t, { ...mongo, DEMO: 'true' }).demo, true)
  t.throws(() => testConfig(t, { DEMO: 'yes' }), { code: 'ERR_CONFIG_INVALID', message: /DEMO must be true or false/ })
})

t.test("the demo's origins: the public URL's, and its twin on this machine", async (t) => {
  t.same(demoOrigins('http://localhost:3000'), ['http://localhost:3000', 'http://127.0.0.1:3000'])
  t.same(demoOrigins('http://127.0.0.1:8080/'), ['http://127.0.0.1:8080', 'http://localhost:8080'])
  t.same(demoOrigins('https://support.acme.example'), ['https://support.acme.example'])
})

t.test('npm run admin creates a workspace with a first admin, and resets a password', async (t) => {
  const env = { ...process.env, DATA_DIR: tempDir(t), LOG_LEVEL: 'silent' }
  const admin = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], { env })

  const created = await admin('create-workspace', '--name', 'Acme', '--email', 'ada@acme.example', '--admin-name', 'Ada')
  t.match(created.stdout, /Workspace "Acme" created/)
  const password = /One-time password: (\S+)/.exec(created.stdout)?.[1]
  t.ok(password, 'prints a one-time password')

  await t.rejects(admin('create-workspace', '--name', 'Again', '--email', 'ADA@acme.example'), { code: 1, stderr: /ERR_AGENT_EMAIL_TAKEN/ })
  await t.rejects(admin('create-workspace', '--name', 'No email'), { code: 2 })
  await t.rejects(admin('delete-everything'), { code: 2, stderr: /Usage/ })

  const reset = await admin('reset-password', '--email', 'ada@acme.example')
  const fresh = /One-time password for ada@acme.example: (\S+)/.exec(reset.stdout)?.[1]
  t.ok(fresh)
  t.not(fresh, password)
  await t.rejects(admin('reset-password', '--email', 'nobody@acme.example'), { code: 1 })
})
