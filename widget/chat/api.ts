// The widget's REST calls (the visitor side of the API), typed from protocol/. Failures carry the
// server's error code, or ERR_NETWORK when the server could not be reached.
import type { ConversationPage, ConversationView, HistoryReply, RatingBody } from '../../protocol/rest/conversations.ts'
import type { WidgetConfigView } from '../../protocol/rest/sites.ts'
import type { CreateVisitorReply, IdentifyBody } from '../../protocol/rest/visitors.ts'
import type { Static } from 'typebox'
import type { TandemAttributes } from '../api.d.ts'

import { ApiError } from '../../ui/api-error.ts'

export { ApiError }

export interface Api {
  widgetConfig(): Promise<WidgetConfigView>
  createVisitor(): Promise<Static<typeof CreateVisitorReply>>
  conversations(token: string): Promise<ConversationPage>
  history(token: string, conversationId: string, before?: number): Promise<Static<typeof HistoryReply>>
  conversation(token: string, conversationId: string): Promise<ConversationView>
  rate(token: string, conversationId: string, body: RatingBody): Promise<ConversationView>
  identify(token: string, body: IdentifyBody): Promise<unknown>
  setAttributes(token: string, attributes: TandemAttributes): Promise<unknown>
  preChat(token: string, answers: Record<string, string>): Promise<unknown>
}

export function api(serverUrl: string, siteKey: string): Api {
  const base = `${serverUrl}v1/sites/${encodeURIComponent(siteKey)}`
  async function call<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (init.method === 'POST') headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(base + path, { ...init, headers, credentials: 'omit' })
    } catch (error) {
      throw new ApiError('ERR_NETWORK', (error as Error).message, 0)
    }
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    if (!res.ok) throw new ApiError(body?.error?.code ?? 'ERR_HTTP', body?.error?.message ?? res.statusText, res.status)
    return body as T
  }
  return {
    widgetConfig: () => call('/widget-config'),
    createVisitor: () => call('/visitors', { method: 'POST', body: '{}' }),
    conversations: (token) => call('/visitors/me/conversations?limit=20', {}, token),
    history: (token, conversationId, before) =>
      call(`/visitors/me/conversations/${conversationId}/messages?limit=50${before ? `&before=${before}` : ''}`, {}, token),
    conversation: (token, conversationId) => call(`/visitors/me/conversations/${conversationId}`, {}, token),
    rate: (token, conversationId, body) => call(`/visitors/me/conversations/${conversationId}/rating`, { method: 'POST', body: JSON.stringify(body) }, token),
    identify: (token, body) => call('/visitors/me/identify', { method: 'POST', body: JSON.stringify(body) }, token),
    preChat: (token, answers) => call('/visitors/me/pre-chat', { method: 'POST', body: JSON.stringify({ answers }) }, token),
    setAttributes: (token, attributes) => call('/visitors/me/attributes', { method: 'POST', body: JSON.stringify({ attributes }) }, token),
  }
}
