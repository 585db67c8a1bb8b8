import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { createSecretBox } from '../../server/secrets.ts'
import { DEMO_ADMIN_EMAIL, setUpDemoIfEmpty } from '../../server/setup/demo.ts'
import { login, tempDir, testApp, testConfig } from '../helpers/factories.ts'

const run = promisify(execFile)

t.test('the first start sets up a demo workspace whose admin signs in with a one-time password', async (t) => {
  const { app, store } = await testApp(t)
  const config = testConfig(t)
  const demo = await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config)
  t.match(demo, { adminEmail: DEMO_ADMIN_EMAIL, siteKey: /^site_/ })
  const site = await store.findSiteByKey(demo!.siteKey)
  t.same(site?.allowedOrigins, ['http://localhost:3000'], 'the local demo page may use the widget')
  t.equal(site?.routingPolicy, 'ai-first')
  const articles = await store.listHelpArticles(site!.workspaceId, site!.id)
  t.ok(articles.length >= 10 && articles.length <= 15, `a help center of ${articles.length} articles`)
  t.ok(articles.every((a) => a.title && a.body.length > 100 && a.url?.startsWith('https://')), 'each with a title, a body and a link')
  const signedIn = await login(app, DEMO_ADMIN_EMAIL, demo!.oneTimePassword)
  t.equal(signedIn.body.agent.mustChangePassword, true)
  t.equal(await setUpDemoIfEmpty(store, createSecretBox(config.serverKey), config), null, 'never twice')
  t.equal(await store.countWorkspaces(), 1)
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
