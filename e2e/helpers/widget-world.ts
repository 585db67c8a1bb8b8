// What most widget tests stand on: a Tandem server, a shop page on another origin with the tag, and
// the customer's hands (writing in the composer). Also a help article the offline AI answers from,
// and a wait on something read beside the server.
import type { Browser, Page } from 'playwright-core'
import type { Test } from 'tap'
import { openPage, widget, type WatchedPage } from './browser.ts'
import { shopPage, startHostSite, type HostSite } from './host-page.ts'
import { startTandem, type SeedOptions, type Tandem } from './tandem.ts'
import type { WsClient } from '../../test/helpers/realtime.ts'

export const RETURNS = {
  title: 'Returns policy',
  body: 'You can return any item within 30 days of delivery for a full refund. Start a return from your orders page.',
  url: 'https://shop.example/help/returns',
}

/** A seeded Tandem and a host site whose `/` pastes the tag (with `tag`'s extra attributes, head, body). */
export async function world(t: Test, options: Omit<SeedOptions, 'hostOrigin'> = {}, tag: { attributes?: string; head?: string; body?: string } = {}) {
  const host = await startHostSite(t)
  const tandem = await startTandem(t, { hostOrigin: host.origin, ...options })
  host.put('/', { html: shopPage(tandem.url, tandem.siteKey, tag) })
  return { host, tandem }
}

/** The customer types into the composer (whatever its language) and presses Enter. */
export async function write(page: Page, text: string): Promise<void> {
  const composer = widget(page).locator('.composer textarea')
  await composer.fill(text)
  await composer.press('Enter')
}

/** Polls a check read beside the server (the database); the test's own time limit bounds it. */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50))
}

/** A customer on the shop page who opened the chat and wrote; every frame their widget's sockets received is kept, and when they closed. */
export interface Shopper {
  page: WatchedPage
  frames: string[]
  closed: number[]
}

export async function customerWrites(t: Test, browser: Browser, host: HostSite, text: string): Promise<Shopper> {
  const page = await openPage(t, browser)
  const frames: string[] = []
  const closed: number[] = []
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)))
    socket.on('close', () => closed.push(Date.now()))
  })
  await page.goto(host.url('/'))
  await widget(page).locator('button.launcher').click()
  await write(page, text)
  return { page, frames, closed }
}

/** The agent (connected before the customer wrote) is given the conversation, takes it and resumes it. */
export async function heldBy(tandem: Tandem, agent: { socket: WsClient; token: string }) {
  const conversationId = (await agent.socket.next('conversation')).conversation.id
  await fetch(`${tandem.url}/v1/conversations/${conversationId}/take`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` } })
  agent.socket.send({ type: 'resume', conversations: [{ conversationId, afterSeq: 0 }] })
  return { socket: agent.socket, conversationId }
}
