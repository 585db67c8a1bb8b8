// A Store whose one method, called as `when` says, waits until the test releases it: to put a frame
// exactly inside a window (a read the server is in the middle of) instead of hoping a delay hits it.
import type { Store } from '../../server/store/store.ts'

export interface ParkedStore {
  store: Store
  /** Settles once the call is parked. */
  reached: Promise<void>
  /** True once a call has been parked. */
  readonly hasParked: boolean
  /** Lets the parked call (and every later one) through. */
  release(): void
}

/** Parks the first call of `method` for which `when` answers true; every other call goes straight through. */
export function parkedStore<K extends keyof Store>(
  inner: Store,
  method: K,
  when: (...args: Store[K] extends (...a: infer A) => unknown ? A : never) => boolean = () => true,
): ParkedStore {
  let hasParked = false
  let reach!: () => void
  let release!: () => void
  const reached = new Promise<void>((resolve) => (reach = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const store = new Proxy(inner, {
    get(target, name) {
      const value = Reflect.get(target, name) as unknown
      if (typeof value !== 'function') return value
      if (name !== method) return value.bind(target)
      return async (...args: never[]) => {
        if (!hasParked && (when as (...a: unknown[]) => boolean)(...args)) {
          hasParked = true
          reach()
          await released
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return {
    store,
    reached,
    get hasParked() {
      return hasParked
    },
    release,
  }
}
