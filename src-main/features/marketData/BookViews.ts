import type { BookView } from '../../../src-preload/contract/types'
import type { BookState } from '../../kraken/ws/KrakenWsPublicClient'
import type { MarketFeed } from './MarketFeed'
import { RefusedError, releaseOnce } from '../../ipc/StreamHub'

const BOOK_VIEW_LEVELS = 25

export interface BookViewsDeps {
  /** the public feed; null until the venue session started */
  feed: () => MarketFeed | null
  /** a book's view changed (urgent: books are pushed at once, see onBook) */
  publish: (symbol: string) => void
  /** every change of a book anyone holds, for main's own followers (alerts, marks) */
  onChange: (symbol: string) => void
}

/**
 * L2 books as windows see them: one venue subscription per instrument, reference-counted across
 * windows and main's own followers, and the view a window is sent.
 */
export class BookViews {
  private readonly refs = new Map<string, number>()
  private readonly views = new Map<string, BookView>()
  /** books changed since their view was last built (built when a window's push reads it) */
  private readonly changed = new Map<string, { state: BookState; at: number }>()

  constructor(private readonly d: BookViewsDeps) {}

  /** Reference-counted: the venue subscription lives while any window (or main) holds the book. */
  acquire(symbol: string): { key: string; release: () => void } {
    const known = this.d.feed()?.symbols ?? []
    if (known.length > 0 && !known.includes(symbol)) throw new RefusedError(`Unknown instrument ${symbol}`)
    const refs = (this.refs.get(symbol) ?? 0) + 1
    this.refs.set(symbol, refs)
    if (refs === 1) this.d.feed()?.watchBook(symbol)
    return {
      key: symbol,
      release: releaseOnce(() => {
        const left = (this.refs.get(symbol) ?? 1) - 1
        if (left > 0) {
          this.refs.set(symbol, left)
          return
        }
        this.refs.delete(symbol)
        this.views.delete(symbol)
        this.changed.delete(symbol)
        this.d.feed()?.unwatchBook(symbol)
      }),
    }
  }

  /**
   * Every book change is pushed at once (the hub keeps pushes >= 4 ms apart): the renderer paints
   * once per frame anyway, and waiting for a frame timer here added up to 16 ms to each depth
   * change (measured with `npm run bench`). The view is built when the hub reads it, not per
   * message: at 5,000 messages/s most are superseded before a push.
   */
  onBook(symbol: string, state: BookState): void {
    if (!this.refs.has(symbol)) return
    this.changed.set(symbol, { state, at: Date.now() })
    this.d.publish(symbol)
    this.d.onChange(symbol)
  }

  view(symbol: string): BookView | undefined {
    const changed = this.changed.get(symbol)
    if (!changed) return this.views.get(symbol)
    this.changed.delete(symbol)
    const { state, at } = changed
    const inst = state.instrument
    const prev = this.views.get(symbol)
    const levels = state.engine?.view(BOOK_VIEW_LEVELS) ?? { bids: prev?.bids ?? [], asks: prev?.asks ?? [] }
    const view: BookView = {
      symbol,
      bids: levels.bids,
      asks: levels.asks,
      tickSize: inst?.tickSize ?? '0',
      pricePrecision: inst?.pricePrecision ?? 0,
      qtyPrecision: inst?.qtyPrecision ?? 0,
      status: state.status,
      updates: state.engine?.updatesSinceSnapshot ?? 0,
      checksumFailures: state.checksumFailures,
      updatedAt: at,
      ...(state.venueTime ? { venueTime: state.venueTime } : {}),
    }
    this.views.set(symbol, view)
    return view
  }
}
