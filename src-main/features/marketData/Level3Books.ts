import type { L3BookView } from '../../../src-preload/contract/types'
import { L3BookEngine, type WireL3Order } from '../../core/book/L3BookEngine'
import type { BookPrecision } from '../../core/book/BookEngine'
import { RefusedError, releaseOnce } from '../../ipc/StreamHub'

const DEPTH = 10
/** levels per side sent to windows: the whole subscribed depth */
const VIEW_LEVELS = DEPTH

export interface Level3Deps {
  /** the level3 connection (Kraken serves it on its own endpoint); null without credentials */
  client: () => {
    watchLevel3(symbol: string, depth?: number): Promise<void>
    unwatchLevel3(symbol: string): Promise<void>
    resyncLevel3(symbol: string, depth?: number): Promise<void>
  } | null
  precision: (symbol: string) => BookPrecision | null
  /** venue order ids of the trader's own working orders */
  isMine: (orderId: string) => boolean
  publish: (key: string) => void
  log: (line: string) => void
}

interface Entry {
  engine: L3BookEngine
  status: L3BookView['status']
  checksumFailures: number
  refs: number
}

/**
 * Order-by-order books shared by every window: one level3 subscription per instrument however
 * many panels show it, each verified by Kraken's level3 checksum (which also covers queue order).
 */
export class Level3Books {
  private readonly books = new Map<string, Entry>()

  constructor(private readonly d: Level3Deps) {}

  acquire(symbol: string): { key: string; release: () => void } {
    const client = this.d.client()
    if (!client)
      throw new RefusedError(
        'The order-by-order book needs API keys: Kraken serves level3 to signed-in accounts only',
      )
    const precision = this.d.precision(symbol)
    if (!precision) throw new RefusedError(`Unknown instrument ${symbol}`)
    let e = this.books.get(symbol)
    if (!e) {
      e = {
        engine: new L3BookEngine(symbol, precision, DEPTH),
        status: 'stale',
        checksumFailures: 0,
        refs: 0,
      }
      this.books.set(symbol, e)
      client
        .watchLevel3(symbol, DEPTH)
        .catch((err: unknown) => this.d.log(`level3 ${symbol}: ${(err as Error).message}`))
    }
    e.refs++
    return {
      key: symbol,
      release: releaseOnce(() => {
        if (--e.refs > 0) return
        this.books.delete(symbol)
        client.unwatchLevel3(symbol).catch(() => undefined)
      }),
    }
  }

  /** One level3 message entry from the wire. */
  onMessage(type: 'snapshot' | 'update', entry: Record<string, unknown>): void {
    const symbol = String(entry.symbol)
    const e = this.books.get(symbol)
    if (!e) return
    const bids = (Array.isArray(entry.bids) ? entry.bids : []) as WireL3Order[]
    const asks = (Array.isArray(entry.asks) ? entry.asks : []) as WireL3Order[]
    try {
      if (type === 'snapshot') e.engine.applySnapshot(bids, asks)
      else if (e.status === 'resyncing')
        return // updates for the book we dropped: wait for the snapshot
      else e.engine.applyUpdate(bids, asks)
    } catch (err) {
      this.d.log(`level3 ${symbol}: bad ${type}: ${(err as Error).message}`)
      this.resync(symbol, e)
      return
    }
    if (entry.checksum !== undefined && !e.engine.verify(Number(entry.checksum))) {
      e.checksumFailures++
      this.d.log(`level3 ${symbol}: checksum mismatch, taking a fresh snapshot`)
      this.resync(symbol, e)
      return
    }
    e.status = 'live'
    this.d.publish(symbol)
  }

  private resync(symbol: string, e: Entry): void {
    e.status = 'resyncing'
    this.d.publish(symbol)
    this.d
      .client()
      ?.resyncLevel3(symbol, DEPTH)
      .catch((err: unknown) => this.d.log(`level3 ${symbol}: resync failed: ${(err as Error).message}`))
  }

  latest(symbol: string): L3BookView | undefined {
    const e = this.books.get(symbol)
    if (!e) return undefined
    return {
      symbol,
      status: e.status,
      orderCount: e.engine.orderCount(),
      checksumFailures: e.checksumFailures,
      levels: e.engine.view(VIEW_LEVELS).map((l) => ({
        side: l.side,
        price: l.price,
        orders: l.orders.map((o) => ({ id: o.id, qty: o.qty, mine: this.d.isMine(o.id) })),
      })),
    }
  }
}
