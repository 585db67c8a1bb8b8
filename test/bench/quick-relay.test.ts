// The quick bench of the relay: customer ↔ agent messages on every Store, beside plain ws.
import { quickBench } from './quick-bench.ts'

quickBench(['relay'])
