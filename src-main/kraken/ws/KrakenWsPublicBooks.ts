import { BookEngine } from '../../core/book/BookEngine'
import type { BookStatus } from '../../../src-domain/links'
import {
  type BookMessage,
  isObj,
  readBookMessage,
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

interface WatchedBook extends BookState {
  resyncTimes: number[]
  /** pending resubscribe after the budget ran out */
  retryTimer: NodeJS.Timeout | null
}

export interface KrakenWsPublicBooksOptions {
  /** book depth subscribed per symbol */
  depth: number
  onBook: (symbol: string, state: BookState) => void
  onProtocolError?: (error: Error) => void
  /** resubscribes allowed per symbol per minute after checksum failures, before backing off */
  resyncBudgetPerMinute?: number
  send: (msg: Record<string, unknown>) => void
}

/**
 * The watched L2 books: built from snapshots and updates, each verified against Kraken's checksum.
 * A book that cannot be trusted any more (mismatch, bad level) is thrown away and resubscribed for
 * a fresh snapshot, within a per-minute budget.
 */
export class KrakenWsPublicBooks {
  private readonly books = new Map<string, WatchedBook>()

  constructor(private readonly opts: KrakenWsPublicBooksOptions) {}

  get(symbol: string): BookState | undefined {
    return this.books.get(symbol)
  }

  /** Starts keeping `symbol`'s book; false when it is kept already. */
  add(symbol: string, instrument: InstrumentPair | null): boolean {
    if (this.books.has(symbol)) return false
    this.books.set(symbol, {
      engine: null,
      status: 'stale',
      checksumFailures: 0,
      instrument,
      resyncTimes: [],
      retryTimer: null,
    })
    return true
  }

  remove(symbol: string): void {
    const b = this.books.get(symbol)
    if (!b) return
    if (b.retryTimer) clearTimeout(b.retryTimer)
    this.books.delete(symbol)
    this.unsubscribe(symbol)
  }

  /** New reference data for a symbol: its book (if kept) uses it from the next snapshot. */
  setInstrument(p: InstrumentPair): void {
    const b = this.books.get(p.symbol)
    if (b) b.instrument = p
  }

  subscribe(symbol: string): void {
    this.opts.send({
      method: 'subscribe',
      params: { channel: 'book', symbol: [symbol], depth: this.opts.depth, snapshot: true },
    })
  }

  subscribeAll(): void {
    for (const symbol of this.books.keys()) this.subscribe(symbol)
  }

  /** The connection dropped: after a gap only a fresh snapshot is trustworthy. */
  dropAll(): void {
    for (const [symbol, b] of this.books) {
      b.engine = null
      b.status = 'stale'
      this.opts.onBook(symbol, b)
    }
  }

  /** Stopping: no resubscribe may fire later. */
  cancelRetries(): void {
    for (const b of this.books.values()) if (b.retryTimer) clearTimeout(b.retryTimer)
  }

  /** A book frame the scanner did not take, read from the general parse. */
  onBookFrame(msg: Record<string, unknown>): void {
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
    this.apply(entries)
  }

  /** Snapshots and updates in frame order (the hot path: most of the traffic is this). */
  apply(entries: readonly BookMessage[]): void {
    for (const m of entries) {
      const b = this.books.get(m.symbol)
      if (!b || !b.instrument) continue
      if (m.type === 'snapshot') {
        // The resubscribe was answered: from here a bad snapshot may trigger another resync.
        b.status = 'stale'
        // A fresh engine per snapshot: nothing from before can leak in.
        const engine = new BookEngine(m.symbol, b.instrument, this.opts.depth)
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

  private unsubscribe(symbol: string): void {
    this.opts.send({
      method: 'unsubscribe',
      params: { channel: 'book', symbol: [symbol], depth: this.opts.depth },
    })
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
    this.unsubscribe(symbol)
    if (b.resyncTimes.length <= budget) {
      this.subscribe(symbol)
    } else {
      // Out of budget: something is persistently wrong; back off instead of hammering the venue.
      b.retryTimer = setTimeout(() => {
        b.retryTimer = null
        if (this.books.get(symbol) === b) this.subscribe(symbol)
      }, 15_000)
    }
  }
}
