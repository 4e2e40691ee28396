import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { SimInstrument } from '../instruments'
import type { SyntheticBook } from '../market/SyntheticBook'
import { bookChecksum, instrumentSnapshotJson, levelsJson, wireTime } from './wsv2Format'

const BOOK_DEPTHS = new Set([10, 25, 100, 500, 1000])
/** Kraken closes connections sending frames this large; we answer with an error instead of parsing. */
const MAX_REQUEST_BYTES = 64 * 1024

interface BookSub {
  depth: number
  /** what this connection's book looks like now: price -> qty (exactly what we sent) */
  bids: Map<number, bigint>
  asks: Map<number, bigint>
}

interface Conn {
  ws: WebSocket
  books: Map<string, BookSub>
  subscribedAny: boolean
  lastSentAt: number
}

type Json = Record<string, unknown>

/**
 * Kraken WS v2 public endpoint of the built-in exchange: status, heartbeat, ping, instrument and
 * book (snapshot + updates with CRC32). Fault knobs let tests corrupt a checksum, drop
 * connections or pause the feed.
 */
export class SimWsServer {
  readonly wss: WebSocketServer
  private readonly conns = new Set<Conn>()
  private corruptNext = 0
  private heartbeatTimer: NodeJS.Timeout

  constructor(
    private readonly instruments: Map<string, SimInstrument>,
    private readonly books: Map<string, SyntheticBook>,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES })
    this.wss.on('connection', (ws) => this.onConnection(ws))
    this.heartbeatTimer = setInterval(() => this.heartbeats(), 1000)
    this.heartbeatTimer.unref()
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req))
  }

  get connectionCount(): number {
    return this.conns.size
  }

  /** Fault knob: the next `n` book messages carry a wrong checksum. */
  corruptNextChecksums(n = 1): void {
    this.corruptNext += n
  }

  /** Fault knob: drop every client connection abruptly (no close frame), as a network cut would. */
  dropAllConnections(): void {
    for (const c of this.conns) c.ws.terminate()
  }

  close(): void {
    clearInterval(this.heartbeatTimer)
    for (const c of this.conns) c.ws.terminate()
    this.wss.close()
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = { ws, books: new Map(), subscribedAny: false, lastSentAt: 0 }
    this.conns.add(conn)
    ws.on('close', () => this.conns.delete(conn))
    ws.on('error', () => this.conns.delete(conn))
    ws.on('message', (data, isBinary) => this.onMessage(conn, data as Buffer, isBinary))
    this.send(
      conn,
      `{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":${Math.floor(Math.random() * 2 ** 53)},"system":"online","version":"2.0.10"}]}`,
    )
  }

  private send(conn: Conn, text: string): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return
    conn.ws.send(text)
    conn.lastSentAt = Date.now()
  }

  private reply(conn: Conn, req: Json, timeIn: string, body: Json): void {
    const out: Json = { method: req.method, ...body, time_in: timeIn, time_out: wireTime() }
    if (typeof req.req_id === 'number') out.req_id = req.req_id
    this.send(conn, JSON.stringify(out))
  }

  private onMessage(conn: Conn, data: Buffer, isBinary: boolean): void {
    const timeIn = wireTime()
    let req: unknown
    try {
      if (isBinary) throw new Error('binary')
      req = JSON.parse(data.toString('utf8'))
    } catch {
      this.send(
        conn,
        JSON.stringify({
          error: 'EGeneral:Invalid arguments',
          success: false,
          time_in: timeIn,
          time_out: wireTime(),
        }),
      )
      return
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      this.send(
        conn,
        JSON.stringify({
          error: 'EGeneral:Invalid arguments',
          success: false,
          time_in: timeIn,
          time_out: wireTime(),
        }),
      )
      return
    }
    const r = req as Json
    switch (r.method) {
      case 'ping':
        this.reply(conn, { ...r, method: 'pong' }, timeIn, {})
        return
      case 'subscribe':
        this.subscribe(conn, r, timeIn)
        return
      case 'unsubscribe':
        this.unsubscribe(conn, r, timeIn)
        return
      default:
        this.reply(conn, r, timeIn, { success: false, error: 'Method not found' })
    }
  }

  private subscribe(conn: Conn, req: Json, timeIn: string): void {
    const params = (req.params ?? {}) as Json
    if (params.channel === 'instrument') {
      conn.subscribedAny = true
      this.reply(conn, req, timeIn, { success: true, result: { channel: 'instrument', snapshot: true } })
      if (params.snapshot !== false) this.send(conn, instrumentSnapshotJson([...this.instruments.values()]))
      return
    }
    if (params.channel !== 'book') {
      this.reply(conn, req, timeIn, { success: false, error: 'Channel not found' })
      return
    }
    const symbols = params.symbol
    const depth = params.depth === undefined ? 10 : params.depth
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string')) {
      this.reply(conn, req, timeIn, { success: false, error: 'EGeneral:Invalid arguments:symbol' })
      return
    }
    if (typeof depth !== 'number' || !BOOK_DEPTHS.has(depth)) {
      this.reply(conn, req, timeIn, { success: false, error: 'EGeneral:Invalid arguments:depth' })
      return
    }
    for (const symbol of symbols as string[]) {
      const inst = this.instruments.get(symbol)
      if (!inst) {
        this.reply(conn, req, timeIn, {
          success: false,
          error: `Currency pair not supported ${symbol}`,
          symbol,
        })
        continue
      }
      if (conn.books.has(symbol)) {
        this.reply(conn, req, timeIn, { success: false, error: 'Already subscribed', symbol })
        continue
      }
      conn.subscribedAny = true
      this.reply(conn, req, timeIn, {
        success: true,
        result: { channel: 'book', depth, snapshot: true, symbol },
      })
      const sub: BookSub = { depth, bids: new Map(), asks: new Map() }
      conn.books.set(symbol, sub)
      this.sendBookSnapshot(conn, inst, sub)
    }
  }

  private unsubscribe(conn: Conn, req: Json, timeIn: string): void {
    const params = (req.params ?? {}) as Json
    const symbols = Array.isArray(params.symbol) ? (params.symbol as unknown[]) : []
    for (const s of symbols) {
      const sub = typeof s === 'string' ? conn.books.get(s) : undefined
      const depth = params.depth === undefined ? 10 : params.depth
      if (params.channel !== 'book' || !sub || sub.depth !== depth) {
        this.reply(conn, req, timeIn, { success: false, error: 'Subscription Not Found', symbol: s })
        continue
      }
      conn.books.delete(s as string)
      this.reply(conn, req, timeIn, { success: true, result: { channel: 'book', depth, symbol: s } })
    }
  }

  private checksumFor(bids: [number, bigint][], asks: [number, bigint][]): number {
    const sum = bookChecksum(bids, asks)
    if (this.corruptNext > 0) {
      this.corruptNext--
      return (sum ^ 0x5a5a5a5a) >>> 0
    }
    return sum
  }

  private sendBookSnapshot(conn: Conn, inst: SimInstrument, sub: BookSub): void {
    const book = this.books.get(inst.symbol)!
    const bids = book.top('bid', sub.depth)
    const asks = book.top('ask', sub.depth)
    sub.bids = new Map(bids)
    sub.asks = new Map(asks)
    this.send(
      conn,
      `{"channel":"book","type":"snapshot","data":[{"symbol":"${inst.symbol}","bids":${levelsJson(bids, inst)},"asks":${levelsJson(asks, inst)},"checksum":${this.checksumFor(bids, asks)}}]}`,
    )
  }

  /** After the market moved: send each subscriber the difference between its view and the new top-N. */
  publishBook(symbol: string): void {
    const inst = this.instruments.get(symbol)
    const book = this.books.get(symbol)
    if (!inst || !book) return
    const ts = wireTime()
    for (const conn of this.conns) {
      const sub = conn.books.get(symbol)
      if (!sub) continue
      const bids = book.top('bid', sub.depth)
      const asks = book.top('ask', sub.depth)
      const bidDiff = diff(sub.bids, bids, book.bids)
      const askDiff = diff(sub.asks, asks, book.asks)
      if (bidDiff.length === 0 && askDiff.length === 0) continue
      sub.bids = new Map(bids)
      sub.asks = new Map(asks)
      this.send(
        conn,
        `{"channel":"book","type":"update","data":[{"symbol":"${symbol}","bids":${levelsJson(bidDiff, inst)},"asks":${levelsJson(askDiff, inst)},"checksum":${this.checksumFor(bids, asks)},"timestamp":"${ts}"}]}`,
      )
    }
  }

  private heartbeats(): void {
    const now = Date.now()
    for (const c of this.conns) {
      if (c.subscribedAny && now - c.lastSentAt >= 1000) this.send(c, '{"channel":"heartbeat"}')
    }
  }
}

/**
 * Levels to send so that a client holding `before` ends with `after` once it truncates to depth:
 * changed or new levels, and deletes for levels that left the book (not for levels merely pushed
 * below the depth, which Kraken never deletes explicitly).
 */
function diff(
  before: Map<number, bigint>,
  after: [number, bigint][],
  full: Map<number, bigint>,
): [number, bigint][] {
  const out: [number, bigint][] = []
  const inAfter = new Set<number>()
  for (const [p, q] of after) {
    inAfter.add(p)
    if (before.get(p) !== q) out.push([p, q])
  }
  for (const p of before.keys()) {
    if (!inAfter.has(p) && !full.has(p)) out.push([p, 0n])
  }
  return out
}
