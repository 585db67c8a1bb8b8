// A browser as an agent would name it, from the user agent the widget reported.

/** Most specific first: Edge says Chrome and Safari too, Chrome says Safari. Safari's own version is in `Version/`. */
const BROWSERS: [name: string, version: RegExp][] = [
  ['Edge', /Edg\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Chrome', /Chrome\/(\d+)/],
  ['Safari', /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
]
const SYSTEMS: [name: string, marker: RegExp][] = [
  ['Windows', /Windows/],
  ['Android', /Android/],
  ['iOS', /iPhone/],
  ['iPadOS', /iPad/],
  ['macOS', /Mac OS X/],
  ['Linux', /Linux/],
]

/** "Chrome 131 on macOS" from a user agent, or the user agent itself when it names no browser known here. */
export function browserOf(userAgent: string): string {
  for (const [name, pattern] of BROWSERS) {
    const version = pattern.exec(userAgent)
    if (!version) continue
    const system = SYSTEMS.find(([, marker]) => marker.test(userAgent))?.[0]
    return `${name} ${version[1]}${system ? ` on ${system}` : ''}`
  }
  return userAgent
}
