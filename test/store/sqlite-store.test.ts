import t from 'tap'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newConversationFacts } from '../../server/store/defaults.ts'
import { createSqliteStore } from '../../server/store/sqlite/sqlite-store.ts'
import { storeContract, type RawTable, type StoreHarness } from './contract.ts'
import { conversationFactsContract } from './contract-facts.ts'

const TABLES: Record<RawTable, string> = {
  workspaces: 'workspaces',
  sites: 'sites',
  agents: 'agents',
  visitors: 'visitors',
  conversations: 'conversations',
  messages: 'messages',
  helpArticles: 'help_articles',
  cannedReplies: 'canned_replies',
  agentSessions: 'agent_sessions',
  refreshTokens: 'refresh_tokens',
  refusedOrigins: 'refused_origins',
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** Each fact's column: its name in snake case, but `recorded`. */
const FACT_COLUMNS = Object.keys(newConversationFacts()).map((fact): [fact: string, column: string] => [
  fact,
  fact === 'recorded' ? 'facts_recorded' : fact.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()),
])

async function open(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-'))
  const file = join(dir, 'tandem.db')
  const handles = [new Database(file)]
  const raw = new Database(file, { readonly: false })
  handles.push(raw)
  return {
    store: createSqliteStore(handles[0]!),
    raw: {
      async get(table, id) {
        const key = table === 'refreshTokens' ? 'token_hash' : 'id'
        const row = raw.prepare(`SELECT * FROM ${TABLES[table]} WHERE ${key} = ?`).get(id) as Record<string, unknown> | undefined
        return row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])) : null
      },
      async count(table, workspaceId) {
        return (raw.prepare(`SELECT count(*) AS n FROM ${TABLES[table]} WHERE workspace_id = ?`).get(workspaceId) as { n: number }).n
      },
      async seqs(conversationId) {
        return (raw.prepare('SELECT seq FROM messages WHERE conversation_id = ? ORDER BY seq').all(conversationId) as { seq: number }[]).map(
          (r) => r.seq,
        )
      },
      async facts(conversationId) {
        const row = raw.prepare('SELECT * FROM conversations WHERE id = ?').get(conversationId) as Record<string, unknown> | undefined
        if (!row) return null
        return Object.fromEntries(FACT_COLUMNS.map(([fact, column]) => [fact, fact === 'recorded' ? row[column] === 1 : row[column]]))
      },
    },
    async eraseFacts(conversationId) {
      const nulls = FACT_COLUMNS.filter(([fact]) => fact !== 'recorded').map(([, column]) => `${column} = NULL`)
      raw.prepare(`UPDATE conversations SET facts_recorded = 0, ${nulls.join(', ')} WHERE id = ?`).run(conversationId)
    },
    async openPeer() {
      const handle = new Database(file)
      handles.push(handle)
      return createSqliteStore(handle)
    },
    async close() {
      for (const handle of handles) handle.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

storeContract(open)
conversationFactsContract(open)

// SQLite reads a report's conversations in pages (5,000 rows), letting other work run between them:
// across pages, each conversation comes once, in time order, ties on one instant by id, up to the limit.
t.test("a report's range longer than a page is read whole, in order, and stops at the limit", async (t) => {
  const h = await open()
  t.teardown(() => h.close())
  const workspace = await h.store.createWorkspace({ name: 'Busy' })
  const site = await h.store.createSite(workspace.id, { name: 'Shop', key: 'key_busy', secretEncrypted: 'enc' })
  const visitor = await h.store.createVisitor(workspace.id, { siteId: site.id, tokenHash: 'hash_busy' })
  const start = Date.UTC(2026, 0, 1)
  // 12,001 conversations, three to an instant, so pages end in the middle of a tie.
  const ids: string[] = []
  for (let i = 0; i < 12_001; i++) ids.push((await h.store.createConversation(workspace.id, { siteId: site.id, visitorId: visitor.id, createdAt: new Date(start + Math.floor(i / 3) * 1000) })).id)
  const expected = ids.map((id, i) => [Math.floor(i / 3), id] as const).sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).map(([, id]) => id)
  const range = { from: new Date(start), to: new Date(start + 86_400_000) }
  const all = await h.store.listConversationsCreated(workspace.id, { ...range, limit: 20_000 })
  t.same(all.map((c) => c.id), expected, 'every one once, by time then id')
  const some = await h.store.listConversationsCreated(workspace.id, { ...range, siteId: site.id, limit: 7_001 })
  t.same(some.map((c) => c.id), expected.slice(0, 7_001), 'the limit, across a page')
})
