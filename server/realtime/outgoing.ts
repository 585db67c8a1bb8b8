// A frame on its way to many sockets is serialized once: the bus hands every listener the same
// frame object, and each socket writes the same bytes.
import type { ServerFrame } from '../../protocol/frames.ts'

/** Published frames are never changed afterwards, so their bytes can be kept with them. */
const bytesOf = new WeakMap<ServerFrame, Buffer>()

/** The frame as the UTF-8 JSON text a socket sends, made on the first call and reused after. */
export function frameBytes(frame: ServerFrame): Buffer {
  let bytes = bytesOf.get(frame)
  if (!bytes) {
    bytes = Buffer.from(JSON.stringify(frame))
    bytesOf.set(frame, bytes)
  }
  return bytes
}
