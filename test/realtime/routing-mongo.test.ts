import { openMongoHandle } from '../helpers/store-handles.ts'
import { routingProtocolSuite } from './protocol-suite.ts'

routingProtocolSuite(openMongoHandle)
