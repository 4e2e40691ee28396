import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { newConn, WsConnectionLoop } from '../../../../src-main/sim/ws/WsConnectionLoop'
import type { SimWsDeps } from '../../../../src-main/sim/ws/wsSession'

/**
 * The built-in exchange's WebSocket loop writes the market data one turn of its event loop sends a
 * public connection in one socket write: a write per frame had the exchange spend more than half
 * its time in `writev` at 5,000 events a second, on the cores the app shares with it. A private
 * connection's frames go out as sent (what the app hears first, a REST reply or a WS execution,
 * is unchanged).
 */
let server: Server | null = null
let loop: WsConnectionLoop<ReturnType<typeof newConn>> | null = null
afterEach(async () => {
  loop?.close()
  await new Promise((r) => (server ? server.close(r) : r(null)))
  server = loop = null
})

const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((r) => setTimeout(r, 5))
}

/** A loop whose every request is answered with `frames` sent in the same turn; counts the socket's writes. */
async function start(frames: string[], isPrivate = false) {
  const writes = { count: 0 }
  // the loop's own code never reads its deps: only channel handlers do, and this loop has none
  const l = new WsConnectionLoop({} as SimWsDeps, {
    connection: (ws, isPrivate) => newConn(ws, isPrivate),
    dispatch: (conn) => {
      writes.count = 0
      for (const f of frames) l.send(conn, f)
    },
  })
  loop = l
  const s = createServer()
  server = s
  s.on('upgrade', (req, socket: Socket, head) => {
    // every flush of the socket's buffered writes reaches the kernel through one of these
    const w = socket._write.bind(socket)
    const wv = socket._writev?.bind(socket)
    socket._write = (...a: Parameters<Socket['_write']>) => (writes.count++, w(...a))
    if (wv) socket._writev = (...a: Parameters<NonNullable<Socket['_writev']>>) => (writes.count++, wv(...a))
    l.handleUpgrade(req, socket, head, isPrivate)
  })
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const ws = new WebSocket(`ws://127.0.0.1:${(s.address() as AddressInfo).port}`)
  const got: string[] = []
  ws.on('message', (d) => got.push(d.toString()))
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  // the status frame every connection gets first, out of the way
  await until(() => got.some((m) => m.includes('"status"')))
  got.length = 0
  return { ws, got, writes }
}

describe('WsConnectionLoop: one socket write per turn', () => {
  it('three frames sent in one turn leave in one write, in order, and the next turn is written too', async () => {
    const frames = ['{"n":1}', '{"n":2}', '{"n":3}']
    const { ws, got, writes } = await start(frames)
    ws.send('{"method":"anything","req_id":1}')
    await until(() => got.length === 3)
    expect(got).toEqual(['{"n":1}', '{"n":2}', '{"n":3}'])
    expect(writes.count).toBe(1)

    // the socket is not left holding: a second request's frames arrive as well, again in one write
    ws.send('{"method":"anything","req_id":2}')
    await until(() => got.length === 6)
    expect(got.slice(3)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}'])
    expect(writes.count).toBe(1)
    ws.close()
  })

  it("a private connection's frames are written as they are sent", async () => {
    const { ws, got, writes } = await start(['{"n":1}', '{"n":2}', '{"n":3}'], true)
    ws.send('{"method":"anything","req_id":1}')
    await until(() => got.length === 3)
    expect(got).toEqual(['{"n":1}', '{"n":2}', '{"n":3}'])
    expect(writes.count).toBe(3)
    ws.close()
  })
})
