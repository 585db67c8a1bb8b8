// How long a queued customer should expect to wait, from how long conversations take and how many
// places the online agents have. An estimate shown to customers, so it is rounded up, never precise.
import type { Conversation } from '../store/records.ts'

/** Used until a workspace has resolved conversations to learn from. */
export const DEFAULT_HANDLING_MS = 5 * 60_000
/** Resolved conversations the typical handling time is taken from. */
export const HANDLING_SAMPLE = 50

/** The median time from opening to resolving, of conversations an agent held; the default when there are none. */
export function typicalHandlingMs(resolved: readonly Conversation[]): number {
  const durations = resolved
    .filter((c) => c.assigneeId !== null && c.resolvedAt !== null)
    .map((c) => (c.resolvedAt as Date).getTime() - c.createdAt.getTime())
    .filter((ms) => ms > 0)
    .sort((a, b) => a - b)
  if (durations.length === 0) return DEFAULT_HANDLING_MS
  const middle = Math.floor(durations.length / 2)
  return durations.length % 2 === 1 ? (durations[middle] as number) : ((durations[middle - 1] as number) + (durations[middle] as number)) / 2
}

/**
 * The wait of the conversation at `position`: places open up at `onlinePlaces / handlingMs`, and it needs
 * `position` of them. null when no online agent has any place, so nobody can say.
 */
export function expectedWaitSeconds(position: number, onlinePlaces: number, handlingMs: number): number | null {
  if (onlinePlaces <= 0) return null
  // Rounded up to whole minutes: "about 4 minutes" is honest, "217 seconds" is false precision.
  const minutes = Math.ceil((position * handlingMs) / onlinePlaces / 60_000)
  return minutes * 60
}
