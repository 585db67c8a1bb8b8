// What a new record holds when its creator says nothing, shared by every adapter so they agree.
import type { RoutingPolicy } from '../../protocol/enums.ts'

export const SITE_DEFAULTS = {
  routingPolicy: 'human-first' as RoutingPolicy,
  greeting: 'Hi there! How can we help you today?',
  // Empty: the queue's own away notice, worded for the site's policy (routing-texts.ts), is said;
  // a site's own message replaces it.
  awayMessage: '',
  locale: 'en',
  color: '#2563eb',
}

/** Open conversations one agent handles at once unless an admin says otherwise. */
export const AGENT_DEFAULT_CAPACITY = 5
