/** @jsxRuntime classic */
/** @jsx h */
// The small Markdown subset agents and the AI write in (bold, italics, inline code, code blocks,
// lists, links), turned into Preact nodes, never into HTML: whatever a person or a model wrote stays
// text. Only http: and https: URLs become links. One pass over the text: each marker looks for its
// closing at most until it once fails, so no input makes the parser quadratic. Shared by the widget
// and the agent app.
import { h, type ComponentChildren, type JSX } from 'preact'

/** An absolute http(s) URL, or null for anything else (javascript:, data:, relative...). */
export function safeUrl(text: string): string | null {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function link(href: string, children: ComponentChildren, key: number): JSX.Element {
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  )
}

const TRAILING_PUNCTUATION = '.,;:!?)]\'"'

/** Plain text with its bare http(s) URLs made links: how a customer's own words are shown. */
export function linkify(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = []
  let from = 0
  let at = 0
  while ((at = nextUrlStart(text, at)) !== -1) {
    let end = at
    while (end < text.length && !/\s/.test(text[end]!)) end++
    while (end > at && TRAILING_PUNCTUATION.includes(text[end - 1]!)) end--
    const href = safeUrl(text.slice(at, end))
    if (href && end > at) {
      if (at > from) out.push(text.slice(from, at))
      out.push(link(href, text.slice(at, end), out.length))
      from = end
    }
    at = Math.max(end, at + 1)
  }
  if (from < text.length) out.push(text.slice(from))
  return out
}

function nextUrlStart(text: string, from: number): number {
  const http = text.indexOf('http', from)
  for (let at = http; at !== -1; at = text.indexOf('http', at + 1)) {
    const startsWord = at === 0 || /[\s(<[]/.test(text[at - 1]!)
    if (startsWord && (text.startsWith('http://', at) || text.startsWith('https://', at))) return at
  }
  return -1
}

/** Inline markers, in the order they are tried at a position. */
const PAIRS = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['*', 'em'],
  ['_', 'em'],
] as const

function inline(text: string, depth = 0): ComponentChildren[] {
  const out: ComponentChildren[] = []
  // A marker whose closing was looked for and not found has none further on either.
  const unclosed = new Set<string>()
  let plain = ''
  const flush = () => {
    if (plain) out.push(...linkify(plain))
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '`' && !unclosed.has('`')) {
      const end = text.indexOf('`', i + 1)
      if (end > i + 1) {
        flush()
        out.push(<code key={out.length}>{text.slice(i + 1, end)}</code>)
        i = end + 1
        continue
      }
      if (end === -1) unclosed.add('`')
    }
    if (ch === '[' && !unclosed.has('[')) {
      const close = text.indexOf('](', i + 1)
      const end = close === -1 ? -1 : text.indexOf(')', close + 2)
      if (close === -1 || end === -1) unclosed.add('[')
      else {
        const href = safeUrl(text.slice(close + 2, end).trim())
        const label = text.slice(i + 1, close)
        if (href && label) {
          flush()
          out.push(link(href, depth < 2 ? inline(label, depth + 1) : label, out.length))
          i = end + 1
          continue
        }
      }
    }
    const pair = depth < 3 ? PAIRS.find(([marker]) => text.startsWith(marker, i) && !unclosed.has(marker)) : undefined
    if (pair) {
      const [marker, tag] = pair
      const end = text.indexOf(marker, i + marker.length)
      // `*` must hug its text: "2 * 3 * 4" stays arithmetic.
      const hugs = end > i + marker.length && text[i + marker.length] !== ' ' && text[end - 1] !== ' '
      if (end === -1) unclosed.add(marker)
      else if (hugs) {
        flush()
        const inner = inline(text.slice(i + marker.length, end), depth + 1)
        out.push(tag === 'strong' ? <strong key={out.length}>{inner}</strong> : <em key={out.length}>{inner}</em>)
        i = end + marker.length
        continue
      }
    }
    plain += ch
    i++
  }
  flush()
  return out
}

const BULLET = /^\s{0,3}[-*+]\s+/
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+/

/** Agent and AI text: paragraphs, lists and code blocks, each line's inline markup rendered. */
export function Markdown({ text }: { text: string }): JSX.Element {
  const lines = text.split('\n')
  const blocks: JSX.Element[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (line.trimStart().startsWith('```')) {
      const code: string[] = []
      i++
      while (i < lines.length && !lines[i]!.trimStart().startsWith('```')) code.push(lines[i++]!)
      i++
      blocks.push(
        <pre key={blocks.length}>
          <code>{code.join('\n')}</code>
        </pre>,
      )
      continue
    }
    const marker = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null
    if (marker) {
      const items: JSX.Element[] = []
      while (i < lines.length && marker.test(lines[i]!)) items.push(<li key={items.length}>{inline(lines[i++]!.replace(marker, ''))}</li>)
      blocks.push(marker === BULLET ? <ul key={blocks.length}>{items}</ul> : <ol key={blocks.length}>{items}</ol>)
      continue
    }
    if (line.trim() === '') {
      i++
      continue
    }
    const paragraph: ComponentChildren[] = []
    while (i < lines.length && lines[i]!.trim() !== '' && !BULLET.test(lines[i]!) && !NUMBERED.test(lines[i]!) && !lines[i]!.trimStart().startsWith('```')) {
      if (paragraph.length > 0) paragraph.push(<br key={`br${i}`} />)
      paragraph.push(...inline(lines[i++]!))
    }
    blocks.push(<p key={blocks.length}>{paragraph}</p>)
  }
  return <div class="md">{blocks}</div>
}
