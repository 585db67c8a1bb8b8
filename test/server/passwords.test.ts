// Agents' passwords are hashed for real: argon2id with production-grade cost, whatever the tests use
// for their own agents (test/helpers/factories.ts makes a light hash to sign in quickly).
import t from 'tap'
import { checkPasswordPolicy, hashPassword, newOneTimePassword, verifyPassword } from '../../server/auth/passwords.ts'

t.test('a password is stored as an argon2id hash with 64 MiB of memory and three passes', async (t) => {
  const hash = await hashPassword('correct horse battery staple')
  t.match(hash, /^\$argon2id\$v=19\$m=65536,p=4,t=3\$/, 'the parameters are in the hash')
  t.not(hash.includes('correct horse'), true, 'the password itself is not in it')
  t.equal(await verifyPassword(hash, 'correct horse battery staple'), true, 'the right password matches')
  t.equal(await verifyPassword(hash, 'correct horse battery stapler'), false, 'another does not')
  t.equal(await verifyPassword('not a hash', 'anything'), false, 'a malformed stored hash is a failed check, not a crash')
})

t.test('one-time passwords are four groups of five readable characters, never the same twice', async (t) => {
  const passwords = new Set(Array.from({ length: 50 }, () => newOneTimePassword()))
  t.equal(passwords.size, 50)
  for (const password of passwords) t.match(password, /^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/)
})

t.test('the policy refuses short, overlong and email passwords with ERR_AUTH_PASSWORD_WEAK', async (t) => {
  t.throws(() => checkPasswordPolicy('short', 'ann@example.com'), { code: 'ERR_AUTH_PASSWORD_WEAK' })
  t.throws(() => checkPasswordPolicy('x'.repeat(10_000), 'ann@example.com'), { code: 'ERR_AUTH_PASSWORD_WEAK' })
  t.throws(() => checkPasswordPolicy(' Ann@Example.com ', 'ann@example.com'), { code: 'ERR_AUTH_PASSWORD_WEAK' })
  t.doesNotThrow(() => checkPasswordPolicy('correct horse battery staple', 'ann@example.com'))
})
