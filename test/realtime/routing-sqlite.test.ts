import { openSqliteHandle } from '../helpers/store-handles.ts'
import { routingProtocolSuite } from './protocol-suite.ts'

routingProtocolSuite(openSqliteHandle)
