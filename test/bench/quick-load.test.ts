// The quick bench of AI answers, attacks and start-up time.
import { quickBench } from './quick-bench.ts'

quickBench(['ai', 'attacks', 'start-time'])
