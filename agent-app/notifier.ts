// Telling the agent something needs them when they are not looking: a short sound (unless muted) and,
// when the tab is hidden and the browser allows it, a desktop notification. An agent with several tabs
// open hears it once: the tabs take turns under a Web Lock and the first to take an event records it
// in localStorage, so the others find it done.
const MUTED_KEY = 'tandem.agent.muted'
const FIRED_KEY = 'tandem.agent.notified'
/** Events remembered this long; an older one is forgotten (and could never fire again anyway). */
const REMEMBER_MS = 10 * 60_000

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

/** Two short soft tones, made on the spot: no sound file to fetch. */
function chime(): void {
  try {
    audio ??= new AudioContext()
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

/** What the notifier did, for the page (and the tests) to see. */
export const fired: Notice[] = []

export async function notify(notice: Notice, open: (conversationId: string) => void): Promise<void> {
  const fire = () => {
    if (!firstToFire(notice.key, Date.now())) return
    fired.push(notice)
    if (!isMuted()) chime()
    if (document.visibilityState === 'hidden' && typeof Notification === 'function' && Notification.permission === 'granted') {
      const shown = new Notification(notice.title, { body: notice.body, tag: notice.key })
      shown.onclick = () => {
        window.focus()
        open(notice.conversationId)
        shown.close()
      }
    }
  }
  if (navigator.locks) await navigator.locks.request('tandem-agent-notify', fire)
  else fire()
}
