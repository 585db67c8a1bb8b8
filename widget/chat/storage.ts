// The widget's memory on this device, per site: localStorage when the browser allows it, else memory
// that lasts as long as the page. Keys are shared with the loader (`tandem:<site>:<name>`) and with
// the site's other tabs, which hear changes through `storage` events.
export interface SiteStorage {
  get<T>(name: string): T | null
  set(name: string, value: unknown): void
  remove(name: string): void
  /** Another tab changed `name`: its new value, or null once removed. */
  onChange(listener: (name: string, value: unknown) => void): void
}

export function siteStorage(siteKey: string): SiteStorage {
  const prefix = `tandem:${siteKey}:`
  const memory = new Map<string, string>()
  const read = (key: string): string | null => {
    try {
      return localStorage.getItem(key)
    } catch {
      return memory.get(key) ?? null
    }
  }
  const parse = (raw: string | null): unknown => {
    if (raw === null) return null
    try {
      return JSON.parse(raw)
    } catch {
      // The loader stores plain flags ('1'/'0').
      return raw
    }
  }
  return {
    get: <T>(name: string) => parse(read(prefix + name)) as T | null,
    set(name, value) {
      const raw = JSON.stringify(value)
      try {
        localStorage.setItem(prefix + name, raw)
      } catch {
        memory.set(prefix + name, raw)
      }
    },
    remove(name) {
      memory.delete(prefix + name)
      try {
        localStorage.removeItem(prefix + name)
      } catch {
        // Blocked storage: the memory copy is gone already.
      }
    },
    onChange(listener) {
      addEventListener('storage', (event) => {
        if (event.key?.startsWith(prefix)) listener(event.key.slice(prefix.length), parse(event.newValue))
      })
    },
  }
}
