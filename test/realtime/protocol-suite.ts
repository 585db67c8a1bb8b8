// The real-time protocol, specified once and run against every Store adapter: the same frames must
// mean the same thing whichever database keeps the messages. One Store serves the whole file; each
// test starts its own server and workspace on it, so tests never see each other's frames.
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
import { routingSuite } from './suite-routing.ts'

export function realtimeSuite(openStore: OpenStore): void {
  let handle: StoreHandle | null = null
  t.before(async () => {
    handle = await openStore()
  })
  t.teardown(() => handle?.close())
  const store = (): Store => {
    if (!handle) throw new Error('the store is not open yet')
    return handle.store
  }
  // The burst mostly waits on the frame rate limit: it runs beside the rest, which run one by one.
  t.jobs = 2
  const openPeer = (): Promise<Store> => {
    if (!handle) throw new Error('the store is not open yet')
    return handle.openPeer()
  }
  t.test('a burst of messages', async (t) => burstSuite(t, store))
  t.test('routing', async (t) => {
    routingSuite(t, store, openPeer)
    reopenSuite(t, store)
  })
  t.test('the rest of the protocol', async (t) => {
    messagingSuite(t, store)
    deliverySuite(t, store)
    accessSuite(t, store)
    helloSuite(t, store)
    identitySuite(t, store)
    framesSuite(t, store)
  })
}
