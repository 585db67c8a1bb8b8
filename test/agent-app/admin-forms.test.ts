// The pure parts of the admin pages: allowed origins as typed, business hours between the form's week
// and the API's list, and the snippets a site owner copies.
import t from 'tap'
import { createHmac } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { ORIGINS_MAX } from '../../protocol/limits.ts'
import { parseOrigins } from '../../agent-app/admin/origins.ts'
import { hoursOf, officeWeek, runsPastMidnight, weekOf } from '../../agent-app/admin/week-hours.ts'
import { nodeIdentitySnippet, phpIdentityLine, pythonIdentityLine, scriptTag } from '../../agent-app/admin/snippets.ts'

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
  t.same(week[1], [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '17:00' }], 'a day’s intervals in order')
  t.same(hoursOf(week, 'Europe/Paris').hours, [
    { day: 1, open: '09:00', close: '12:00' },
    { day: 1, open: '13:00', close: '17:00' },
    { day: 0, open: '22:00', close: '02:00' },
  ])
  t.ok(runsPastMidnight({ open: '22:00', close: '02:00' }))
  t.notOk(runsPastMidnight({ open: '09:00', close: '17:00' }))
  t.same(hoursOf(officeWeek(), 'UTC').hours.map((interval) => interval.day), [1, 2, 3, 4, 5])
  t.same(weekOf(null)[3], [])
})

t.test('the snippets: the script tag names the server and the site; every language signs the same hash', async (t) => {
  t.equal(scriptTag('https://chat.example.com', 'site_abc'), '<script src="https://chat.example.com/widget.js" data-site="site_abc" async></script>')
  t.notMatch(nodeIdentitySnippet(), /site_|secret_/, 'no secret in the snippet: it comes from the environment')
  const secret = 's3cret-value'
  const expected = createHmac('sha256', secret).update('42').digest('hex')
  // The Python line, run by Python if this machine has it (CI does): the same hash as Node's.
  let python: string | null = null
  try {
    python = execFileSync('python3', ['-c', `import hmac, hashlib, os\nclass U: id = 42\nuser = U()\n${pythonIdentityLine}\nprint(hash)`], { env: { ...process.env, TANDEM_SITE_SECRET: secret } }).toString().trim()
  } catch {
    python = null
  }
  if (python !== null) t.equal(python, expected, 'Python signs as Node does')
  t.match(phpIdentityLine, /hash_hmac\('sha256', \(string\) \$user->id, getenv\('TANDEM_SITE_SECRET'\)\)/)
})
