import type { SimInstrument } from '../instruments'

/**
 * The simulator's full-depth L2 book for one instrument, moved by synthetic traders.
 * Prices are integer units of 10^-pricePrecision; quantities integer units of 10^-qtyPrecision
 * (as bigint: exact for any supply). The simulator keeps its own representation on purpose: it
 * shares no book code with the client, so each checks the other.
 */
export type SimSide = Map<number, bigint>

export interface SimLevelChange {
  side: 'bid' | 'ask'
  price: number
  /** 0n = level removed */
  qty: bigint
}

export class SyntheticBook {
  readonly bids: SimSide = new Map()
  readonly asks: SimSide = new Map()
  /** tick size in price units */
  readonly tick: number
  private readonly lot: bigint

  constructor(
    readonly instrument: SimInstrument,
    private readonly random: () => number,
    levelsPerSide = 150,
  ) {
    this.tick = Number(decimalToUnits(instrument.tickSize, instrument.pricePrecision))
    // a "lot" for synthetic sizes: 0.01 base units, or 1 unit when that is below precision
    this.lot = 10n ** BigInt(Math.max(0, instrument.qtyPrecision - 2))
    const mid = Number(decimalToUnits(instrument.referencePrice, instrument.pricePrecision))
    let bid = mid - this.tick
    let ask = mid + this.tick
    for (let i = 0; i < levelsPerSide; i++) {
      this.bids.set(bid, this.randomQty(i))
      this.asks.set(ask, this.randomQty(i))
      // dense near the touch, gaps further out
      bid -= (i < 20 ? 1 : 1 + Math.floor(this.random() * 3)) * this.tick
      ask += (i < 20 ? 1 : 1 + Math.floor(this.random() * 3)) * this.tick
    }
  }

  private randomQty(distance: number): bigint {
    const lots = 1 + Math.floor(this.random() * (20 + distance * 2))
    return BigInt(lots) * this.lot
  }

  bestBid(): number {
    let best = -Infinity
    for (const p of this.bids.keys()) if (p > best) best = p
    return best
  }

  bestAsk(): number {
    let best = Infinity
    for (const p of this.asks.keys()) if (p < best) best = p
    return best
  }

  /** Top `n` levels, best first. */
  top(side: 'bid' | 'ask', n: number): [number, bigint][] {
    const m = side === 'bid' ? this.bids : this.asks
    const sorted = [...m.entries()].sort((a, b) => (side === 'bid' ? b[0] - a[0] : a[0] - b[0]))
    return sorted.slice(0, n)
  }

  /**
   * One burst of market activity: resize a level near the touch, add or pull a level, or a trade
   * that eats the best level and moves the market. Never crosses the book.
   */
  step(): SimLevelChange[] {
    const r = this.random()
    const side: 'bid' | 'ask' = this.random() < 0.5 ? 'bid' : 'ask'
    const book = side === 'bid' ? this.bids : this.asks
    const best = side === 'bid' ? this.bestBid() : this.bestAsk()
    const dir = side === 'bid' ? -1 : 1
    const changes: SimLevelChange[] = []
    const put = (price: number, qty: bigint): void => {
      if (qty <= 0n) book.delete(price)
      else book.set(price, qty)
      changes.push({ side, price, qty: qty <= 0n ? 0n : qty })
    }
    if (r < 0.55) {
      // resize a level within the first ~15 ticks
      const price = best + dir * Math.floor(this.random() * 15) * this.tick
      put(price, this.randomQty(Math.abs(price - best) / this.tick))
    } else if (r < 0.75) {
      // pull a level (not the last few)
      const levels = this.top(side, 30)
      const victim = levels[1 + Math.floor(this.random() * (levels.length - 1))]
      if (victim && book.size > 40) put(victim[0], 0n)
    } else if (r < 0.9) {
      // trade through the best level: the market moves one level
      if (book.size > 40) put(best, 0n)
    } else {
      // improve the market by one tick if the spread allows
      const other = side === 'bid' ? this.bestAsk() : this.bestBid()
      const improved = best - dir * this.tick
      if (side === 'bid' ? improved < other : improved > other) put(improved, this.randomQty(0))
    }
    // keep depth on the far side stocked so the book never runs dry
    if (book.size < 120) {
      const worst = side === 'bid' ? Math.min(...book.keys()) : Math.max(...book.keys())
      put(worst + dir * this.tick, this.randomQty(40))
    }
    return changes
  }
}

/** Exact decimal text -> bigint units (simulator's own parser; it shares no code with the client). */
export function decimalToUnits(text: string, precision: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) throw new Error(`bad decimal ${text}`)
  const frac = (m[2] ?? '').padEnd(precision, '0')
  if (frac.length > precision) throw new Error(`${text} exceeds precision ${precision}`)
  return BigInt((m[1] ?? '0') + frac)
}

/** bigint units -> decimal text with exactly `precision` decimals, as Kraken prints book levels. */
export function unitsToDecimal(units: bigint | number, precision: number): string {
  const s = units.toString().padStart(precision + 1, '0')
  return precision === 0 ? s : `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`
}
