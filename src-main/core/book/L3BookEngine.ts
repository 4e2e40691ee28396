import { crc32Finish, crc32Start, crc32Update } from './crc32'
import { CHECKSUM_LEVELS, type BookPrecision } from './BookEngine'
import { fromUnits } from '../../../src-domain/decimal'
import { qtyUnits } from './qtyUnits'
import { priceUnits } from './priceUnits'

/** An order as the level3 channel sends it: exact decimal texts. */
export interface WireL3Order {
  order_id: string
  limit_price: string
  order_qty: string
  event?: 'add' | 'modify' | 'delete'
}

interface L3Order {
  id: string
  price: number
  qty: string
  /** this order's part of the checksum input (price then qty digits), kept with it */
  frag: string
}

interface L3Level {
  price: number
  /** queue order: earliest first */
  orders: L3Order[]
}

class L3Side {
  readonly levels: L3Level[] = []
  constructor(readonly descending: boolean) {}

  index(price: number): number {
    let lo = 0
    let hi = this.levels.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const p = this.levels[mid]!.price
      if (this.descending ? p > price : p < price) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Returns the index of the level it joined (or created). */
  append(o: L3Order): number {
    const i = this.index(o.price)
    const l = this.levels[i]
    if (l && l.price === o.price) l.orders.push(o)
    else this.levels.splice(i, 0, { price: o.price, orders: [o] })
    return i
  }

  /** Returns the index of the level it left, -1 if it was not there. */
  remove(o: L3Order): number {
    const i = this.index(o.price)
    const l = this.levels[i]
    if (!l || l.price !== o.price) return -1
    const k = l.orders.indexOf(o)
    if (k >= 0) l.orders.splice(k, 1)
    if (l.orders.length === 0) this.levels.splice(i, 1)
    return i
  }

  /** Returns whether any level was dropped. */
  truncate(depth: number, forget: (o: L3Order) => void): boolean {
    if (this.levels.length <= depth) return false
    while (this.levels.length > depth) for (const o of this.levels.pop()!.orders) forget(o)
    return true
  }
}

/**
 * Order-by-order (Kraken WS v2 level3) book. Keeps queue order within each price level, so its
 * checksum also verifies queue priority. Pure: no I/O.
 */
export class L3BookEngine {
  readonly bids = new L3Side(true)
  readonly asks = new L3Side(false)
  private readonly byId = new Map<string, { side: L3Side; order: L3Order }>()
  /**
   * Running CRC after each checksum level (asks then bids, up to 20), and how many are still
   * valid: a change at level position p only recomputes from p on, as in BookEngine.
   */
  private readonly prefix = new Int32Array(2 * CHECKSUM_LEVELS + 1)
  private validPrefix = 0

  constructor(
    readonly symbol: string,
    readonly precision: BookPrecision,
    readonly depth: number,
  ) {}

  private parse(o: WireL3Order): L3Order {
    const price = priceUnits(o.limit_price, this.precision.pricePrecision)
    const qty = qtyUnits(o.order_qty, this.precision.qtyPrecision)
    return { id: o.order_id, price, qty, frag: String(price) + qty }
  }

  applySnapshot(bids: readonly WireL3Order[], asks: readonly WireL3Order[]): void {
    const b = bids.map((o) => this.parse(o))
    const a = asks.map((o) => this.parse(o))
    this.byId.clear()
    this.bids.levels.length = 0
    this.asks.levels.length = 0
    this.validPrefix = 0
    for (const o of b) this.add(this.bids, o)
    for (const o of a) this.add(this.asks, o)
    this.truncate()
  }

  /** Apply add/modify/delete events (all parsed first, so a malformed event changes nothing). */
  applyUpdate(bids: readonly WireL3Order[], asks: readonly WireL3Order[]): void {
    const parsed: [L3Side, 'add' | 'modify' | 'delete', L3Order][] = []
    for (const o of bids) parsed.push([this.bids, o.event ?? 'add', this.parse(o)])
    for (const o of asks) parsed.push([this.asks, o.event ?? 'add', this.parse(o)])
    for (const [side, event, o] of parsed) {
      const known = this.byId.get(o.id)
      if (event === 'delete') {
        if (known) this.remove(known)
      } else if (event === 'modify' && known && known.order.price === o.price) {
        known.order.qty = o.qty // keeps its place in the queue
        known.order.frag = o.frag
        this.touched(known.side, known.side.index(o.price))
        if (o.qty === '0') this.remove(known)
      } else {
        if (known) this.remove(known)
        if (o.qty !== '0') this.add(side, o)
      }
    }
    this.truncate()
  }

  private add(side: L3Side, o: L3Order): void {
    this.touched(side, side.append(o))
    this.byId.set(o.id, { side, order: o })
  }

  private remove(known: { side: L3Side; order: L3Order }): void {
    this.touched(known.side, known.side.remove(known.order))
    this.byId.delete(known.order.id)
  }

  /**
   * A change at level `index` of `side`: the checksum prefix is kept only before it. A bid's
   * position counts the asks now in the checksum; if the asks' count changed since the prefix
   * was computed, an ask change at a lower position has already cut the prefix there.
   */
  private touched(side: L3Side, index: number): void {
    if (index < 0 || index >= CHECKSUM_LEVELS) return
    const position = side === this.asks ? index : Math.min(CHECKSUM_LEVELS, this.asks.levels.length) + index
    if (position < this.validPrefix) this.validPrefix = position
  }

  private truncate(): void {
    const forget = (o: L3Order): void => void this.byId.delete(o.id)
    if (this.bids.truncate(this.depth, forget)) this.touched(this.bids, this.depth)
    if (this.asks.truncate(this.depth, forget)) this.touched(this.asks, this.depth)
  }

  checksumInput(): string {
    let s = ''
    for (const side of [this.asks, this.bids]) {
      for (const l of side.levels.slice(0, CHECKSUM_LEVELS)) for (const o of l.orders) s += o.frag
    }
    return s
  }

  /** CRC32 over the orders of the top 10 levels, asks then bids, recomputed from the first change. */
  checksum(): number {
    const na = Math.min(CHECKSUM_LEVELS, this.asks.levels.length)
    const n = na + Math.min(CHECKSUM_LEVELS, this.bids.levels.length)
    let p = Math.min(this.validPrefix, n)
    let crc = p === 0 ? crc32Start() : this.prefix[p]!
    for (; p < n; p++) {
      const orders = (p < na ? this.asks.levels[p]! : this.bids.levels[p - na]!).orders
      for (let j = 0; j < orders.length; j++) crc = crc32Update(crc, orders[j]!.frag)
      this.prefix[p + 1] = crc
    }
    this.validPrefix = n
    return crc32Finish(crc)
  }

  verify(expected: number): boolean {
    return this.checksum() === expected >>> 0
  }

  orderCount(): number {
    return this.byId.size
  }

  /** Top `n` levels with their orders, exact decimal texts. */
  view(n: number): { side: 'bid' | 'ask'; price: string; orders: { id: string; qty: string }[] }[] {
    const { pricePrecision: pp, qtyPrecision: qp } = this.precision
    const out: { side: 'bid' | 'ask'; price: string; orders: { id: string; qty: string }[] }[] = []
    for (const [name, side] of [
      ['bid', this.bids],
      ['ask', this.asks],
    ] as const) {
      for (const l of side.levels.slice(0, n)) {
        out.push({
          side: name,
          price: fromUnits(String(l.price), pp),
          orders: l.orders.map((o) => ({ id: o.id, qty: fromUnits(o.qty, qp) })),
        })
      }
    }
    return out
  }
}
