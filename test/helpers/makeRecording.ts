import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { gzipSync } from 'node:zlib'
import WebSocket from 'ws'
import { encodeHeader, encodeRecord } from '../../src-domain/recording'
import { SimExchange } from '../../src-main/sim/SimExchange'

export interface MakeRecordingOptions {
  /** the .trec.gz file to write (its folder is made) */
  file: string
  symbol?: string
  seed?: number
  /** recorded (not real) time of the book snapshot, ms since 1970 */
  startMs?: number
  /** recorded time from one step to the next */
  stepMs?: number
  steps: number
  /** what the market does at step i (frames it causes are stamped with that step's recorded time) */
  step: (sim: SimExchange, i: number) => void
}

export interface MadeRecording {
  file: string
  frames: number
  firstNs: bigint
  lastNs: bigint
}

/**
 * A small real recording for tests: a WS v2 client on a built-in exchange with no synthetic
 * market, subscribed to one symbol's book (depth 10) and trades, writes every frame it receives
 * (as the recorder does, in the recording format) while the test's script trades on the
 * exchange. Times are the script's recorded clock, not this machine's, so a replay's timing is
 * the same on every run; frames of one step are 1 µs apart, in the order they arrived.
 */
export async function makeRecording(o: MakeRecordingOptions): Promise<MadeRecording> {
  const symbol = o.symbol ?? 'BTC/USD'
  const startNs = BigInt(o.startMs ?? Date.UTC(2026, 10, 30, 14, 0, 0)) * 1_000_000n
  const stepNs = BigInt(o.stepMs ?? 1000) * 1_000_000n
  const sim = new SimExchange({ seed: o.seed ?? 3, messagesPerSecond: 0 })
  const ep = await sim.start()
  const ws = new WebSocket(ep.wsPublic)
  const lines: string[] = []
  let clock = startNs
  let waiting: { reqId: number; done: () => void } | null = null
  let subscribed = 0
  let snapshot = false
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject)
      ws.once('open', () => resolve())
    })
    const ready = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const text = data.toString('utf8')
        const m = JSON.parse(text) as { method?: string; req_id?: number; channel?: string; type?: string }
        if (m.method === 'pong') {
          if (waiting && m.req_id === waiting.reqId) waiting.done()
          return // our own ping's answer is not the market's
        }
        if (m.method === 'subscribe') subscribed++
        if (m.channel === 'book' && m.type === 'snapshot') snapshot = true
        if (m.channel === 'heartbeat') return
        clock += 1000n
        lines.push(encodeRecord(clock, text))
        if (subscribed === 2 && snapshot) resolve()
      })
    })
    ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: [symbol], depth: 10 } }))
    ws.send(
      JSON.stringify({
        method: 'subscribe',
        params: { channel: 'trade', symbol: [symbol], snapshot: false },
      }),
    )
    await ready
    const firstNs = startNs + 1000n
    for (let i = 0; i < o.steps; i++) {
      clock = startNs + stepNs * BigInt(i + 1)
      o.step(sim, i)
      // the exchange sends a step's frames as it happens: its answer to a ping comes after them all
      await new Promise<void>((resolve) => {
        waiting = { reqId: i + 1, done: resolve }
        ws.send(JSON.stringify({ method: 'ping', req_id: i + 1 }))
      })
    }
    const header = encodeHeader({
      trident: 'recording',
      v: 1,
      venue: 'builtin',
      started: new Date(Number(startNs / 1_000_000n)).toISOString(),
      channels: ['book', 'trade'],
      symbols: [symbol],
      depth: 10,
    })
    mkdirSync(dirname(o.file), { recursive: true })
    writeFileSync(o.file, gzipSync(header + lines.join('')))
    return { file: o.file, frames: lines.length, firstNs, lastNs: clock }
  } finally {
    ws.close()
    await sim.stop()
  }
}

/**
 * A market that trades down through its bids: at every step another account sells `qty` at
 * `ticks` below the best bid, so each step trades through (and clears) the levels above it.
 * BTC/USD prices are whole tenths in the engine (650005 is 65000.5).
 */
export function sellDown(ticks: number, qty = 100_000_000n) {
  return (sim: SimExchange, _i: number, symbol = 'BTC/USD'): void => {
    const bid = sim.engine.book(symbol).bestBid()
    if (bid === null) return
    sim.engine.place({
      account: 'synthetic-taker',
      symbol,
      side: 'sell',
      type: 'limit',
      limitPrice: bid - ticks,
      qty,
      tif: 'IOC',
      source: { protocol: 'rest' },
    })
  }
}
