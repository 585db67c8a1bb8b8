// What the REST benchmark's servers tell its orchestrator and load client: where to send each read
// and with which headers. Tandem's server also records its history reply, so the baseline can
// answer with a body of the same size and shape.
export interface RestTarget {
  url: string
  headers: Record<string, string>
}

export interface RestFixture {
  kind: 'tandem' | 'baseline'
  targets: Record<string, RestTarget>
  /** Bytes of the JSON body each target answers with. */
  replyBytes: number
}

/** Tandem's history reply, written for the baseline: `{ body, messages }`. */
export interface RecordedReply {
  body: string
  messages: number
}
