// Bundles the browser apps. The widget is two bundles, built in this order: the chat app
// (dist/widget/chat-<hash>.js, an ES module loaded on demand) and the loader (dist/widget.js, the
// script tag's target), which is told the chat app's hashed name. Budgets fail the build.
// `npm run bundle` runs this file; scripts/ensure-bundle.mjs runs it when dist/ is missing or stale.
import { writeFileSync, mkdirSync } from 'node:fs'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'
import { budget } from './scripts/bundle-budget.mjs'

const KB = 1024
let chatFile = null

const typescript = () => esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', tsconfig: 'widget/tsconfig.json' })
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })

/** The chat app's file name, recorded once it is written, for the loader and the server. */
const recordChatFile = {
  name: 'record-chat-file',
  writeBundle(_options, bundle) {
    chatFile = Object.keys(bundle).find((name) => name.startsWith('chat-') && name.endsWith('.js'))
    mkdirSync('dist/widget', { recursive: true })
    writeFileSync('dist/widget/manifest.json', JSON.stringify({ chat: chatFile }) + '\n')
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

export default [
  {
    input: 'widget/chat/main.tsx',
    output: { dir: 'dist/widget', format: 'es', entryFileNames: 'chat-[hash].js', chunkFileNames: 'chat-[hash].js' },
    plugins: [nodeResolve(), typescript(), minify(), budget('chat'), recordChatFile],
  },
  {
    input: 'widget/loader.ts',
    output: { file: 'dist/widget.js', format: 'iife' },
    plugins: [
      chatFileModule,
      nodeResolve(),
      typescript(),
      minify(),
      budget('loader', [
        { name: 'loader', parts: ['loader'], maxGzipBytes: 5 * KB },
        { name: 'loader + chat app', parts: ['loader', 'chat'], maxGzipBytes: 20 * KB },
      ]),
    ],
  },
]
