// The quick bench of start-up time, through tsx and compiled.
import { quickBench } from './quick-bench.ts'

quickBench(['start-time'])
