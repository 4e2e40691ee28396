import WebSocket from 'ws'
import { BookEngine } from '../../core/book/BookEngine'
import type { BookStatus, LinkState } from '../../../src-domain/links'
import { reconnectDelayMs } from './backoff'
import { scanBookFrame } from './bookFrameScanner'
import { parseLossless } from './losslessJson'
import {
  type BookMessage,
  isObj,
  readBookMessage,
  readInstrumentPairs,
  type InstrumentPair,
  WsProtocolError,
} from './wsv2Messages'

export interface BookState {
  engine: BookEngine | null
  status: BookStatus
  checksumFailures: number
  instrument: InstrumentPair | null
  /** venue time of the last applied update */
  venueTime?: string
}

export interface LinkInfo {
  state: LinkState
  detail: string
  latencyMs: number | null
  reconnects: number
  since: number
}

export interface KrakenWsPublicClientOptions {
  url: string
  /** book depth subscribed per symbol (Kraken: 10, 25, 100, 500, 1000) */
  depth?: 10 | 25 | 100 | 500 | 1000
  onBook: (symbol: string, state: BookState) => void
  onLink: (info: LinkInfo) => void
  onProtocolError?: (error: Error) => void
  random?: () => number
  pingIntervalMs?: number
  /** reconnect when nothing at all arrived for this long (Kraken sends heartbeats every second) */
  silenceTimeoutMs?: number
  /** resubscribes allowed per symbol per minute after checksum failures, before backing off */
  resyncBudgetPerMinute?: number
}

/** A trade, ticker or ohlc entry as Kraken sends it, numbers as exact text. */
export type ChannelEntry = Record<string, unknown>
export type DataChannel = 'trade' | 'ticker' | 'ohlc'

interface WatchedChannel {
  channel: DataChannel
  symbol: string
  params: Record<string, unknown>
  onData: (entries: ChannelEntry[], snapshot: boolean) => void
}

interface WatchedBook extends BookState {
  resyncTimes: number[]
  /** pending resubscribe after the budget ran out */
  retryTimer: NodeJS.Timeout | null
}

/**
 * Kraken WS v2 public market data: instrument reference data and L2 books with checksum
 * verification. On a mismatch the symbol is resubscribed for a fresh snapshot (within a budget);
 * on a dropped connection every book is discarded and rebuilt from new snapshots, so no stale
 * ("ghost") level survives a reconnect.
 */
export class KrakenWsPublicClient {
  private ws: WebSocket | null = null
  private stopped = true
  private attempt = 0
  private reconnects = 0
  private reqId = 1
  private readonly books = new Map<string, WatchedBook>()
  private readonly instruments = new Map<string, InstrumentPair>()
  private readonly channels = new Map<string, WatchedChannel>()
  private instrumentsReady = false
  private pingTimer: NodeJS.Timeout | null = null
  private reconnectTimer: NodeJS.Timeout | null = null
  private lastMessageAt = 0

  /** when anything (data, heartbeat, ack) last arrived, ms since epoch; 0 = never */
  get lastHeardAt(): number {
    return this.lastMessageAt
  }
  private readonly pings = new Map<number, number>()
  private link: LinkInfo = {
    state: 'offline',
    detail: 'Not connected',
    latencyMs: null,
    reconnects: 0,
    since: Date.now(),
  }
  private readonly depth: number
  private readonly random: () => number

  constructor(private readonly opts: KrakenWsPublicClientOptions) {
    this.depth = opts.depth ?? 25
    this.random = opts.random ?? Math.random
  }

  get linkInfo(): LinkInfo {
    return this.link
  }

  instrument(symbol: string): InstrumentPair | undefined {
    return this.instruments.get(symbol)
  }

  get symbols(): string[] {
    return [...this.instruments.keys()]
  }

  bookState(symbol: string): BookState | undefined {
    return this.books.get(symbol)
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    if (this.pingTimer) clearInterval(this.pingTimer)
    for (const b of this.books.values()) if (b.retryTimer) clearTimeout(b.retryTimer)
    this.ws?.terminate()
    this.ws = null
    this.setLink('offline', 'Stopped')
  }

  /** Start maintaining `symbol`'s book (idempotent; the caller reference-counts views). */
  watchBook(symbol: string): void {
    if (this.books.has(symbol)) return
    this.books.set(symbol, {
      engine: null,
      status: 'stale',
      checksumFailures: 0,
      instrument: this.instruments.get(symbol) ?? null,
      resyncTimes: [],
      retryTimer: null,
    })
    if (this.instrumentsReady) this.subscribeBook(symbol)
  }

  /**
   * Follow trade, ticker or ohlc for a symbol (resubscribed after every reconnect).
   * Returns a function that stops it.
   */
  watch(
    channel: DataChannel,
    symbol: string,
    onData: WatchedChannel['onData'],
    params: Record<string, unknown> = {},
  ): () => void {
    const key = `${channel}:${symbol}:${JSON.stringify(params)}`
    const w: WatchedChannel = { channel, symbol, params, onData }
    this.channels.set(key, w)
    this.subscribeChannel(w)
    return () => {
      if (this.channels.get(key) !== w) return
      this.channels.delete(key)
      this.send({ method: 'unsubscribe', params: { channel, symbol: [symbol], ...params } })
    }
  }

  private subscribeChannel(w: WatchedChannel): void {
    this.send({
      method: 'subscribe',
      params: { channel: w.channel, symbol: [w.symbol], snapshot: true, ...w.params },
    })
  }

  unwatchBook(symbol: string): void {
    const b = this.books.get(symbol)
    if (!b) return
    if (b.retryTimer) clearTimeout(b.retryTimer)
    this.books.delete(symbol)
    this.send({ method: 'unsubscribe', params: { channel: 'book', symbol: [symbol], depth: this.depth } })
  }

  private setLink(state: LinkState, detail: string): void {
    const since = state === this.link.state ? this.link.since : Date.now()
    this.link = { ...this.link, state, detail, reconnects: this.reconnects, since }
    this.opts.onLink(this.link)
  }

  private connect(): void {
    this.setLink(
      this.attempt === 0 && this.reconnects === 0 ? 'connecting' : 'reconnecting',
      `Connecting to ${this.opts.url}`,
    )
    const ws = new WebSocket(this.opts.url, { handshakeTimeout: 10_000, maxPayload: 64 * 1024 * 1024 })
    this.ws = ws
    ws.on('open', () => {
      this.attempt = 0
      this.lastMessageAt = Date.now()
      this.setLink('online', 'Connected')
      this.send({ method: 'subscribe', params: { channel: 'instrument', snapshot: true } })
      for (const w of this.channels.values()) this.subscribeChannel(w)
      this.startPinging()
    })
    ws.on('message', (data: Buffer) => this.handleFrame(data.toString('utf8')))
    ws.on('close', () => this.onClosed(ws))
    ws.on('error', (err) => {
      this.opts.onProtocolError?.(err)
      // 'close' follows 'error'
    })
  }

  private onClosed(ws: WebSocket): void {
    if (this.ws !== ws) return
    this.ws = null
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.pings.clear()
    // Drop every book: after a gap only a fresh snapshot is trustworthy.
    for (const [symbol, b] of this.books) {
      b.engine = null
      b.status = 'stale'
      this.opts.onBook(symbol, b)
    }
    if (this.stopped) return
    const delay = reconnectDelayMs(this.attempt++, this.random)
    this.reconnects++
    this.setLink(
      'reconnecting',
      `Connection lost; reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${this.attempt})`,
    )
    this.reconnectTimer = setTimeout(() => this.connect(), delay)
  }

  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer)
    const every = this.opts.pingIntervalMs ?? 5_000
    const silence = this.opts.silenceTimeoutMs ?? 10_000
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastMessageAt > silence) {
        // A half-open TCP connection never closes by itself: cut it and reconnect.
        this.ws?.terminate()
        return
      }
      const id = this.reqId++
      this.pings.set(id, performance.now())
      this.send({ method: 'ping', req_id: id })
    }, every)
    this.pingTimer.unref()
  }

  private send(msg: Record<string, unknown>): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return
    if (msg.req_id === undefined) msg.req_id = this.reqId++
    this.ws.send(JSON.stringify(msg))
  }

  private subscribeBook(symbol: string): void {
    this.send({
      method: 'subscribe',
      params: { channel: 'book', symbol: [symbol], depth: this.depth, snapshot: true },
    })
  }

  /**
   * One text frame as received. The socket calls this; the bench drives it without a socket, so
   * the figure it prints is this code's. Book frames (most of the traffic) take the specialised
   * scanner; anything it does not recognise takes the general lossless parse, unchanged.
   */
  handleFrame(text: string): void {
    this.lastMessageAt = Date.now()
    const book = scanBookFrame(text)
    if (book !== null) {
      try {
        this.applyBookEntries(book)
      } catch (e) {
        this.opts.onProtocolError?.(e as Error)
      }
      return
    }
    let msg: unknown
    try {
      msg = parseLossless(text)
    } catch (e) {
      this.opts.onProtocolError?.(
        new WsProtocolError(`malformed frame (${(e as Error).message}): ${text.slice(0, 200)}`),
      )
      return
    }
    if (!isObj(msg)) {
      this.opts.onProtocolError?.(new WsProtocolError(`frame is not an object: ${text.slice(0, 200)}`))
      return
    }
    try {
      if (msg.channel === 'book') this.onBookFrame(msg)
      else if (
        (msg.channel === 'trade' || msg.channel === 'ticker' || msg.channel === 'ohlc') &&
        Array.isArray(msg.data)
      ) {
        const bySymbol = new Map<string, ChannelEntry[]>()
        for (const d of msg.data) {
          if (!isObj(d) || typeof d.symbol !== 'string') continue
          bySymbol.set(d.symbol, [...(bySymbol.get(d.symbol) ?? []), d])
        }
        for (const w of this.channels.values()) {
          const entries = w.channel === msg.channel ? bySymbol.get(w.symbol) : undefined
          if (!entries) continue
          if (
            w.channel === 'ohlc' &&
            w.params.interval !== undefined &&
            entries.every((e) => String(e.interval) !== String(w.params.interval))
          )
            continue
          w.onData(entries, msg.type === 'snapshot')
        }
      } else if (msg.channel === 'instrument') this.onInstrumentFrame(msg)
      else if (msg.method === 'pong') this.onPong(msg)
      else if (msg.method === 'subscribe' && msg.success === false) {
        this.opts.onProtocolError?.(new WsProtocolError(`subscribe refused: ${String(msg.error)}`))
      }
      // status, heartbeat and acks need no action beyond lastMessageAt
    } catch (e) {
      this.opts.onProtocolError?.(e as Error)
    }
  }

  private onPong(msg: Record<string, unknown>): void {
    const id = Number(msg.req_id)
    const sentAt = this.pings.get(id)
    if (sentAt === undefined) return
    this.pings.delete(id)
    this.link = { ...this.link, latencyMs: Math.round((performance.now() - sentAt) * 10) / 10 }
    this.opts.onLink(this.link)
  }

  private onInstrumentFrame(msg: Record<string, unknown>): void {
    for (const p of readInstrumentPairs(msg)) {
      this.instruments.set(p.symbol, p)
      const b = this.books.get(p.symbol)
      if (b) b.instrument = p
    }
    if (msg.type === 'snapshot') {
      this.instrumentsReady = true
      for (const symbol of this.books.keys()) this.subscribeBook(symbol)
    }
  }

  private onBookFrame(msg: Record<string, unknown>): void {
    let entries
    try {
      entries = readBookMessage(msg)
    } catch (e) {
      // A malformed book frame means our copy can no longer be trusted: resync what it named.
      const data = Array.isArray(msg.data) ? msg.data : []
      for (const d of data)
        if (isObj(d) && typeof d.symbol === 'string') this.resync(d.symbol, (e as Error).message)
      throw e
    }
    this.applyBookEntries(entries)
  }

  private applyBookEntries(entries: readonly BookMessage[]): void {
    for (const m of entries) {
      const b = this.books.get(m.symbol)
      if (!b || !b.instrument) continue
      if (m.type === 'snapshot') {
        // The resubscribe was answered: from here a bad snapshot may trigger another resync.
        b.status = 'stale'
        // A fresh engine per snapshot: nothing from before can leak in.
        const engine = new BookEngine(m.symbol, b.instrument, this.depth)
        try {
          engine.applySnapshot(m.bids, m.asks)
        } catch (e) {
          this.resync(m.symbol, (e as Error).message)
          continue
        }
        b.engine = engine
      } else {
        if (b.status !== 'live' || !b.engine) continue // waiting for the resync snapshot
        try {
          b.engine.applyUpdate(m.bids, m.asks)
        } catch (e) {
          this.resync(m.symbol, (e as Error).message)
          continue
        }
      }
      if (!b.engine.verify(m.checksum)) {
        this.resync(m.symbol, `checksum mismatch (expected ${m.checksum}, computed ${b.engine.checksum()})`)
        continue
      }
      b.status = 'live'
      if (m.timestamp) b.venueTime = m.timestamp
      this.opts.onBook(m.symbol, b)
    }
  }

  /** Throw the book away and ask for a new snapshot, within the per-minute budget. */
  private resync(symbol: string, reason: string): void {
    const b = this.books.get(symbol)
    if (!b || b.status === 'resyncing') return
    b.checksumFailures++
    b.status = 'resyncing'
    b.engine = null
    this.opts.onBook(symbol, b)
    this.opts.onProtocolError?.(new WsProtocolError(`book ${symbol}: ${reason}; resubscribing`))
    const now = Date.now()
    b.resyncTimes = b.resyncTimes.filter((t) => now - t < 60_000)
    b.resyncTimes.push(now)
    const budget = this.opts.resyncBudgetPerMinute ?? 5
    this.send({ method: 'unsubscribe', params: { channel: 'book', symbol: [symbol], depth: this.depth } })
    if (b.resyncTimes.length <= budget) {
      this.subscribeBook(symbol)
    } else {
      // Out of budget: something is persistently wrong; back off instead of hammering the venue.
      b.retryTimer = setTimeout(() => {
        b.retryTimer = null
        if (this.books.get(symbol) === b) this.subscribeBook(symbol)
      }, 15_000)
    }
  }
}
