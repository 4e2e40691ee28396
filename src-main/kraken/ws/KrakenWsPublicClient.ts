import { type BookState, KrakenWsPublicBooks } from './KrakenWsPublicBooks'
import { type ChannelEntry, type DataChannel, KrakenWsPublicChannels } from './KrakenWsPublicChannels'
import {
  type FrameObserver,
  KrakenWsPublicConnection,
  type LinkInfo,
  receiveNs,
} from './KrakenWsPublicConnection'
import { scanBookFrame } from './bookFrameScanner'
import { parseLossless } from './losslessJson'
import { isObj, readInstrumentPairs, type InstrumentPair, WsProtocolError } from './wsv2Messages'

// The client's vocabulary stays importable from here: callers need not know how it is split.
export type { BookState } from './KrakenWsPublicBooks'
export type { ChannelEntry, DataChannel } from './KrakenWsPublicChannels'
export type { FrameObserver, LinkInfo } from './KrakenWsPublicConnection'

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
  /**
   * Kraken's Unified WS (derivatives) names the asset class on every market subscription; set,
   * every subscribe and unsubscribe carries `asset_class`. Absent: spot WS v2, which has none.
   */
  assetClass?: 'spot' | 'derivatives'
  /** reads an instrument frame (default: spot v2 `pairs`); the Unified WS lists `futures` */
  readInstruments?: (msg: Record<string, unknown>) => InstrumentPair[]
}

/**
 * Kraken WS v2 public market data: instrument reference data and L2 books with checksum
 * verification. On a mismatch the symbol is resubscribed for a fresh snapshot (within a budget);
 * on a dropped connection every book is discarded and rebuilt from new snapshots, so no stale
 * ("ghost") level survives a reconnect.
 *
 * This class routes frames and keeps the instrument table; the socket (KrakenWsPublicConnection),
 * the books (KrakenWsPublicBooks) and the trade/ticker/ohlc subscriptions (KrakenWsPublicChannels)
 * live in their own files.
 */
export class KrakenWsPublicClient {
  private readonly connection: KrakenWsPublicConnection
  private readonly books: KrakenWsPublicBooks
  private readonly channels: KrakenWsPublicChannels
  private readonly instruments = new Map<string, InstrumentPair>()
  /** every subscribe/unsubscribe goes through here (it adds asset_class when the venue wants it) */
  private readonly send: (msg: Record<string, unknown>) => void
  private instrumentsReady = false
  /**
   * Every text frame as received, before anything reads it (the recorder taps here); null when
   * nobody records, and then a frame pays one null check.
   */
  frameObserver: FrameObserver | null = null
  /** the latest instrument snapshot frame as received: a recording file starts with it (precisions) */
  instrumentSnapshotFrame: string | null = null

  constructor(private readonly opts: KrakenWsPublicClientOptions) {
    const assetClass = opts.assetClass
    const send = (msg: Record<string, unknown>): void => {
      if (assetClass !== undefined && isObj(msg.params) && msg.method !== 'ping')
        msg = { ...msg, params: { ...msg.params, asset_class: assetClass } }
      this.connection.send(msg)
    }
    this.send = send
    this.connection = new KrakenWsPublicConnection({
      url: opts.url,
      onLink: opts.onLink,
      onProtocolError: opts.onProtocolError,
      random: opts.random,
      pingIntervalMs: opts.pingIntervalMs,
      silenceTimeoutMs: opts.silenceTimeoutMs,
      onOpen: () => {
        send({ method: 'subscribe', params: { channel: 'instrument', snapshot: true } })
        this.channels.subscribeAll()
      },
      onFrame: (text) => this.handleFrame(text),
      onDropped: () => this.books.dropAll(),
    })
    this.books = new KrakenWsPublicBooks({
      depth: opts.depth ?? 25,
      onBook: opts.onBook,
      onProtocolError: opts.onProtocolError,
      resyncBudgetPerMinute: opts.resyncBudgetPerMinute,
      send,
    })
    this.channels = new KrakenWsPublicChannels(send)
  }

  /** when anything (data, heartbeat, ack) last arrived, ms since epoch; 0 = never */
  get lastHeardAt(): number {
    return this.connection.lastMessageAt
  }

  get linkInfo(): LinkInfo {
    return this.connection.linkInfo
  }

  instrument(symbol: string): InstrumentPair | undefined {
    return this.instruments.get(symbol)
  }

  get symbols(): string[] {
    return [...this.instruments.keys()]
  }

  /** the book depth subscribed per symbol */
  get bookDepth(): number {
    return this.opts.depth ?? 25
  }

  bookState(symbol: string): BookState | undefined {
    return this.books.get(symbol)
  }

  start(): void {
    this.connection.start()
  }

  stop(): void {
    this.books.cancelRetries()
    this.connection.stop()
  }

  /** Start maintaining `symbol`'s book (idempotent; the caller reference-counts views). */
  watchBook(symbol: string): void {
    // before the instrument snapshot a book cannot be built; that snapshot subscribes it
    if (this.books.add(symbol, this.instruments.get(symbol) ?? null) && this.instrumentsReady)
      this.books.subscribe(symbol)
  }

  unwatchBook(symbol: string): void {
    this.books.remove(symbol)
  }

  /**
   * Ask the venue for a fresh snapshot of a watched book (unsubscribe, subscribe): a recording
   * file must start from one. The book stays as it is until the snapshot replaces it.
   */
  resnapshotBook(symbol: string): void {
    if (this.bookState(symbol) === undefined || !this.instrumentsReady) return
    const params = { channel: 'book', symbol: [symbol], depth: this.bookDepth }
    this.send({ method: 'unsubscribe', params })
    this.send({ method: 'subscribe', params: { ...params, snapshot: true } })
  }

  /**
   * Follow trade, ticker or ohlc for a symbol (resubscribed after every reconnect).
   * Returns a function that stops it.
   */
  watch(
    channel: DataChannel,
    symbol: string,
    onData: (entries: ChannelEntry[], snapshot: boolean) => void,
    params: Record<string, unknown> = {},
  ): () => void {
    return this.channels.watch(channel, symbol, onData, params)
  }

  /**
   * One text frame as received. The socket calls this; the bench drives it without a socket, so
   * the figure it prints is this code's. Book frames (most of the traffic) take the specialised
   * scanner; anything it does not recognise takes the general lossless parse, unchanged.
   */
  handleFrame(text: string): void {
    const tap = this.frameObserver
    if (tap !== null) tap(text, receiveNs())
    this.connection.lastMessageAt = Date.now()
    const book = scanBookFrame(text)
    if (book !== null) {
      try {
        this.books.apply(book)
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
      if (msg.channel === 'book') this.books.onBookFrame(msg)
      else if (
        (msg.channel === 'trade' || msg.channel === 'ticker' || msg.channel === 'ohlc') &&
        Array.isArray(msg.data)
      )
        this.channels.dispatch(msg, msg.data)
      else if (msg.channel === 'instrument') {
        this.onInstrumentFrame(msg)
        if (msg.type === 'snapshot') this.instrumentSnapshotFrame = text
      } else if (msg.method === 'pong') this.connection.onPong(msg)
      else if (msg.method === 'subscribe' && msg.success === false) {
        this.opts.onProtocolError?.(new WsProtocolError(`subscribe refused: ${String(msg.error)}`))
      }
      // status, heartbeat and acks need no action beyond lastMessageAt
    } catch (e) {
      this.opts.onProtocolError?.(e as Error)
    }
  }

  private onInstrumentFrame(msg: Record<string, unknown>): void {
    for (const p of (this.opts.readInstruments ?? readInstrumentPairs)(msg)) {
      this.instruments.set(p.symbol, p)
      this.books.setInstrument(p)
    }
    if (msg.type === 'snapshot') {
      this.instrumentsReady = true
      this.books.subscribeAll()
    }
  }
}
