// The quick bench of AI answers and the knowledge base.
import { quickBench } from './quick-bench.ts'

quickBench(['ai', 'knowledge-base'])
