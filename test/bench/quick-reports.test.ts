// The quick bench of a year's reports, on SQLite and on MongoDB (FerretDB).
import { quickBench } from './quick-bench.ts'

quickBench(['reports'])
