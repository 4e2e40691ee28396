import { writeSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { FLOOR_FRAME, type OrderProbe } from './orderPathProbes'

/** The floor: a loopback socket pair; each turn parses the frame text and writes a JSON text. */
export async function floorSocket(): Promise<{ socket: Socket; close: () => void }> {
  const server = createServer((s) => s.resume())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((r) => socket.once('connect', r))
  socket.setNoDelay(true)
  return {
    socket,
    close: () => {
      socket.destroy()
      server.close()
    },
  }
}

/**
 * The floor's work on its frame, timed inside each turn that does it: the window's frame text
 * parsed and the venue's request written as JSON text (the floor's socket write, and the send-log
 * line of the logged floor and the least journaled order).
 */
export function floorRequestText(): string {
  const f = JSON.parse(FLOOR_FRAME) as { id: number; payload: unknown }
  return JSON.stringify({ method: 'add_order', params: f.payload, req_id: f.id })
}

/** The app's private WebSocket (the `ws` library's), as the bench reaches it. */
export interface WsSend {
  send(data: Buffer, options: { binary: boolean }): void
}

/**
 * The least a journaled WS order can take here, one turn per call (µs): the floor's frame
 * parsed, a send-log line written, and a frame handed to the venue socket by the app's own
 * WebSocket (ws masks it, as a client's frame must be). No checks, routing or tracking: what
 * is left of 2× the floor after this is all they may cost. The frame is Kraken's `ping` (the
 * venue answers pong, and the client ignores a req_id it did not ask), ~40 bytes where an order
 * is ~250: masking and copying the difference on loopback are a few µs.
 */
export function leastJournaledWs(d: {
  probe: OrderProbe
  logFd: number
  /** the venue socket under the WebSocket, watched by the probe for its write */
  watch: () => void
  ws: () => WsSend
}): () => number {
  let pings = 0
  return () => {
    d.watch()
    d.probe.arm()
    const t0 = performance.now()
    writeSync(d.logFd, `${floorRequestText()}\n`)
    // req_ids far above the client's own (it counts from 1)
    d.ws().send(Buffer.from(`{"method":"ping","req_id":${1_000_000_000 + pings++}}`), { binary: false })
    const wroteAt = d.probe.wroteAt
    d.probe.disarm()
    d.probe.steps.clear()
    if (!wroteAt) throw new Error('order-path bench: the ping was not handed to the socket at once')
    return (wroteAt - t0) * 1000
  }
}
