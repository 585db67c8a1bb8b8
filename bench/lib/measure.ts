// Small measuring tools shared by the bench sections.
import { readFileSync } from 'node:fs'

/** The value below which a share `q` of the sorted samples fall (nearest rank); 0 for none. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return Math.round(sorted[index]! * 100) / 100
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return 0
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Linux's clock ticks per second for /proc times (USER_HZ): 100 on every mainstream build. */
const CLOCK_TICKS = 100

/** User + system CPU time the process has used, in ms, from /proc/PID/stat; null off Linux or once it exited. */
export function serverCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const utime = Number(fields[11])
    const stime = Number(fields[12])
    return ((utime + stime) * 1000) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** Resident memory of the process in MB, from /proc/PID/status. */
export function rssMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}
