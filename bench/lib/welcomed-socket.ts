// A bench client's socket to a relay server (Tandem or a baseline): open, hello, and the welcome.
import WebSocket from 'ws'

/** A socket that has said `hello` and been welcomed; refused or closed first, it rejects with why. */
export function welcomedSocket(url: string, hello: object, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {})
    socket.once('open', () => socket.send(JSON.stringify(hello)))
    socket.once('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string }
      if (frame.type === 'welcome') resolve(socket)
      else reject(new Error(`expected welcome, got ${data.toString().slice(0, 200)}`))
    })
    socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()} before welcome`)))
    socket.once('error', reject)
  })
}
