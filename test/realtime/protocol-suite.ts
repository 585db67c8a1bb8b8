// The real-time protocol, specified once and run against every Store adapter: the same frames must
// mean the same thing whichever database keeps the messages. One Store serves the whole file; each
// test starts its own server and workspace on it, so tests never see each other's frames. Routing
// over the protocol is a suite of its own (routing-*.test.ts), on the same footing.
import t from 'tap'
import type { Store } from '../../server/store/store.ts'
import type { OpenStore, StoreHandle } from '../helpers/realtime.ts'
import { accessSuite } from './suite-access.ts'
import { burstSuite } from './suite-burst.ts'
import { deliverySuite } from './suite-delivery.ts'
import { framesSuite } from './suite-frames.ts'
import { helloSuite } from './suite-hello.ts'
import { identitySuite } from './suite-identity.ts'
import { messagingSuite } from './suite-messaging.ts'
import { reopenSuite } from './suite-reopen.ts'
import { resumeSuite } from './suite-resume.ts'
import { routingSuite } from './suite-routing.ts'

interface FileStore {
  store: () => Store
  openPeer: () => Promise<Store>
}

/** Opens one Store for this test file, before its tests, and closes it after them. */
function storeForFile(openStore: OpenStore): FileStore {
  let handle: StoreHandle | null = null
  t.before(async () => {
    handle = await openStore()
  })
  t.teardown(() => handle?.close())
  const opened = (): StoreHandle => {
    if (!handle) throw new Error('the store is not open yet')
    return handle
  }
  return { store: () => opened().store, openPeer: () => opened().openPeer() }
}

export function realtimeSuite(openStore: OpenStore): void {
  const { store } = storeForFile(openStore)
  // The burst mostly waits on the frame rate limit: it runs beside the rest, which run one by one
  // (two of them beside the burst starved it of the database on MongoDB).
  t.jobs = 2
  t.test('a burst of messages', async (t) => burstSuite(t, store))
  t.test('the rest of the protocol', async (t) => {
    messagingSuite(t, store)
    deliverySuite(t, store)
    accessSuite(t, store)
    helloSuite(t, store)
    identitySuite(t, store)
    framesSuite(t, store)
    resumeSuite(t, store)
  })
}

/** Who answers, as customers and agents see it over their sockets, with two servers on one database. */
export function routingProtocolSuite(openStore: OpenStore): void {
  const { store, openPeer } = storeForFile(openStore)
  t.test('routing', async (t) => {
    routingSuite(t, store, openPeer)
    reopenSuite(t, store)
  })
}
