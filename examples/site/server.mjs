// An example site on its own port, as a site owner runs one: it serves a page with Tandem's tag and
// signs the signed-in user's id for Tandem's identity verification (GET /tandem-identity). Sign-in
// here is a cookie saying "Jane" (a real site has its own); the secret never leaves this server.
//
//   TANDEM_SITE_KEY=site_... TANDEM_SITE_SECRET=... npm run example
//
// Settings: TANDEM_URL (default http://localhost:3000), PORT (default 8080).
import Fastify from 'fastify'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'

const settings = {
  tandemUrl: (process.env.TANDEM_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
  siteKey: process.env.TANDEM_SITE_KEY ?? '',
  secret: process.env.TANDEM_SITE_SECRET ?? '',
  port: Number(process.env.PORT ?? 8080),
}
if (!/^site_[A-Za-z0-9_-]+$/.test(settings.siteKey) || settings.secret.length < 16) {
  process.stderr.write(
    'Set TANDEM_SITE_KEY and TANDEM_SITE_SECRET: the site key and its secret, from Admin → Sites → your site → Install.\n' +
      `And allow this page's address there (Settings → Allowed addresses): http://localhost:${settings.port}\n`,
  )
  process.exit(2)
}

const file = (name) => readFileSync(new URL(name, import.meta.url), 'utf8')
const page = file('./index.html').replace('{{TANDEM_URL}}', settings.tandemUrl).replace('{{SITE_KEY}}', settings.siteKey)
// The one user of this example site; a real site reads its own session.
const JANE = { id: 'jane-42', name: 'Jane Doe', email: 'jane@example.com' }

const app = Fastify()
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page))
app.get('/site.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(file('./site.js')))
app.get('/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(file('./site.css')))
app.post('/sign-in', async (_request, reply) => reply.header('set-cookie', 'example_user=jane; Path=/; HttpOnly; SameSite=Lax').send({ ok: true }))
app.post('/sign-out', async (_request, reply) => reply.header('set-cookie', 'example_user=; Path=/; Max-Age=0').send({ ok: true }))

// Identity verification: sign the id of the user who is signed in, with the site's secret.
app.get('/tandem-identity', async (request, reply) => {
  const signedIn = /(?:^|;\s*)example_user=jane(?:;|$)/.test(request.headers.cookie ?? '')
  if (!signedIn) return reply.code(401).send({ error: 'not signed in' })
  const userId = JANE.id
  const hash = createHmac('sha256', settings.secret).update(userId).digest('hex')
  return { userId, hash, name: JANE.name, email: JANE.email }
})

await app.listen({ port: settings.port, host: '127.0.0.1' })
process.stdout.write(`Example site at http://localhost:${settings.port}/ (Tandem at ${settings.tandemUrl}, site ${settings.siteKey})\n`)
