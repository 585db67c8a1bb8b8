// How long callbacks wait for the event loop: one slow request or a burst of work delays every other
// visitor's, so /readyz reports it and the log warns while it stays high. Figures cover one minute:
// the histogram is read and reset every minute, and the last full minute's figures are kept.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'

/** How often the histogram is read and reset: the window the figures cover. */
export const EVENT_LOOP_WINDOW_MS = 60_000
/** The loop is sampled this often; a finer one costs more wake-ups for no useful precision. */
const SAMPLE_RESOLUTION_MS = 10
/** A p99 above this means some requests wait a tenth of a second just to start. */
export const EVENT_LOOP_P99_WARN_MS = 100

export interface EventLoopDelay {
  p50Ms: number
  p99Ms: number
  maxMs: number
}

const NS_PER_MS = 1e6
const ms = (nanoseconds: number) => Math.round((nanoseconds / NS_PER_MS) * 10) / 10

/** The histogram's figures in milliseconds; all 0 with no sample yet (Node reports a 511 ns p50 then). */
export function delayFigures(histogram: Pick<IntervalHistogram, 'count' | 'percentile' | 'max'>): EventLoopDelay {
  if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0 }
  return { p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) }
}

/** The warning to log for a minute's figures, or null when the loop kept up. */
export function delayWarning(figures: EventLoopDelay, thresholdMs = EVENT_LOOP_P99_WARN_MS): string | null {
  if (figures.p99Ms <= thresholdMs) return null
  return `event loop delay p99 was ${figures.p99Ms} ms over the last minute (max ${figures.maxMs} ms), above ${thresholdMs} ms: requests wait before they start`
}

export interface EventLoopMonitor {
  /** The last full minute's figures; before the first minute ends, those so far. */
  figures(): EventLoopDelay
  /** Stops sampling and the minute timer. */
  stop(): void
}

/** Starts sampling at once; `warn` is called at most once a minute, while p99 stays over the threshold. */
export function eventLoopMonitor({ warn }: { warn(figures: EventLoopDelay, message: string): void }): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_RESOLUTION_MS })
  histogram.enable()
  let lastMinute: EventLoopDelay | null = null
  const timer = setInterval(() => {
    lastMinute = delayFigures(histogram)
    histogram.reset()
    const message = delayWarning(lastMinute)
    if (message !== null) warn(lastMinute, message)
  }, EVENT_LOOP_WINDOW_MS)
  // Only a live server should keep the process up, not its monitor.
  timer.unref()
  return {
    figures: () => lastMinute ?? delayFigures(histogram),
    stop() {
      clearInterval(timer)
      histogram.disable()
    },
  }
}
