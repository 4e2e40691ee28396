import type { Side, SimOrder } from './types'

export interface PriceLevel {
  price: number
  /** FIFO queue: time priority within the level */
  orders: SimOrder[]
}

/** One side: levels sorted best first. */
class BookSideQueue {
  readonly levels: PriceLevel[] = []
  constructor(readonly side: Side) {}

  private better(a: number, b: number): boolean {
    return this.side === 'buy' ? a > b : a < b
  }

  private index(price: number): number {
    let lo = 0
    let hi = this.levels.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.better(this.levels[mid]!.price, price)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  level(price: number): PriceLevel | undefined {
    const l = this.levels[this.index(price)]
    return l && l.price === price ? l : undefined
  }

  /** Append at the back of its price level's queue. */
  add(o: SimOrder, price: number): void {
    const i = this.index(price)
    const l = this.levels[i]
    if (l && l.price === price) l.orders.push(o)
    else this.levels.splice(i, 0, { price, orders: [o] })
  }

  remove(o: SimOrder, price: number): boolean {
    const i = this.index(price)
    const l = this.levels[i]
    if (!l || l.price !== price) return false
    const k = l.orders.indexOf(o)
    if (k < 0) return false
    l.orders.splice(k, 1)
    if (l.orders.length === 0) this.levels.splice(i, 1)
    return true
  }

  best(): PriceLevel | undefined {
    return this.levels[0]
  }
}

/** Resting orders of one instrument. Only displayed quantity shows in L2/L3. */
export class OrderBook {
  readonly bids = new BookSideQueue('buy')
  readonly asks = new BookSideQueue('sell')

  side(s: Side): BookSideQueue {
    return s === 'buy' ? this.bids : this.asks
  }

  /** Aggregated visible quantity of the top `n` levels, best first. */
  topL2(side: 'bid' | 'ask', n: number): [number, bigint][] {
    const levels = (side === 'bid' ? this.bids : this.asks).levels
    const out: [number, bigint][] = []
    for (const l of levels) {
      if (out.length >= n) break
      let q = 0n
      for (const o of l.orders) q += o.visible
      if (q > 0n) out.push([l.price, q])
    }
    return out
  }

  /** Whether a level with visible quantity exists at `price`. */
  hasL2(side: 'bid' | 'ask', price: number): boolean {
    const l = (side === 'bid' ? this.bids : this.asks).level(price)
    return !!l && l.orders.some((o) => o.visible > 0n)
  }

  /** Order-by-order view of the top `n` price levels (queue order). */
  topL3(
    side: 'bid' | 'ask',
    n: number,
  ): { price: number; orders: { id: string; qty: bigint; time: number; seq: number }[] }[] {
    const levels = (side === 'bid' ? this.bids : this.asks).levels
    const out: { price: number; orders: { id: string; qty: bigint; time: number; seq: number }[] }[] = []
    for (const l of levels) {
      if (out.length >= n) break
      const orders = l.orders
        .filter((o) => o.visible > 0n)
        .map((o) => ({ id: o.id, qty: o.visible, time: o.lastChangedAt, seq: o.seq }))
      if (orders.length) out.push({ price: l.price, orders })
    }
    return out
  }

  bestBid(): number | null {
    return this.bids.best()?.price ?? null
  }

  bestAsk(): number | null {
    return this.asks.best()?.price ?? null
  }
}
