import type {
  AppInfo,
  BookView,
  ConnectionsView,
  HostKind,
  VenueKind,
} from '../../src-preload/contract/types'
import { KrakenWsPublicClient, type BookState, type LinkInfo } from '../kraken/ws/KrakenWsPublicClient'
import { SimExchange, type SimExchangeOptions } from '../sim/SimExchange'
import { RefusedError, StreamHub, type SessionTransport } from './StreamHub'

export interface TridentCoreOptions {
  host: HostKind
  version: string
  /** Venue WS v2 public URL; when absent the built-in exchange is started on loopback. */
  wsPublicUrl?: string
  sim?: SimExchangeOptions
  log?: (msg: string) => void
  frameMs?: number
}

const BOOK_VIEW_LEVELS = 25

/**
 * The main-process core, free of Electron: venue connections, books, and the stream hub that
 * serves renderers. Both hosts (Electron, loopback) construct exactly this and only differ in how
 * a renderer's frames reach `attach`.
 */
export class TridentCore {
  readonly hub: StreamHub
  sim: SimExchange | null = null
  private wsPublic: KrakenWsPublicClient | null = null
  private readonly bookRefs = new Map<string, number>()
  private readonly bookViews = new Map<string, BookView>()
  private link: LinkInfo | null = null
  private readonly venue: VenueKind
  private readonly log: (msg: string) => void

  constructor(private readonly options: TridentCoreOptions) {
    this.venue = options.wsPublicUrl ? 'kraken' : 'simulator'
    this.log = options.log ?? (() => {})
    this.hub = new StreamHub(
      { 'app.info': () => this.info() },
      {
        book: {
          acquire: ({ symbol }) => this.acquireBook(symbol),
          latest: (key) => this.bookViews.get(key),
        },
        connections: {
          acquire: () => ({ key: 'all', release: () => {} }),
          latest: () => this.connections(),
        },
      },
      { frameMs: options.frameMs ?? 16, log: this.log },
    )
  }

  async start(): Promise<void> {
    let url = this.options.wsPublicUrl
    if (!url) {
      this.sim = new SimExchange(this.options.sim)
      url = (await this.sim.start()).wsPublic
      this.log(`built-in exchange listening at ${url}`)
    }
    this.wsPublic = new KrakenWsPublicClient({
      url,
      depth: 25,
      onBook: (symbol, state) => this.onBook(symbol, state),
      onLink: (info) => {
        this.link = info
        this.hub.publish('connections', 'all')
      },
      onProtocolError: (e) => this.log(`ws public: ${e.message}`),
    })
    this.wsPublic.start()
  }

  async stop(): Promise<void> {
    this.wsPublic?.stop()
    await this.sim?.stop()
  }

  attach(transport: SessionTransport): ReturnType<StreamHub['openSession']> {
    return this.hub.openSession(transport)
  }

  private info(): AppInfo {
    const symbols = this.wsPublic?.symbols.length
      ? this.wsPublic.symbols
      : [...(this.sim?.instruments.keys() ?? [])]
    return {
      name: 'Trident',
      version: this.options.version,
      host: this.options.host,
      venue: this.venue,
      symbols,
    }
  }

  /** Reference-counted: the venue subscription lives while any window shows the book. */
  private acquireBook(symbol: string): { key: string; release: () => void } {
    const known = this.wsPublic?.symbols ?? []
    if (known.length > 0 && !known.includes(symbol)) throw new RefusedError(`Unknown instrument ${symbol}`)
    const refs = (this.bookRefs.get(symbol) ?? 0) + 1
    this.bookRefs.set(symbol, refs)
    if (refs === 1) this.wsPublic?.watchBook(symbol)
    let released = false
    return {
      key: symbol,
      release: () => {
        if (released) return
        released = true
        const left = (this.bookRefs.get(symbol) ?? 1) - 1
        if (left > 0) {
          this.bookRefs.set(symbol, left)
          return
        }
        this.bookRefs.delete(symbol)
        this.bookViews.delete(symbol)
        this.wsPublic?.unwatchBook(symbol)
      },
    }
  }

  private onBook(symbol: string, state: BookState): void {
    if (!this.bookRefs.has(symbol)) return
    const inst = state.instrument
    const prev = this.bookViews.get(symbol)
    const levels = state.engine?.view(BOOK_VIEW_LEVELS) ?? { bids: prev?.bids ?? [], asks: prev?.asks ?? [] }
    this.bookViews.set(symbol, {
      symbol,
      bids: levels.bids,
      asks: levels.asks,
      tickSize: inst?.tickSize ?? '0',
      pricePrecision: inst?.pricePrecision ?? 0,
      qtyPrecision: inst?.qtyPrecision ?? 0,
      status: state.status,
      updates: state.engine?.updatesSinceSnapshot ?? 0,
      checksumFailures: state.checksumFailures,
      updatedAt: Date.now(),
    })
    this.hub.publish('book', symbol)
  }

  private connections(): ConnectionsView {
    const l = this.link
    return {
      venue: this.venue,
      links: [
        {
          protocol: 'ws',
          channel: 'public',
          state: l?.state ?? 'offline',
          detail: l?.detail ?? 'Not started',
          latencyMs: l?.latencyMs ?? null,
          reconnects: l?.reconnects ?? 0,
          since: l?.since ?? Date.now(),
        },
      ],
    }
  }
}
