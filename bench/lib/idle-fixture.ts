// What an idle-socket server (Tandem's idle-server.ts or idle-baseline.ts) tells the idle client:
// where it listens and the visitors that may say hello.
export interface IdleFixture {
  kind: 'tandem' | 'baseline'
  port: number
  siteKey: string
  origin: string
  visitorTokens: string[]
}
