/**
 * Index and mark prices of the perpetuals, in price units (the contract's tick).
 *
 * Index = the same exchange's spot mid of the underlying (BTC/USD for PF_XBTUSD, ETH/USD for
 * PF_ETHUSD), rounded half up to the contract's tick, so the index moves with the spot market.
 * Kraken's index is a composite of external spot venues; the built-in exchange has one venue.
 * A test may override it (`setIndexOverride`) to push the mark towards liquidation.
 *
 * Mark (model; Kraken's exact mark formula is NOT FOUND, §7): mark = index + premium, where the
 * premium is the perpetual book's mid minus the index, clamped to ±0.5 % of the index. The clamp
 * keeps a thin or one-sided perpetual book from moving the mark far from the underlying (that is
 * what a mark price is for: liquidations follow the market, not one book). An empty side means no
 * premium. Rounded to the tick toward the index.
 */
import type { MatchingEngine } from '../engine/MatchingEngine'
import { INDEX_SOURCE } from './perpInstruments'
import { perpetual } from './perpetuals'
import { RATE_SCALE } from './units'

/** |premium| cap as a rate (millionths): 0.5 % */
export const MARK_PREMIUM_CAP = 5_000n

/** price units; only when the spot book has never had a price (the spot seed's reference prices) */
const FALLBACK_INDEX: Record<string, bigint> = { PF_XBTUSD: 65000n, PF_ETHUSD: 32000n }

export class PerpPrices {
  private readonly overrides = new Map<string, bigint>()
  private readonly lastIndex = new Map<string, bigint>()

  constructor(
    private readonly spot: MatchingEngine,
    private readonly perps: MatchingEngine,
  ) {}

  /** Fix the index of `symbol` at `price` (price units), or null to follow the spot mid again. */
  setIndexOverride(symbol: string, price: bigint | null): void {
    perpetual(symbol)
    if (price === null) this.overrides.delete(symbol)
    else if (price <= 0n) throw new Error(`${symbol}: an index price must be positive`)
    else this.overrides.set(symbol, price)
  }

  index(symbol: string): bigint {
    const o = this.overrides.get(symbol)
    if (o !== undefined) return o
    const inst = perpetual(symbol)
    const source = INDEX_SOURCE[symbol]!
    // a replay may run without this spot pair: the index then stays where it was (or the seed)
    const spotInst = this.spot.books.has(source) ? this.spot.instrument(source) : null
    if (!spotInst) return this.lastIndex.get(symbol) ?? FALLBACK_INDEX[symbol]!
    const book = this.spot.book(source)
    const bid = book.bestBid()
    const ask = book.bestAsk()
    let sum2: bigint | null = null // twice the mid, in spot price units
    if (bid !== null && ask !== null) sum2 = BigInt(bid) + BigInt(ask)
    else {
      const last = this.spot.last(source)
      if (last !== null) sum2 = 2n * BigInt(last)
    }
    if (sum2 === null) return this.lastIndex.get(symbol) ?? FALLBACK_INDEX[symbol]!
    const num = sum2 * 10n ** BigInt(inst.pricePrecision)
    const den = 2n * 10n ** BigInt(spotInst.pricePrecision)
    const idx = (2n * num + den) / (2n * den) // half up
    this.lastIndex.set(symbol, idx)
    return idx
  }

  /** index + the perpetual book's premium, clamped (see the file comment) */
  mark(symbol: string): bigint {
    const index = this.index(symbol)
    const book = this.perps.book(symbol)
    const bid = book.bestBid()
    const ask = book.bestAsk()
    if (bid === null || ask === null) return index
    const cap = (index * MARK_PREMIUM_CAP) / RATE_SCALE
    // premium = (bid + ask) / 2 − index, truncated toward zero (toward the index)
    let premium = (BigInt(bid) + BigInt(ask) - 2n * index) / 2n
    if (premium > cap) premium = cap
    if (premium < -cap) premium = -cap
    return index + premium
  }

  marks(symbols: readonly string[]): Map<string, bigint> {
    return new Map(symbols.map((s) => [s, this.mark(s)]))
  }
}
