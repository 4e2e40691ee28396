/**
 * One symbol's book as the recording shows it, kept exactly as a WS v2 client keeps it: a
 * snapshot replaces it, an update sets or deletes levels, then each side is cut to the subscribed
 * depth (Kraken never deletes a level that merely fell below the depth). Prices are units of
 * 10^-pricePrecision, quantities units of 10^-qtyPrecision: no float touches them. After each
 * frame the recorded checksum is checked with the exchange's own CRC32 of the top 10.
 */
import { decimalToUnits } from '../decimal'
import type { Side } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { bookChecksum } from '../ws/wsv2Format'
import type { BookEntry, LevelText } from './recordedFrames'

export interface LevelChange {
  side: Side
  price: number
  /** 0n: the level left the book */
  qty: bigint
}

export interface BookApplied {
  changes: LevelChange[]
  /** null when the checksum matched; else the mismatch in words */
  mismatch: string | null
}

export class RecordedBook {
  readonly bids = new Map<number, bigint>()
  readonly asks = new Map<number, bigint>()
  /**
   * Each side's prices kept best first as levels come and go (a binary-search insert into at most
   * `depth` + a frame's levels): sorting each side after every frame was a replay's top cost.
   */
  private readonly bidPrices: number[] = []
  private readonly askPrices: number[] = []

  constructor(
    readonly inst: SimInstrument,
    readonly depth: number,
  ) {}

  side(s: Side): Map<number, bigint> {
    return s === 'buy' ? this.bids : this.asks
  }

  qtyAt(s: Side, price: number): bigint {
    return this.side(s).get(price) ?? 0n
  }

  /** Levels best first (the top `n`). */
  sorted(s: Side, n = Infinity): [number, bigint][] {
    const m = this.side(s)
    const prices = s === 'buy' ? this.bidPrices : this.askPrices
    const out: [number, bigint][] = []
    for (let i = 0; i < prices.length && i < n; i++) out.push([prices[i]!, m.get(prices[i]!)!])
    return out
  }

  private insertPrice(s: Side, price: number): void {
    const prices = s === 'buy' ? this.bidPrices : this.askPrices
    let lo = 0
    let hi = prices.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (s === 'buy' ? prices[mid]! > price : prices[mid]! < price) lo = mid + 1
      else hi = mid
    }
    prices.splice(lo, 0, price)
  }

  private removePrice(s: Side, price: number): void {
    const prices = s === 'buy' ? this.bidPrices : this.askPrices
    const i = prices.indexOf(price)
    if (i >= 0) prices.splice(i, 1)
  }

  apply(e: BookEntry): BookApplied {
    const changes: LevelChange[] = []
    if (e.type === 'snapshot') {
      for (const s of ['buy', 'sell'] as const)
        for (const p of this.side(s).keys()) changes.push({ side: s, price: p, qty: 0n })
      this.bids.clear()
      this.asks.clear()
      this.bidPrices.length = 0
      this.askPrices.length = 0
    }
    this.set('buy', e.bids, changes)
    this.set('sell', e.asks, changes)
    this.truncate('buy', changes)
    this.truncate('sell', changes)
    const computed = bookChecksum(this.sorted('buy', 10), this.sorted('sell', 10))
    const mismatch =
      computed === e.checksum ? null : `book checksum mismatch: recorded ${e.checksum}, computed ${computed}`
    return { changes, mismatch }
  }

  private set(s: Side, ls: LevelText[], changes: LevelChange[]): void {
    const m = this.side(s)
    for (const [pt, qt] of ls) {
      const p = decimalToUnits(pt, this.inst.pricePrecision)
      const q = decimalToUnits(qt, this.inst.qtyPrecision)
      if (p === null || q === null)
        throw new Error(`${this.inst.symbol}: level ${pt} x ${qt} is not a decimal at the pair's precision`)
      const price = Number(p)
      if (q === 0n) {
        if (m.delete(price)) this.removePrice(s, price)
      } else {
        if (!m.has(price)) this.insertPrice(s, price)
        m.set(price, q)
      }
      changes.push({ side: s, price, qty: q })
    }
  }

  private truncate(s: Side, changes: LevelChange[]): void {
    const m = this.side(s)
    if (m.size <= this.depth) return
    const prices = s === 'buy' ? this.bidPrices : this.askPrices
    for (const p of prices.splice(this.depth)) {
      m.delete(p)
      changes.push({ side: s, price: p, qty: 0n })
    }
  }
}
