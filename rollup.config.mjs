// Bundles the browser apps. The widget is two bundles, built in this order: the chat app
// (dist/widget/chat-<hash>.js, an ES module loaded on demand) and the loader (dist/widget.js, the
// script tag's target), which is told the chat app's hashed name. Budgets fail the build.
// `npm run bundle` runs this file; scripts/ensure-bundle.mjs runs it when dist/ is missing or stale.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'
import { budget } from './scripts/bundle-budget.mjs'

const KB = 1024
let chatFile = null

const typescript = (tsconfig = 'widget/tsconfig.json') => esbuild({ target: 'es2022', jsx: 'transform', jsxFactory: 'h', jsxFragment: 'Fragment', tsconfig })
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 2, sequences: false }, format: { comments: false } })

/**
 * The style sheets (`*-css.ts`) keep a rule a line for reading; the line breaks after each rule cost
 * bytes (each is `\n` in the minified string) and mean nothing to CSS, so they are dropped here.
 */
const cssLineBreaks = {
  name: 'css-line-breaks',
  transform: (code, id) => (id.endsWith('-css.ts') ? code.replace(/= `([^`]*)`/, (_, css) => '= `' + css.trim().replace(/}\n/g, '}') + '`') : null),
}

/** The chat app's file name and its lazy chunks' (the locale tables), for the loader and the server. */
const recordChatFile = {
  name: 'record-chat-file',
  writeBundle(_options, bundle) {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk')
    chatFile = chunks.find((chunk) => chunk.isEntry).fileName
    const lazy = chunks.filter((chunk) => !chunk.isEntry).map((chunk) => chunk.fileName)
    mkdirSync('dist/widget', { recursive: true })
    writeFileSync('dist/widget/manifest.json', JSON.stringify({ chat: chatFile, chunks: lazy }) + '\n')
  },
}

/** `import chatFile from 'tandem:chat-file'` in the loader: the name just built. */
const chatFileModule = {
  name: 'chat-file',
  resolveId: (id) => (id === 'tandem:chat-file' ? id : null),
  load(id) {
    if (id !== 'tandem:chat-file') return null
    if (!chatFile) this.error('the chat app must be built before the loader')
    return `export default ${JSON.stringify(chatFile)}`
  },
}

/**
 * The agent app's page: agent-app/index.html with the hashed names of the script and the style sheet
 * (agent-app/agent.css, emitted beside it), so the page is the only file that is not immutable.
 */
const agentPage = {
  name: 'agent-page',
  buildStart() {
    // Each build's hashed files replace the last one's: the server serves what the folder holds.
    rmSync('dist/agent', { recursive: true, force: true })
    this.addWatchFile('agent-app/agent.css')
    this.addWatchFile('agent-app/index.html')
  },
  generateBundle(_options, bundle) {
    const css = readFileSync('agent-app/agent.css', 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, '')
    const styles = this.getFileName(this.emitFile({ type: 'asset', name: 'agent.css', source: css }))
    const script = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry).fileName
    const page = readFileSync('agent-app/index.html', 'utf8').replace('%STYLES%', styles.replace(/^assets\//, '')).replace('%SCRIPT%', script.replace(/^assets\//, ''))
    this.emitFile({ type: 'asset', fileName: 'index.html', source: page })
  },
}

export default [
  {
    input: 'widget/chat/main.tsx',
    // The locale chunks import from the chat app itself, not from a copy split out beside it.
    preserveEntrySignatures: 'allow-extension',
    output: { dir: 'dist/widget', format: 'es', entryFileNames: 'chat-[hash].js', chunkFileNames: 'chat-[name]-[hash].js' },
    plugins: [nodeResolve(), cssLineBreaks, typescript(), minify(), budget('chat'), recordChatFile],
  },
  {
    input: 'widget/loader.ts',
    output: { file: 'dist/widget.js', format: 'iife' },
    plugins: [
      chatFileModule,
      nodeResolve(),
      cssLineBreaks,
      typescript(),
      minify(),
      budget('loader', [
        { name: 'loader', parts: ['loader'], maxGzipBytes: 5 * KB },
        { name: 'loader + chat app', parts: ['loader', 'chat'], maxGzipBytes: 20 * KB },
      ]),
    ],
  },
  {
    input: 'agent-app/main.tsx',
    output: { dir: 'dist/agent', format: 'es', entryFileNames: 'assets/app-[hash].js', chunkFileNames: 'assets/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    plugins: [
      nodeResolve(),
      typescript('agent-app/tsconfig.json'),
      minify(),
      agentPage,
      budget('agent', [{ name: 'agent app, with the admin pages', parts: ['agent'], maxGzipBytes: 60 * KB }]),
    ],
  },
]
