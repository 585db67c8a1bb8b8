import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadConfig } from '../../server/config.ts'
import { tempDir } from '../helpers/factories.ts'

t.test('the embedded default needs no setting at all', async (t) => {
  const dir = tempDir(t)
  const config = loadConfig({ DATA_DIR: dir })
  t.match(config, { port: 3000, host: '127.0.0.1', dataDir: dir, mongoUri: null, publicUrl: 'http://localhost:3000', logLevel: 'info' })
  t.ok(config.jwtSecret.length >= 32)
  t.equal(config.trustProxy, false, 'X-Forwarded-For is ignored unless asked for')
})

t.test('the embedded JWT secret is made once, kept under DATA_DIR, private, and reused', async (t) => {
  const dir = tempDir(t)
  const first = loadConfig({ DATA_DIR: dir }).jwtSecret
  const file = join(dir, 'jwt-secret')
  t.equal(readFileSync(file, 'utf8').trim(), first)
  t.equal(statSync(file).mode & 0o777, 0o600)
  t.equal(loadConfig({ DATA_DIR: dir }).jwtSecret, first, 'a restart keeps the same secret')
})

t.test('a damaged JWT secret file stops start-up with a clear message', async (t) => {
  const dir = tempDir(t)
  writeFileSync(join(dir, 'jwt-secret'), 'short')
  t.throws(() => loadConfig({ DATA_DIR: dir }), { code: 'ERR_CONFIG_INVALID', message: /jwt-secret/ })
})

t.test('JWT_SECRET and SERVER_KEY are required with MONGO_URI, and checked', async (t) => {
  const mongo = { MONGO_URI: 'mongodb://127.0.0.1:27017/tandem' }
  t.throws(() => loadConfig(mongo), { code: 'ERR_CONFIG_INVALID', message: /JWT_SECRET is required with MONGO_URI/ })
  t.throws(() => loadConfig(mongo), { message: /SERVER_KEY is required with MONGO_URI/ })
  t.throws(() => loadConfig({ JWT_SECRET: 'too-short' }), { message: /JWT_SECRET must be at least 32/ })
  t.throws(() => loadConfig({ SERVER_KEY: 'abcd' }), { message: /SERVER_KEY must be 32 bytes/ })
  const hexKey = 'ab'.repeat(32)
  const config = loadConfig({ ...mongo, JWT_SECRET: 'x'.repeat(32), SERVER_KEY: hexKey })
  t.match(config, { mongoUri: mongo.MONGO_URI, jwtSecret: 'x'.repeat(32) })
  t.equal(config.serverKey.toString('hex'), hexKey)
  const base64Key = Buffer.alloc(32, 7).toString('base64')
  t.same(loadConfig({ ...mongo, JWT_SECRET: 'x'.repeat(32), SERVER_KEY: base64Key }).serverKey, Buffer.alloc(32, 7))
})

t.test('the embedded server key is made once, private, and reused', async (t) => {
  const dir = tempDir(t)
  const first = loadConfig({ DATA_DIR: dir }).serverKey
  t.equal(first.length, 32)
  t.equal(statSync(join(dir, 'server-key')).mode & 0o777, 0o600)
  t.same(loadConfig({ DATA_DIR: dir }).serverKey, first)
})

t.test('every bad variable is named in one message', async (t) => {
  const error = t.throws(() =>
    loadConfig({
      DATA_DIR: tempDir(t),
      PORT: 'eighty',
      HOST: 'bad host!',
      MONGO_URI: 'postgres://x',
      PUBLIC_URL: 'ftp://x',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'maybe',
      OFFLINE_GRACE_SECONDS: '-1',
      ABANDON_AFTER_MINUTES: '99999999',
    }),
  ) as Error
  for (const name of ['PORT', 'HOST', 'MONGO_URI', 'PUBLIC_URL', 'LOG_LEVEL', 'TRUST_PROXY', 'OFFLINE_GRACE_SECONDS', 'ABANDON_AFTER_MINUTES']) {
    t.match(error.message, name)
  }
})

t.test('ports, URLs and levels are read as given', async (t) => {
  const config = loadConfig({ DATA_DIR: tempDir(t), PORT: '8080', HOST: '0.0.0.0', PUBLIC_URL: 'https://chat.example.com/', LOG_LEVEL: 'WARN', TRUST_PROXY: 'true' })
  t.match(config, { trustProxy: true, port: 8080, host: '0.0.0.0', publicUrl: 'https://chat.example.com', logLevel: 'warn' })
  t.throws(() => loadConfig({ DATA_DIR: tempDir(t), PORT: '70000' }), { message: /PORT/ })
  t.equal(loadConfig({ DATA_DIR: tempDir(t), PORT: '4000' }).publicUrl, 'http://localhost:4000')
})

t.test('TRUST_PROXY trusts nothing, every hop, a number of hops or the listed proxies, and names itself otherwise', async (t) => {
  const trust = (value: string) => loadConfig({ DATA_DIR: tempDir(t), TRUST_PROXY: value }).trustProxy
  t.equal(trust('false'), false)
  t.equal(trust('TRUE'), true)
  t.equal(trust('1'), 1, 'one proxy in front: the hop it saw is the client')
  t.same(trust('10.0.0.1, 10.1.0.0/16,::1,fd00::/8,loopback'), ['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback'])
  for (const bad of ['0', '101', 'yes', '10.0.0.1,', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', 'proxy.example']) {
    t.throws(() => trust(bad), { message: /TRUST_PROXY .*hop count/ }, `"${bad}" is refused`)
  }
})

t.test('Gemini is off without a key; with one, the model has a current default and the endpoint may be changed', async (t) => {
  t.equal(loadConfig({ DATA_DIR: tempDir(t) }).gemini, null)
  t.same(loadConfig({ DATA_DIR: tempDir(t), GEMINI_API_KEY: 'key' }).gemini, { apiKey: 'key', model: 'gemini-2.5-flash', baseUrl: null })
  t.same(loadConfig({ DATA_DIR: tempDir(t), GEMINI_API_KEY: 'key', GEMINI_MODEL: 'gemini-2.5-pro', GEMINI_BASE_URL: 'http://127.0.0.1:9/' }).gemini, {
    apiKey: 'key',
    model: 'gemini-2.5-pro',
    baseUrl: 'http://127.0.0.1:9',
  })
  t.match(loadConfig({ DATA_DIR: tempDir(t) }), { aiAnswersPerVisitorPerHour: 30, aiAnswersPerSitePerDay: 5000 })
  const error = t.throws(() =>
    loadConfig({ DATA_DIR: tempDir(t), GEMINI_MODEL: 'models/../x', GEMINI_BASE_URL: 'gemini', AI_ANSWERS_PER_VISITOR_PER_HOUR: 'many', AI_ANSWERS_PER_SITE_PER_DAY: '-5' }),
  ) as Error
  for (const name of ['GEMINI_MODEL', 'GEMINI_BASE_URL', 'AI_ANSWERS_PER_VISITOR_PER_HOUR', 'AI_ANSWERS_PER_SITE_PER_DAY']) t.match(error.message, name)
})

t.test('routing timings default to a minute of grace and an hour before abandonment, and can be changed', async (t) => {
  t.match(loadConfig({ DATA_DIR: tempDir(t) }), { offlineGraceMs: 60_000, abandonAfterMs: 3_600_000 })
  t.match(loadConfig({ DATA_DIR: tempDir(t), OFFLINE_GRACE_SECONDS: '5', ABANDON_AFTER_MINUTES: '0' }), { offlineGraceMs: 5000, abandonAfterMs: 0 })
  t.throws(() => loadConfig({ DATA_DIR: tempDir(t), OFFLINE_GRACE_SECONDS: '3601' }), { message: /OFFLINE_GRACE_SECONDS/ })
  t.throws(() => loadConfig({ DATA_DIR: tempDir(t), ABANDON_AFTER_MINUTES: '1.5' }), { message: /ABANDON_AFTER_MINUTES/ })
})

t.test('new visitors per address per minute: 300 unless set, a positive whole number', async (t) => {
  t.equal(loadConfig({ DATA_DIR: tempDir(t) }).visitorsPerAddressPerMinute, 300)
  t.equal(loadConfig({ DATA_DIR: tempDir(t), VISITORS_PER_ADDRESS_PER_MINUTE: '5' }).visitorsPerAddressPerMinute, 5)
  for (const bad of ['0', '-1', '2.5', 'many', '1000001']) {
    t.throws(() => loadConfig({ DATA_DIR: tempDir(t), VISITORS_PER_ADDRESS_PER_MINUTE: bad }), {
      code: 'ERR_CONFIG_INVALID',
      message: `VISITORS_PER_ADDRESS_PER_MINUTE must be a whole number from 1 to 1000000, got "${bad}".`,
    }, bad)
  }
})

t.test('SQLite commits survive a crash of the process unless SQLITE_SYNCHRONOUS=FULL asks for a power cut too', async (t) => {
  t.equal(loadConfig({ DATA_DIR: tempDir(t) }).sqliteSynchronous, 'NORMAL')
  t.equal(loadConfig({ DATA_DIR: tempDir(t), SQLITE_SYNCHRONOUS: 'full' }).sqliteSynchronous, 'FULL')
  t.throws(() => loadConfig({ DATA_DIR: tempDir(t), SQLITE_SYNCHRONOUS: 'OFF' }), {
    code: 'ERR_CONFIG_INVALID',
    message: 'SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "OFF".',
  })
})

t.test("an agent's access token lives five minutes unless told otherwise, within 1 s and an hour", async (t) => {
  t.match(loadConfig({ DATA_DIR: tempDir(t) }), { accessTokenTtlSeconds: 300 })
  t.match(loadConfig({ DATA_DIR: tempDir(t), ACCESS_TOKEN_TTL_SECONDS: '60' }), { accessTokenTtlSeconds: 60 })
  for (const bad of ['0', '3601', '-5', 'ten']) {
    t.throws(() => loadConfig({ DATA_DIR: tempDir(t), ACCESS_TOKEN_TTL_SECONDS: bad }), { message: /ACCESS_TOKEN_TTL_SECONDS/ }, bad)
  }
})
