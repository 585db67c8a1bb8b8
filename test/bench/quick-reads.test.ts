// The quick bench of idle sockets and REST reads.
import { quickBench } from './quick-bench.ts'

quickBench(['sockets', 'rest'])
