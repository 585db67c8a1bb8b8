// The collections the MongoDB adapter keeps, and the handles every group of methods shares.
import type { Collection, Db } from 'mongodb'
import { KeyedLock } from '../keyed-lock.ts'
import type {
  AgentDoc,
  AgentSessionDoc,
  ArticleEmbeddingDoc,
  CannedReplyDoc,
  ConversationDoc,
  HelpArticleDoc,
  MessageDoc,
  ReadPositionDoc,
  RefreshTokenDoc,
  RefreshTokenSpendDoc,
  RefusedOriginDoc,
  VisitorTokenDoc,
  SiteDoc,
  TransitionDoc,
  VisitorDoc,
  WorkspaceDoc,
} from './mongo-documents.ts'

export const COLLECTION_NAMES = {
  workspaces: 'workspaces',
  sites: 'sites',
  agents: 'agents',
  visitors: 'visitors',
  visitorTokens: 'visitor_tokens',
  conversations: 'conversations',
  transitions: 'conversation_transitions',
  messages: 'messages',
  helpArticles: 'help_articles',
  articleEmbeddings: 'article_embeddings',
  cannedReplies: 'canned_replies',
  agentSessions: 'agent_sessions',
  refreshTokens: 'refresh_tokens',
  refreshTokenSpends: 'refresh_token_spends',
  readPositions: 'read_positions',
  refusedOrigins: 'refused_origins',
} as const

export interface MongoContext {
  db: Db
  /**
   * Serializes writes to one document within this process. FerretDB applies an update as
   * read-then-write, so two in flight on one document can lose one; on MongoDB it only costs a little
   * parallelism. Across processes, what must happen once is an insert under a unique index instead.
   */
  lock: KeyedLock
  workspaces: Collection<WorkspaceDoc>
  sites: Collection<SiteDoc>
  agents: Collection<AgentDoc>
  visitors: Collection<VisitorDoc>
  visitorTokens: Collection<VisitorTokenDoc>
  conversations: Collection<ConversationDoc>
  transitions: Collection<TransitionDoc>
  messages: Collection<MessageDoc>
  helpArticles: Collection<HelpArticleDoc>
  articleEmbeddings: Collection<ArticleEmbeddingDoc>
  cannedReplies: Collection<CannedReplyDoc>
  agentSessions: Collection<AgentSessionDoc>
  refreshTokens: Collection<RefreshTokenDoc>
  refreshTokenSpends: Collection<RefreshTokenSpendDoc>
  readPositions: Collection<ReadPositionDoc>
  refusedOrigins: Collection<RefusedOriginDoc>
}

export function openContext(db: Db): MongoContext {
  return {
    db,
    lock: new KeyedLock(),
    workspaces: db.collection<WorkspaceDoc>(COLLECTION_NAMES.workspaces),
    sites: db.collection<SiteDoc>(COLLECTION_NAMES.sites),
    agents: db.collection<AgentDoc>(COLLECTION_NAMES.agents),
    visitors: db.collection<VisitorDoc>(COLLECTION_NAMES.visitors),
    visitorTokens: db.collection<VisitorTokenDoc>(COLLECTION_NAMES.visitorTokens),
    conversations: db.collection<ConversationDoc>(COLLECTION_NAMES.conversations),
    transitions: db.collection<TransitionDoc>(COLLECTION_NAMES.transitions),
    messages: db.collection<MessageDoc>(COLLECTION_NAMES.messages),
    helpArticles: db.collection<HelpArticleDoc>(COLLECTION_NAMES.helpArticles),
    articleEmbeddings: db.collection<ArticleEmbeddingDoc>(COLLECTION_NAMES.articleEmbeddings),
    cannedReplies: db.collection<CannedReplyDoc>(COLLECTION_NAMES.cannedReplies),
    agentSessions: db.collection<AgentSessionDoc>(COLLECTION_NAMES.agentSessions),
    refreshTokens: db.collection<RefreshTokenDoc>(COLLECTION_NAMES.refreshTokens),
    refreshTokenSpends: db.collection<RefreshTokenSpendDoc>(COLLECTION_NAMES.refreshTokenSpends),
    readPositions: db.collection<ReadPositionDoc>(COLLECTION_NAMES.readPositions),
    refusedOrigins: db.collection<RefusedOriginDoc>(COLLECTION_NAMES.refusedOrigins),
  }
}

/** The lock key of one document: every in-process write to it runs under this key. */
export function documentKey(collectionName: string, id: string): string {
  return `${collectionName}:${id}`
}

export function conversationKey(conversationId: string): string {
  return documentKey(COLLECTION_NAMES.conversations, conversationId)
}
