// Canned replies offered while typing `/shortcut`, and the customer's browser named from its user agent.
import t from 'tap'
import type { CannedReply } from '../../protocol/rest/content.ts'
import { browserOf } from '../../agent-app/browser-name.ts'
import { CANNED_SHOWN_MAX, cannedMatches } from '../../agent-app/canned.ts'

const reply = (shortcut: string): CannedReply => ({ id: shortcut.padEnd(32, '0'), shortcut, text: `Text of ${shortcut}`, createdAt: '', updatedAt: '' })
const replies = ['thanks', 'thanks-later', 'refund', 'returns'].map(reply)

t.test('a slash and the start of a shortcut offer the replies it begins', async (t) => {
  t.same(cannedMatches('/', replies)?.map((r) => r.shortcut), ['thanks', 'thanks-later', 'refund', 'returns'], 'a bare slash offers them all')
  t.same(cannedMatches('/re', replies)?.map((r) => r.shortcut), ['refund', 'returns'])
  t.same(cannedMatches('/RET', replies)?.map((r) => r.shortcut), ['returns'], 'in any case')
  t.same(cannedMatches('/zzz', replies), [], 'none begins so: an empty offer')
})

t.test('anything but a slash and a shortcut being typed offers nothing', async (t) => {
  t.equal(cannedMatches('thanks', replies), null, 'no slash')
  t.equal(cannedMatches('/thanks ', replies), null, 'the shortcut is over once a space is typed')
  t.equal(cannedMatches('see /thanks', replies), null, 'a slash later in the text')
})

t.test('the offer is short enough to read', async (t) => {
  const many = Array.from({ length: 30 }, (_, i) => reply(`r${i}`))
  t.equal(cannedMatches('/r', many)?.length, CANNED_SHOWN_MAX)
})

t.test('a browser is named with its version and system', async (t) => {
  t.equal(browserOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'), 'Chrome 131 on Linux')
  t.equal(browserOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'), 'Safari 17 on macOS')
  t.equal(browserOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'Firefox 128 on Windows')
  t.equal(browserOf('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0'), 'Edge 131 on Windows', 'Edge says Chrome too')
  t.equal(browserOf('curl/8.5.0'), 'curl/8.5.0', 'unknown: as it came')
})
