// Logs for a person at a terminal: pino's JSON lines turned into short readable ones
// ("15:42:07 WARN  refused a page of an origin the site does not allow  site=site_… origin=…").
// `npm start` writes these when stdout is a terminal; anywhere else (production, CI, a pipe) the
// JSON lines go out as they are, for machines to read.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' }
/** pino's own fields, said by the line's shape rather than repeated. */
const OWN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v'])
/** One field's most: a long value is cut, so one line stays one line. */
const FIELD_MAX_CHARS = 160

function fieldText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  const flat = (text ?? String(value)).replace(/\s+/g, ' ')
  return flat.length > FIELD_MAX_CHARS ? `${flat.slice(0, FIELD_MAX_CHARS - 1)}…` : flat
}

/** One pino JSON line as a readable line; a line that is not JSON is passed through. */
export function readableLine(jsonLine: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '--:--:--'
  const level = LEVELS[entry.level as number] ?? String(entry.level)
  const error = entry.err as { message?: string; stack?: string } | undefined
  const fields = Object.entries(entry)
    .filter(([name]) => !OWN_FIELDS.has(name) && name !== 'err')
    .map(([name, value]) => `${name}=${fieldText(value)}`)
  const parts = [time, level, String(entry.msg ?? ''), ...(fields.length ? [` ${fields.join(' ')}`] : [])]
  const stack = error?.stack ? `\n${error.stack}` : error?.message ? ` (${error.message})` : ''
  return `${parts.join(' ')}${stack}\n`
}

/** A pino destination that writes readable lines to `out` (a terminal). */
export function readableLogStream(out: { write(text: string): unknown }): { write(line: string): void } {
  return { write: (line) => void out.write(readableLine(line)) }
}
