import { openMongoHandle } from '../helpers/store-handles.ts'
import { realtimeSuite } from './protocol-suite.ts'

realtimeSuite(openMongoHandle)
