import { openMongoHandle } from '../helpers/store-handles.ts'
import { seededReportSuite } from './seeded-report-suite.ts'

seededReportSuite(openMongoHandle)
