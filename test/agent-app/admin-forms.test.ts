// The pure parts of the admin pages: allowed origins as typed, business hours between the form's week
// and the API's list, and the snippets a site owner copies.
import t from 'tap'
import { createHmac } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { ORIGINS_MAX } from '../../protocol/limits.ts'
import { parseOrigins } from '../../agent-app/admin/origins.ts'
import { hoursOf, officeWeek, runsPastMidnight, sortedHours, weekOf } from '../../agent-app/admin/week-hours.ts'
import { nodeIdentityRoute, pageIdentityCall, phpIdentityLine, pythonIdentityLine, scriptTag } from '../../agent-app/admin/snippets.ts'

t.test('origins are normalised as browsers send them, and each line that is not one says why', async (t) => {
  const { origins, problems } = parseOrigins('https://Shop.Example\nhttps://shop.example:443/\nhttp://localhost:8080, https://shop.example/help\nftp://files.example\nshop.example\nhttps://ann:pw@shop.example')
  t.same(origins, ['https://shop.example', 'http://localhost:8080'], 'lower case, default port dropped, duplicates once')
  t.same(
    problems.map((p) => [p.line, p.reason]),
    [
      ['https://shop.example/help', 'is a page, not an origin: use https://shop.example'],
      ['ftp://files.example', 'must start with https:// (or http:// for a test server)'],
      ['shop.example', 'is not an address: write it as https://shop.example'],
      ['https://ann:pw@shop.example', 'must not hold a user name or password'],
    ],
  )
  t.same(parseOrigins('  \n ').origins, [])
  const many = Array.from({ length: ORIGINS_MAX + 2 }, (_, i) => `https://s${i}.example`).join('\n')
  t.match(parseOrigins(many).problems, [{ reason: /at most 20 origins/ }])
})

t.test('business hours go from the API to the form and back unchanged, Monday first', async (t) => {
  const hours = { timeZone: 'Europe/Paris', hours: [{ day: 1, open: '13:00', close: '17:00' }, { day: 1, open: '09:00', close: '12:00' }, { day: 0, open: '22:00', close: '02:00' }] }
  const week = weekOf(hours)
  t.same(week[1], [{ open: '13:00', close: '17:00' }, { open: '09:00', close: '12:00' }], 'a day’s intervals as kept, so one being edited stays put')
  t.same(hoursOf(week, 'Europe/Paris'), { ...hours, hours: [hours.hours[0], hours.hours[1], hours.hours[2]] }, 'and back unchanged')
  t.same(sortedHours(hours).hours, [
    { day: 1, open: '09:00', close: '12:00' },
    { day: 1, open: '13:00', close: '17:00' },
    { day: 0, open: '22:00', close: '02:00' },
  ])
  t.ok(runsPastMidnight({ open: '22:00', close: '02:00' }))
  t.notOk(runsPastMidnight({ open: '09:00', close: '17:00' }))
  t.same(hoursOf(officeWeek(), 'UTC').hours.map((interval) => interval.day), [1, 2, 3, 4, 5])
  t.same(weekOf(null)[3], [])
})

/** Runs code in a fresh Node process, as a module; what it prints comes back. */
function runNode(code: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, ...env } }).toString().trim()
}

t.test('the snippets: the script tag names the server and the site; every language signs the same hash', async (t) => {
  t.equal(scriptTag('https://chat.example.com', 'site_abc'), '<script src="https://chat.example.com/widget.js" data-site="site_abc" async></script>')
  const secret = 's3cret-value'
  const expected = createHmac('sha256', secret).update('42').digest('hex')

  // The Node route, as copied, on a stand-in for Express: a signed-in user gets the hash; nobody gets a 401.
  const express = `const routes = {}; const app = { get: (path, handler) => (routes[path] = handler) };`
  const call = (user: string) =>
    `let sent; const res = { status(code) { sent = { code }; return this }, json(body) { sent = { ...sent, body } } }; routes['/tandem-identity']({ user: ${user} }, res); console.log(JSON.stringify(sent))`
  const route = nodeIdentityRoute().replace(/^import .*$/m, '')
  const signed = JSON.parse(runNode(`import { createHmac } from 'node:crypto'; ${express}\n${route}\n${call("{ id: 42, name: 'Ann', email: 'ann@shop.example' }")}`, { TANDEM_SITE_SECRET: secret }))
  t.same(signed, { body: { userId: '42', hash: expected, name: 'Ann', email: 'ann@shop.example' } })
  const anonymous = JSON.parse(runNode(`import { createHmac } from 'node:crypto'; ${express}\n${route}\n${call('undefined')}`, { TANDEM_SITE_SECRET: secret }))
  t.equal(anonymous.code, 401)
  t.notMatch(nodeIdentityRoute(), /site_|s3cret/, 'no secret in the snippet: it comes from the environment')

  // The page's call, before and after the tag loaded: queued on an array, or straight to Tandem.
  const page = (tandem: string) =>
    `globalThis.window = globalThis; window.Tandem = ${tandem}; globalThis.fetch = async () => ({ ok: true, json: async () => ({ userId: '42', hash: 'h' }) });\n${pageIdentityCall()}\nconsole.log(JSON.stringify(Array.isArray(window.Tandem) ? window.Tandem : window.Tandem.calls))`
  t.same(JSON.parse(runNode(page('undefined'))), [['identify', [{ userId: '42', hash: 'h' }]]], 'before the tag: queued')
  t.same(JSON.parse(runNode(page('{ calls: [], identify(i) { this.calls.push(i) } }'))), [{ userId: '42', hash: 'h' }], 'after it: called')

  // The Python line, run by Python: the same hash as Node's. CI installs python3; elsewhere it may be missing.
  let python: string | null = null
  try {
    python = execFileSync('python3', ['-c', `import hmac, hashlib, os\nclass U: id = 42\nuser = U()\n${pythonIdentityLine}\nprint(hash)`], { env: { ...process.env, TANDEM_SITE_SECRET: secret } }).toString().trim()
  } catch (error) {
    if (process.env.CI) throw error
  }
  if (python !== null) t.equal(python, expected, 'Python signs as Node does')
  t.match(phpIdentityLine, /hash_hmac\('sha256', \(string\) \$user->id, getenv\('TANDEM_SITE_SECRET'\)\)/)
})
