// The quick bench of one visitor attacking while another is served.
import { quickBench } from './quick-bench.ts'

quickBench(['attacks'])
