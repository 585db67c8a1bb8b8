// The Markdown subset agents and the AI write in, as the widget and the agent app render it: elements
// for the markup, text for everything else, links only to http(s), and no input that makes it slow.
import t from 'tap'
import { h } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { linkify, Markdown, safeUrl } from '../../ui/markdown.tsx'

const md = (text: string) => renderToString(h(Markdown, { text }))
const plain = (text: string) => renderToString(h('p', null, linkify(text)))

t.test('bold, italics, inline code, code blocks, lists and links become elements', async (t) => {
  t.equal(md('It ships **today**, *tomorrow* at the latest: `ORDER-1`.'), '<div class="md"><p>It ships <strong>today</strong>, <em>tomorrow</em> at the latest: <code>ORDER-1</code>.</p></div>')
  t.equal(md('- one\n- two'), '<div class="md"><ul><li>one</li><li>two</li></ul></div>')
  t.equal(md('1. first\n2. second'), '<div class="md"><ol><li>first</li><li>second</li></ol></div>')
  t.equal(md('```\nnpm start\n```'), '<div class="md"><pre><code>npm start</code></pre></div>')
  t.equal(md('See [our policy](https://shop.example/returns).'), '<div class="md"><p>See <a href="https://shop.example/returns" target="_blank" rel="noopener noreferrer nofollow">our policy</a>.</p></div>')
  t.equal(md('line one\nline two\n\nnext paragraph'), '<div class="md"><p>line one<br/>line two</p><p>next paragraph</p></div>')
})

t.test('markup and script anyone wrote stay text', async (t) => {
  t.equal(md('<img src=x onerror=alert(1)> **<b>hi</b>**'), '<div class="md"><p>&lt;img src=x onerror=alert(1)> <strong>&lt;b>hi&lt;/b></strong></p></div>')
  t.equal(md('[click](javascript:alert(1))'), '<div class="md"><p>[click](javascript:alert(1))</p></div>', 'a javascript: link is not a link')
  t.equal(md('[x](data:text/html,hi) [y](/relative)'), '<div class="md"><p>[x](data:text/html,hi) [y](/relative)</p></div>')
  t.equal(md('```\n<script>alert(1)</script>\n```'), '<div class="md"><pre><code>&lt;script>alert(1)&lt;/script></code></pre></div>')
})

t.test('asterisks that do not hug a word stay asterisks', async (t) => {
  t.equal(md('2 * 3 * 4'), '<div class="md"><p>2 * 3 * 4</p></div>')
  t.equal(md('**unclosed bold'), '<div class="md"><p>**unclosed bold</p></div>')
})

t.test("a customer's text is plain, with bare http(s) URLs made links and trailing punctuation left out", async (t) => {
  t.equal(plain('My order: https://shop.example/o/12. Thanks'), '<p>My order: <a href="https://shop.example/o/12" target="_blank" rel="noopener noreferrer nofollow">https://shop.example/o/12</a>. Thanks</p>')
  t.equal(plain('**not bold** javascript:alert(1) ftp://x'), '<p>**not bold** javascript:alert(1) ftp://x</p>')
  t.equal(safeUrl('javascript:alert(1)'), null)
  t.equal(safeUrl('HTTPS://Shop.Example/a'), 'https://shop.example/a')
})

t.test('openers that never close are shown as typed, even a message full of them', async (t) => {
  // 4,000 characters (a message's most) of openers after a word (a line of backticks would be a fence).
  for (const unit of ['*', '**', '_', '`', '[', '[a](']) {
    const text = 'x' + unit.repeat(Math.floor(3999 / unit.length))
    t.equal(md(text), `<div class="md"><p>${text}</p></div>`, `${JSON.stringify(unit)} × ${Math.floor(3999 / unit.length)}`)
  }
})
