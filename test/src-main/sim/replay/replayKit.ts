/**
 * Test tools for the replay: record a built-in exchange over a real socket (a plain ws client
 * writing recording lines, as a recorder does), write a recording by hand, and a WS client that
 * keeps each book with the APP's book engine and CRC32 (not the exchange's) after every frame.
 */
import { createWriteStream, writeFileSync } from 'node:fs'
import { crc32, createGzip, gzipSync } from 'node:zlib'
import WebSocket from 'ws'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { scanBookFrame } from '../../../../src-main/kraken/ws/bookFrameScanner'
import { encodeHeader, encodeRecord, type RecordingHeader } from '../../../../src-domain/recording'
import { until } from '../../../helpers/until'

export interface BookState {
  bids: [string, string][]
  asks: [string, string][]
}

export interface TradeSeen {
  price: string
  qty: string
  side: string
  timestamp: string
  trade_id: string
}

/** Number texts of a trade data entry, read without a float. */
export function tradesOf(frame: string): { type: string; trades: TradeSeen[] } | null {
  if (!frame.includes('"channel":"trade"') || frame.includes('"method"')) return null
  const type = /"type":"(\w+)"/.exec(frame)![1]!
  const trades: TradeSeen[] = []
  const re =
    /\{"symbol":"[^"]+","side":"(\w+)","price":([\d.]+),"qty":([\d.]+),"ord_type":"\w+","trade_id":(\d+),"timestamp":"([^"]+)"\}/g
  for (let m = re.exec(frame); m; m = re.exec(frame))
    trades.push({ side: m[1]!, price: m[2]!, qty: m[3]!, trade_id: m[4]!, timestamp: m[5]! })
  return { type, trades }
}

/** A public WS v2 client: each book frame applied with the app's engine, its checksum checked. */
export class BookClient {
  readonly frames: string[] = []
  readonly states: BookState[] = []
  readonly checksumFailures: number[] = []
  readonly trades: TradeSeen[] = []
  private book: BookEngine | null = null
  private ws!: WebSocket

  constructor(
    private readonly url: string,
    private readonly symbol: string,
    private readonly depth = 10,
    private readonly precision = { pricePrecision: 1, qtyPrecision: 8 },
  ) {}

  async open(channels: ('book' | 'trade')[] = ['book', 'trade']): Promise<void> {
    this.ws = new WebSocket(this.url)
    this.ws.on('message', (d) => this.onFrame(String(d)))
    await new Promise((r) => this.ws.once('open', r))
    for (const channel of channels) {
      const params: Record<string, unknown> = { channel, symbol: [this.symbol] }
      if (channel === 'book') params.depth = this.depth
      this.ws.send(JSON.stringify({ method: 'subscribe', params }))
    }
    if (channels.includes('book')) await until(() => this.states.length > 0, 'book snapshot')
  }

  private onFrame(text: string): void {
    this.frames.push(text)
    const t = tradesOf(text)
    if (t) for (const x of t.trades) this.trades.push(x)
    const entries = scanBookFrame(text)
    if (!entries) return
    for (const e of entries) {
      if (e.symbol !== this.symbol) continue
      if (e.type === 'snapshot') {
        this.book = new BookEngine(e.symbol, this.precision, this.depth)
        this.book.applySnapshot(e.bids, e.asks)
      } else this.book!.applyUpdate(e.bids, e.asks)
      if (!this.book!.verify(e.checksum)) this.checksumFailures.push(this.states.length)
      this.states.push(this.book!.view(this.depth))
    }
  }

  close(): void {
    this.ws.close()
  }
}

/** Record `symbol`'s book and trades from a running exchange into a gzip'd recording until `done`. */
export async function recordExchange(
  wsUrl: string,
  file: string,
  symbol: string,
  done: (frames: number) => boolean,
  depth = 10,
): Promise<number> {
  const gz = createGzip()
  const out = createWriteStream(file)
  gz.pipe(out)
  const header: RecordingHeader = {
    trident: 'recording',
    v: 1,
    venue: 'builtin',
    started: new Date().toISOString(),
    channels: ['book', 'trade'],
    symbols: [symbol],
    depth,
  }
  gz.write(encodeHeader(header))
  const ws = new WebSocket(wsUrl)
  // wall-clock nanoseconds from a monotonic clock, as a recorder stamps them
  const base = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint()
  let frames = 0
  let recording = true
  ws.on('message', (d) => {
    const text = String(d)
    if (!recording) return
    if (!text.includes('"channel":"book"') && !text.includes('"channel":"trade"')) return
    gz.write(encodeRecord(base + process.hrtime.bigint(), text))
    frames++
  })
  await new Promise((r) => ws.once('open', r))
  ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'book', symbol: [symbol], depth } }))
  ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'trade', symbol: [symbol] } }))
  await until(() => done(frames), 'recorded frames', 30_000)
  recording = false
  ws.close()
  await new Promise<void>((r) => {
    out.once('close', () => r())
    gz.end()
  })
  return frames
}

/** A recording written out by hand: header then `[recvNs, frame]` lines. */
export function writeRecording(
  file: string,
  frames: [bigint, string][],
  header: Partial<RecordingHeader> = {},
): Buffer {
  const h: RecordingHeader = {
    trident: 'recording',
    v: 1,
    venue: 'builtin',
    started: '2026-12-01T06:00:00.000Z',
    channels: ['book', 'trade'],
    symbols: ['BTC/USD'],
    depth: 10,
    ...header,
  }
  const gz = gzipSync(encodeHeader(h) + frames.map(([ns, f]) => encodeRecord(ns, f)).join(''))
  writeFileSync(file, gz)
  return gz
}

/** Kraken's checksum from the decimal texts: the dot and leading zeros dropped, asks then bids. */
function krakenChecksum(bids: [string, string][], asks: [string, string][]): number {
  const part = (t: string): string => t.replace('.', '').replace(/^0+/, '')
  let s = ''
  for (const [p, q] of asks.slice(0, 10)) s += part(p) + part(q)
  for (const [p, q] of bids.slice(0, 10)) s += part(p) + part(q)
  return crc32(s) >>> 0
}

/** A WS v2 book frame as the exchange writes it (numbers verbatim); `book` is the whole book after it. */
export function bookFrame(
  type: 'snapshot' | 'update',
  levels: { bids: [string, string][]; asks: [string, string][] },
  book: { bids: [string, string][]; asks: [string, string][] },
  checksum = krakenChecksum(book.bids, book.asks),
): string {
  const ls = (l: [string, string][]): string => l.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')
  const ts = type === 'update' ? ',"timestamp":"2026-12-01T06:00:00.000000Z"' : ''
  return `{"channel":"book","type":"${type}","data":[{"symbol":"BTC/USD","bids":[${ls(levels.bids)}],"asks":[${ls(levels.asks)}],"checksum":${checksum}${ts}}]}`
}

export function tradeFrame(
  side: 'buy' | 'sell',
  price: string,
  qty: string,
  id: number,
  time: string,
): string {
  return `{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"${side}","price":${price},"qty":${qty},"ord_type":"market","trade_id":${id},"timestamp":"${time}"}]}`
}
