// The help articles an AI answer or suggestion came from, as links when their address is http(s).
import { h, type JSX } from 'preact'
import type { Static } from 'typebox'
import type { CitationView } from '../protocol/rest/conversations.ts'
import { safeUrl } from '../ui/markdown.tsx'

export function Sources({ citations }: { citations: Static<typeof CitationView>[] }): JSX.Element {
  return (
    <span>
      {citations.map((citation, i) => {
        const href = citation.url === null ? null : safeUrl(citation.url)
        return (
          <span key={i}>
            {i > 0 && ', '}
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {citation.title}
              </a>
            ) : (
              citation.title
            )}
          </span>
        )
      })}
    </span>
  )
}
