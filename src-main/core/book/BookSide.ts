/**
 * One side of an L2 book: levels sorted best-first, prices as integer units, quantities as
 * integer-unit strings (exact, see decimal/units.ts).
 */
export interface Level {
  /** price in units of 10^-pricePrecision */
  price: number
  /** quantity in units of 10^-qtyPrecision, no leading zeros, never "0" while in the book */
  qty: string
  /** this level's part of the checksum input (price then qty digits), kept with it */
  frag: string
}

export class BookSide {
  private levels: Level[] = []

  /** `descending` for bids (best = highest), ascending for asks. */
  constructor(readonly descending: boolean) {}

  get size(): number {
    return this.levels.length
  }

  at(i: number): Level | undefined {
    return this.levels[i]
  }

  clear(): void {
    this.levels = []
  }

  /** Set a level's quantity; quantity "0" deletes it. Returns the index it touched (-1: nothing). */
  set(price: number, qty: string): number {
    const i = this.search(price)
    const existing = this.levels[i]
    const found = existing !== undefined && existing.price === price
    if (qty === '0') {
      if (!found) return -1
      this.levels.splice(i, 1)
    } else if (found) {
      if (existing.qty === qty) return -1
      existing.qty = qty
      existing.frag = String(price) + qty
    } else {
      this.levels.splice(i, 0, { price, qty, frag: String(price) + qty })
    }
    return i
  }

  /** Kraken does not send deletes for levels pushed out of the subscribed depth: drop them here. */
  truncate(depth: number): void {
    if (this.levels.length > depth) this.levels.length = depth
  }

  /** Index of `price`, or where it would be inserted. */
  private search(price: number): number {
    let lo = 0
    let hi = this.levels.length
    const desc = this.descending
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const p = (this.levels[mid] as Level).price
      if (desc ? p > price : p < price) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Sorted best-first and strictly monotonic: asserted by tests after every change. */
  isWellFormed(): boolean {
    for (let i = 1; i < this.levels.length; i++) {
      const a = (this.levels[i - 1] as Level).price
      const b = (this.levels[i] as Level).price
      if (this.descending ? !(a > b) : !(a < b)) return false
    }
    return this.levels.every(
      (l) => l.qty !== '0' && /^[1-9]\d*$/.test(l.qty) && l.frag === String(l.price) + l.qty,
    )
  }
}
