import { crc32Finish, crc32Start, crc32Update } from './crc32'
import { CHECKSUM_LEVELS, type BookPrecision } from './BookEngine'
import { fromUnits, toUnits } from '../../../src-preload/contract/decimal'
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

  private index(price: number): number {
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

  append(o: L3Order): void {
    const i = this.index(o.price)
    const l = this.levels[i]
    if (l && l.price === o.price) l.orders.push(o)
    else this.levels.splice(i, 0, { price: o.price, orders: [o] })
  }

  remove(o: L3Order): void {
    const i = this.index(o.price)
    const l = this.levels[i]
    if (!l || l.price !== o.price) return
    const k = l.orders.indexOf(o)
    if (k >= 0) l.orders.splice(k, 1)
    if (l.orders.length === 0) this.levels.splice(i, 1)
  }

  truncate(depth: number, forget: (o: L3Order) => void): void {
    while (this.levels.length > depth) for (const o of this.levels.pop()!.orders) forget(o)
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

  constructor(
    readonly symbol: string,
    readonly precision: BookPrecision,
    readonly depth: number,
  ) {}

  private parse(o: WireL3Order): L3Order {
    const price = priceUnits(o.limit_price, this.precision.pricePrecision)
    const qty = toUnits(o.order_qty, this.precision.qtyPrecision)
    return { id: o.order_id, price, qty, frag: String(price) + qty }
  }

  applySnapshot(bids: readonly WireL3Order[], asks: readonly WireL3Order[]): void {
    const b = bids.map((o) => this.parse(o))
    const a = asks.map((o) => this.parse(o))
    this.byId.clear()
    this.bids.levels.length = 0
    this.asks.levels.length = 0
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
        if (known) {
          known.side.remove(known.order)
          this.byId.delete(o.id)
        }
      } else if (event === 'modify' && known && known.order.price === o.price) {
        known.order.qty = o.qty // keeps its place in the queue
        known.order.frag = o.frag
        if (o.qty === '0') {
          known.side.remove(known.order)
          this.byId.delete(o.id)
        }
      } else {
        if (known) {
          known.side.remove(known.order)
          this.byId.delete(o.id)
        }
        if (o.qty !== '0') this.add(side, o)
      }
    }
    this.truncate()
  }

  private add(side: L3Side, o: L3Order): void {
    side.append(o)
    this.byId.set(o.id, { side, order: o })
  }

  private truncate(): void {
    const forget = (o: L3Order): void => void this.byId.delete(o.id)
    this.bids.truncate(this.depth, forget)
    this.asks.truncate(this.depth, forget)
  }

  checksumInput(): string {
    let s = ''
    for (const side of [this.asks, this.bids]) {
      for (const l of side.levels.slice(0, CHECKSUM_LEVELS)) for (const o of l.orders) s += o.frag
    }
    return s
  }

  /** CRC32 over the orders of the top 10 levels, asks then bids, fed fragment by fragment. */
  checksum(): number {
    let crc = crc32Start()
    for (const side of [this.asks, this.bids]) {
      const n = Math.min(CHECKSUM_LEVELS, side.levels.length)
      for (let k = 0; k < n; k++) {
        const orders = side.levels[k]!.orders
        for (let j = 0; j < orders.length; j++) crc = crc32Update(crc, orders[j]!.frag)
      }
    }
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
