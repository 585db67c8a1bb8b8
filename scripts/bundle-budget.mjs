// A rollup plugin that fails the build when a bundle outgrows its gzip budget, and prints every
// bundle's raw, gzip and brotli bytes. Budgets are per group: the loader alone, and the loader with
// the chat app (what a customer who opens the chat downloads). A group's size is its entry and the
// largest of its lazy chunks: a customer fetches one locale table, never all of them.
import { brotliCompressSync, gzipSync } from 'node:zlib'

export function sizesOf(code) {
  const bytes = Buffer.from(code)
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length }
}

/** Sizes of the chunks built so far, by name, shared by the configs of one rollup run. */
const built = new Map()

/** `group`: this bundle's name; `budgets`: [{ name, parts: [bundle names], maxGzipBytes }]. */
export function budget(group, budgets = []) {
  return {
    name: 'bundle-budget',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((chunk) => chunk.type === 'chunk')
      const sized = (chunk) => ({ name: chunk.fileName, ...sizesOf(chunk.code) })
      // Style sheets a page links load with its entry, so they count as part of it.
      const styles = Object.values(bundle).filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'))
      const entries = [...chunks.filter((chunk) => chunk.isEntry).map(sized), ...styles.map((file) => ({ name: file.fileName, ...sizesOf(file.source) }))]
      const lazy = chunks.filter((chunk) => !chunk.isEntry).map(sized)
      const largestLazy = lazy.sort((a, b) => b.gzip - a.gzip).slice(0, 1)
      let total = { raw: 0, gzip: 0, brotli: 0 }
      for (const size of [...entries, ...largestLazy]) {
        total = { raw: total.raw + size.raw, gzip: total.gzip + size.gzip, brotli: total.brotli + size.brotli }
      }
      built.set(group, total)
      const lazyNote = lazy.length === 0 ? '' : ` (with the largest of ${lazy.length} lazy chunks: ${lazy.map((c) => `${c.name} ${c.gzip} B`).join(', ')})`
      console.log(`${group}: ${total.raw} B raw, ${total.gzip} B gzip, ${total.brotli} B brotli${lazyNote}`)
      for (const { name, parts, maxGzipBytes } of budgets) {
        const gzip = parts.reduce((sum, part) => sum + (built.get(part)?.gzip ?? 0), 0)
        const verdict = gzip <= maxGzipBytes ? 'within' : 'OVER'
        console.log(`  budget ${name}: ${gzip} B gzip, ${verdict} ${maxGzipBytes} B`)
        if (gzip > maxGzipBytes) this.error(`${name} is ${gzip} B gzip, over its budget of ${maxGzipBytes} B`)
      }
    },
  }
}
