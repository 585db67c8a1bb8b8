// No regular expression the server applies to what a visitor or agent sends can take more than linear
// time, so no text can stall the event loop (the "not blank" pattern once took seconds on 50,000
// characters ending in NUL). Every `pattern` of the protocol's schemas and of the OpenAPI document, and
// every regex literal in server/, protocol/, widget/ and ui/, must pass recheck's static check (its automaton checker
// is exact and deterministic: no fuzzing, no time limit), and then runs once over adversarial 1 MB texts.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkSync } from 'recheck'
import t from 'tap'
import ts from 'typescript'
import * as frames from '../../protocol/frames.ts'
import * as agents from '../../protocol/rest/agents.ts'
import * as common from '../../protocol/rest/common.ts'
import * as content from '../../protocol/rest/content.ts'
import * as conversations from '../../protocol/rest/conversations.ts'
import * as sites from '../../protocol/rest/sites.ts'
import * as visitors from '../../protocol/rest/visitors.ts'
import { testApp } from '../helpers/factories.ts'

const ROOT = new URL('../../', import.meta.url).pathname

/**
 * Files whose regexes only ever read the operator's own input, once at start (the environment, the
 * admin command line): nobody outside can send them anything. config.ts's trailing-slash trim and
 * admin-cli.ts's email check are quadratic on a pathological value, which only the operator can give.
 */
const OPERATOR_INPUT_ONLY = new Set(['server/config.ts', 'server/admin-cli.ts'])

interface Found {
  source: string
  flags: string
  where: string
}

/** Every `pattern` and `patternProperties` key in a schema, at any depth. */
function schemaPatterns(schema: unknown, where: string, into: Map<string, Found>): void {
  if (typeof schema !== 'object' || schema === null) return
  for (const [key, value] of Object.entries(schema)) {
    // ajv compiles schema patterns with the u flag (its unicodeRegExp default).
    if (key === 'pattern' && typeof value === 'string') into.set(`${value}/u`, { source: value, flags: 'u', where })
    if (key === 'patternProperties' && typeof value === 'object' && value !== null) {
      for (const name of Object.keys(value)) into.set(`${name}/u`, { source: name, flags: 'u', where: `${where} (property names)` })
    }
    schemaPatterns(value, where, into)
  }
}

/** The TypeScript files under `folder`. */
const sourcesUnder = (folder: string) =>
  (readdirSync(join(ROOT, folder), { recursive: true }) as string[]).filter((file) => /\.tsx?$/.test(file)).map((file) => join(folder, file))

/** Every regular expression literal in the server's and the protocol's code, read with TypeScript's own parser. */
function codeRegexes(): { found: Found[]; constructed: string[] } {
  const found: Found[] = []
  const constructed: string[] = []
  // The browser's too: the widget and the agent app run theirs over what people and the AI write.
  for (const file of [...sourcesUnder('server'), ...sourcesUnder('protocol'), ...sourcesUnder('widget'), ...sourcesUnder('ui')].filter((file) => !OPERATOR_INPUT_ONLY.has(file))) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
    const visit = (node: ts.Node) => {
      if (ts.isRegularExpressionLiteral(node)) {
        const literal = node.text
        const end = literal.lastIndexOf('/')
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
        found.push({ source: literal.slice(1, end), flags: literal.slice(end + 1), where: `${file}:${line}` })
      }
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        constructed.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { found, constructed }
}

const MB = 1024 * 1024
/** Texts that make backtracking regexes blow up: long runs, NULs, alternating classes, near misses. */
function adversarialTexts(): [string, string][] {
  const run = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB)
  return [
    ['letters', run('a')],
    ['NULs', run('\u0000')],
    ['spaces', run(' ')],
    ['line breaks and spaces', run('\n ')],
    ['digits', run('0')],
    ['hex then a miss', run('f') + 'g'],
    ['letters then NUL', run('a') + '\u0000'],
    ['spaces then NUL', run(' ') + '\u0000'],
    ['letter, space', run('a ')],
    ['letter, NUL', run('a\u0000')],
    ['letter, digit, dash', run('a0-')],
    ['near-miss phrases', run('send a b c back ')],
    ['near-miss URLs', run('https://a.')],
    ['brackets', run('[1')],
    ['astral characters', run('😀')],
  ]
}

t.test('every regular expression applied to input is linear, and runs through 1 MB of adversarial text', async (t) => {
  const patterns = new Map<string, Found>()
  for (const [name, module] of Object.entries({ frames, agents, common, content, conversations, sites, visitors })) {
    for (const [exported, value] of Object.entries(module)) schemaPatterns(value, `protocol ${name}.${exported}`, patterns)
  }
  const { app } = await testApp(t)
  schemaPatterns((await app.inject('/v1/openapi.json')).json(), 'the OpenAPI document', patterns)
  const { found, constructed } = codeRegexes()
  t.same(constructed, [], 'no regex is built at run time (it would escape this check)')
  t.ok(patterns.size >= 10, `the schemas' patterns were found (${patterns.size})`)
  t.ok(found.length >= 20, `the code's regex literals were found (${found.length})`)

  const texts = adversarialTexts()
  for (const { source, flags, where } of [...patterns.values(), ...found]) {
    const verdict = checkSync(source, flags, { checker: 'automaton', timeout: null })
    const name = `/${source}/${flags} (${where})`
    if (!t.equal(verdict.status, 'safe', `${name}: ${verdict.status === 'vulnerable' ? `${verdict.complexity.summary}, attack ${JSON.stringify(verdict.attack.pattern)}` : verdict.status}`)) continue
    // Only a pattern found safe runs: an unsafe one would stall this test instead of failing it.
    const regex = new RegExp(source, flags)
    for (const [, text] of texts) {
      regex.lastIndex = 0
      if (regex.global) text.replace(regex, '')
      else regex.test(text)
    }
  }
})
