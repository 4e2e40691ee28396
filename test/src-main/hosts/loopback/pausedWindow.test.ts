import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { LoopbackHost } from '../../../../src-main/hosts/loopback/LoopbackHost'
import { startLoopbackCore } from '../../../helpers/loopbackCore'
import { until } from '../../../helpers/until'
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../../src-preload/contract/channels'

/**
 * A window that stops reading (frozen renderer, laptop lid, debugger on a breakpoint) must not
 * grow main's memory without bound nor delay the other windows. Two real bridge clients over
 * the loopback host watch the same fast BTC/USD book; one stops reading its socket for 8 s.
 */
let host: LoopbackHost

// What main keeps, not what it has yet to collect: the heap is read after a full collection at
// both ends (a plain heapUsed swung by 100+ MiB of garbage on a busy CI machine).
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const TOKEN = 'paused-window-token-0123456789'

let stop: () => Promise<void>
beforeAll(async () => {
  ;({ host, stop } = await startLoopbackCore(
    { seed: 12, messagesPerSecond: 3000, activeSymbols: ['BTC/USD'], burstProbability: 0.05 },
    TOKEN,
  ))
}, 30_000)

afterAll(() => stop())

async function window(): Promise<{ ws: WebSocket; books: number[] }> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${host.port}/bridge`,
    [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN],
    {
      headers: { Origin: host.origin },
    },
  )
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  const books: number[] = []
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { k: string; id: number }
    if (f.k === 'topic' && f.id < 10) books.push(Date.now())
  })
  ws.send(JSON.stringify({ k: 'sub', id: 1, topic: 'book', params: { symbol: 'BTC/USD' } }))
  ws.send(JSON.stringify({ k: 'sub', id: 2, topic: 'trades', params: { symbol: 'BTC/USD' } }))
  ws.send(JSON.stringify({ k: 'sub', id: 3, topic: 'book.l3', params: { symbol: 'BTC/USD' } }))
  return { ws, books }
}

describe('a window that stops reading', () => {
  it('costs main a bounded buffer and never slows the other window', async () => {
    const live = await window()
    const frozen = await window()
    // rates over the time that really passed (a loaded machine's timers run late)
    const t0 = performance.now()
    await new Promise((r) => setTimeout(r, 2000))
    const before = live.books.length
    const rateBefore = before / ((performance.now() - t0) / 1000)
    const t1 = performance.now()
    // the frozen window stops reading its socket: the kernel buffers fill, then main's send buffer
    ;(frozen.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
    const serverSide = () => [...(host as unknown as { wss: { clients: Set<WebSocket> } }).wss.clients]
    gc()
    const heap0 = process.memoryUsage().heapUsed
    let maxBuffered = 0
    const gaps: number[] = []
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 200))
      maxBuffered = Math.max(maxBuffered, ...serverSide().map((c) => c.bufferedAmount))
      const b = live.books
      if (b.length > 1) gaps.push(b[b.length - 1]! - b[b.length - 2]!)
    }
    gc()
    const heap1 = process.memoryUsage().heapUsed
    const liveRate = (live.books.length - before) / ((performance.now() - t1) / 1000)
    console.log(
      `paused window: main's send buffer peaked at ${(maxBuffered / 1024).toFixed(0)} KiB; heap ${((heap1 - heap0) / 1048576).toFixed(1)} MiB over 8 s; live window ${liveRate.toFixed(0)} msgs/s (before: ${rateBefore.toFixed(0)}/s), longest gap ${Math.max(...gaps)} ms`,
    )
    // bounded: the hub stops writing once 512 KiB wait (one coalesced frame may land on top)
    expect(maxBuffered).toBeLessThan(2 * 1024 * 1024)
    expect(heap1 - heap0).toBeLessThan(64 * 1024 * 1024)
    // the live window kept its pace (coalesced at one message per topic per frame)
    expect(liveRate).toBeGreaterThan(rateBefore * 0.6)
    // no stall of the live window's stream (a whole second or more would be a window held up by
    // the frozen one; 3 s leaves room for a loaded machine's own pauses)
    expect(Math.max(...gaps)).toBeLessThan(3000)

    // when the frozen window reads again it gets the latest state, not a backlog of stale books
    const got: number[] = []
    frozen.ws.on('message', () => got.push(Date.now()))
    ;(frozen.ws as unknown as { _socket: { resume: () => void } })._socket.resume()
    await until(() => got.length > 0, 'the frozen window reads again')
    live.ws.close()
    frozen.ws.close()
  }, 60_000)
})
