// The quick bench of idle sockets, REST reads and the knowledge base.
import { quickBench } from './quick-bench.ts'

quickBench(['sockets', 'rest', 'knowledge-base'])
