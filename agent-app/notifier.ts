// Telling the agent something needs them: a short sound (unless muted) and, when no tab of theirs is
// in front and the browser allows it, a desktop notification. An agent with several tabs open hears it
// once: the first tab to take an event holds a Web Lock of that event for a while and records it in
// localStorage, so the others find it taken. A tab in front goes first (hidden ones wait a moment): it
// rings without a desktop notification, or, when it shows that very conversation, just claims the
// event in silence.
const MUTED_KEY = 'tandem.agent.muted'
const FIRED_KEY = 'tandem.agent.notified'
/** Events remembered this long; an older one is forgotten (and could never fire again anyway). */
const REMEMBER_MS = 10 * 60_000
/** How long a hidden tab lets a visible one take an event first. */
const HIDDEN_TAB_DELAY_MS = 300
/** How long the tab that took an event keeps its lock: far longer than any tab takes to hear of it. */
const CLAIM_HOLD_MS = 10_000

export interface Notice {
  /** Names the event itself (a conversation and its seq): the same key fires once. */
  key: string
  title: string
  body: string
  conversationId: string
}

export function isMuted(): boolean {
  try {
    return localStorage.getItem(MUTED_KEY) === '1'
  } catch {
    return false
  }
}

export function setMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(MUTED_KEY, '1')
    else localStorage.removeItem(MUTED_KEY)
  } catch {
    // Not kept: the choice lasts as long as the page.
  }
}

/** Marks `key` fired; false when a tab fired it already. Run under the lock. */
function firstToFire(key: string, now: number): boolean {
  try {
    const fired = JSON.parse(localStorage.getItem(FIRED_KEY) ?? '{}') as Record<string, number>
    if (fired[key] !== undefined) return false
    const kept = Object.fromEntries(Object.entries(fired).filter(([, at]) => now - at < REMEMBER_MS))
    kept[key] = now
    localStorage.setItem(FIRED_KEY, JSON.stringify(kept))
    return true
  } catch {
    return true
  }
}

let audio: AudioContext | null = null

// Browsers start audio only after a gesture on the page: the context is made (or woken) at the first one.
for (const gesture of ['pointerdown', 'keydown'] as const) {
  addEventListener(gesture, () => {
    try {
      audio ??= new AudioContext()
      if (audio.state === 'suspended') void audio.resume()
    } catch {
      // No audio in this browser: notifications still show.
    }
  }, { once: true, capture: true })
}

/** Two short soft tones, made on the spot: no sound file to fetch. */
function chime(): void {
  try {
    if (!audio || audio.state !== 'running') return
    const start = audio.currentTime
    for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
      const tone = audio.createOscillator()
      const gain = audio.createGain()
      tone.frequency.value = frequency
      gain.gain.setValueAtTime(0.08, start + offset)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25)
      tone.connect(gain).connect(audio.destination)
      tone.start(start + offset)
      tone.stop(start + offset + 0.25)
    }
  } catch {
    // No audio here (autoplay refused before any click): the notification still shows.
  }
}

/** `seenHere`: this tab shows that conversation in front of the agent, who needs no telling. */
export async function notify(notice: Notice, open: (conversationId: string) => void, seenHere = false): Promise<void> {
  const visible = document.visibilityState === 'visible'
  if (!visible) await new Promise((resolve) => setTimeout(resolve, HIDDEN_TAB_DELAY_MS))
  const fire = () => {
    if (!firstToFire(notice.key, Date.now()) || seenHere) return
    if (!isMuted()) chime()
    if (visible || typeof Notification !== 'function' || Notification.permission !== 'granted') return
    try {
      const shown = new Notification(notice.title, { body: notice.body, tag: notice.key })
      shown.onclick = () => {
        window.focus()
        open(notice.conversationId)
        shown.close()
      }
    } catch {
      // Some browsers (Android's) allow notifications only from a service worker: the sound has to do.
    }
  }
  if (!navigator.locks) return fire()
  // The event's own lock, kept a while by the tab that took it: another tab asking meanwhile is told
  // at once that it is taken. Web Locks are the browser's, the same for every tab at any moment;
  // localStorage reaches the other tabs' processes a little later, so alone it let two tabs fire
  // under load. It stays the guard for a tab that comes after the lock is let go.
  await navigator.locks.request(`tandem-agent-notify:${notice.key}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return
    fire()
    await new Promise((resolve) => setTimeout(resolve, CLAIM_HOLD_MS))
  })
}
