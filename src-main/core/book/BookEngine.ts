import { BookSide } from './BookSide'
import { crc32Finish, crc32Start, crc32Update } from './crc32'
import { fromUnits } from '../../../src-domain/decimal'
import { qtyUnits } from './qtyUnits'
import { priceUnits } from './priceUnits'

/** A level exactly as it came off the wire: decimal texts, never JS numbers. */
export interface WireLevel {
  price: string
  qty: string
}

export interface BookPrecision {
  pricePrecision: number
  qtyPrecision: number
}

const SCRATCH_PRICES: number[] = []
const SCRATCH_QTYS: string[] = []

/** Levels the Kraken v2 checksum covers, whatever the subscribed depth. */
export const CHECKSUM_LEVELS = 10

/**
 * L2 order book for one instrument, maintained from Kraken WS v2 `book` snapshots and updates.
 * Pure: no I/O, no clock. The adapter decides what to do on a checksum mismatch.
 */
export class BookEngine {
  readonly bids = new BookSide(true)
  readonly asks = new BookSide(false)
  /** Number of messages applied since the last snapshot (0 after a snapshot). */
  updatesSinceSnapshot = 0
  hasSnapshot = false
  /**
   * Running CRC after each fragment of the checksum input (asks then bids, up to 20), and how
   * many are still valid: a change at position p only recomputes from p on.
   */
  private readonly prefix = new Int32Array(2 * CHECKSUM_LEVELS + 1)
  private validPrefix = 0
  private cachedChecksum: number | null = null

  constructor(
    readonly symbol: string,
    readonly precision: BookPrecision,
    readonly depth: number,
  ) {}

  applySnapshot(bids: readonly WireLevel[], asks: readonly WireLevel[]): void {
    this.bids.clear()
    this.asks.clear()
    this.invalidate(0)
    this.applyLevels(bids, asks)
    this.hasSnapshot = true
    this.updatesSinceSnapshot = 0
  }

  applyUpdate(bids: readonly WireLevel[], asks: readonly WireLevel[]): void {
    if (!this.hasSnapshot) throw new Error(`book ${this.symbol}: update before snapshot`)
    this.applyLevels(bids, asks)
    this.updatesSinceSnapshot++
  }

  /** Apply every level of the message, then truncate to depth (Kraken's maintenance rule). */
  private applyLevels(bids: readonly WireLevel[], asks: readonly WireLevel[]): void {
    const { pricePrecision, qtyPrecision } = this.precision
    // Parse everything first so a malformed level leaves the book untouched.
    const nb = bids.length
    const total = nb + asks.length
    // scratch space shared by all books: this method never re-enters, and it saves an
    // allocation per message on the hottest path of the app
    const prices = SCRATCH_PRICES
    const qtys = SCRATCH_QTYS
    for (let i = 0; i < nb; i++) {
      prices[i] = priceUnits(bids[i]!.price, pricePrecision)
      qtys[i] = qtyUnits(bids[i]!.qty, qtyPrecision)
    }
    for (let i = 0; i < asks.length; i++) {
      prices[nb + i] = priceUnits(asks[i]!.price, pricePrecision)
      qtys[nb + i] = qtyUnits(asks[i]!.qty, qtyPrecision)
    }
    for (let i = 0; i < total; i++) {
      const isBid = i < nb
      const side = isBid ? this.bids : this.asks
      const at = side.set(prices[i]!, qtys[i]!)
      // Only changes within the checksum's levels invalidate it: on a deep book most do not.
      if (at >= 0 && at < CHECKSUM_LEVELS)
        this.invalidate(isBid ? Math.min(CHECKSUM_LEVELS, this.asks.size) + at : at)
    }
    this.bids.truncate(this.depth)
    this.asks.truncate(this.depth)
  }

  private invalidate(position: number): void {
    this.cachedChecksum = null
    if (position < this.validPrefix) this.validPrefix = position
  }

  /** Kraken v2 CRC32: top 10 asks then top 10 bids, price and qty at instrument precision, no dots, no leading zeros. */
  checksum(): number {
    if (this.cachedChecksum !== null) return this.cachedChecksum
    const na = Math.min(CHECKSUM_LEVELS, this.asks.size)
    const n = na + Math.min(CHECKSUM_LEVELS, this.bids.size)
    let p = Math.min(this.validPrefix, n)
    let crc = p === 0 ? crc32Start() : this.prefix[p]!
    for (; p < n; p++) {
      crc = crc32Update(crc, (p < na ? this.asks.at(p)! : this.bids.at(p - na)!).frag)
      this.prefix[p + 1] = crc
    }
    this.validPrefix = n
    this.cachedChecksum = crc32Finish(crc)
    return this.cachedChecksum
  }

  /** The exact text the checksum covers (for diagnostics and tests). */
  checksumInput(): string {
    let s = ''
    for (const side of [this.asks, this.bids]) {
      const n = Math.min(CHECKSUM_LEVELS, side.size)
      for (let i = 0; i < n; i++) s += side.at(i)!.frag
    }
    return s
  }

  verify(expected: number): boolean {
    return this.checksum() === expected >>> 0
  }

  /** Top `n` levels per side as exact decimal texts, best first. */
  view(n: number): { bids: [string, string][]; asks: [string, string][] } {
    const { pricePrecision, qtyPrecision } = this.precision
    const take = (side: BookSide): [string, string][] => {
      const out: [string, string][] = []
      const m = Math.min(n, side.size)
      for (let i = 0; i < m; i++) {
        const l = side.at(i)!
        out.push([fromUnits(String(l.price), pricePrecision), fromUnits(l.qty, qtyPrecision)])
      }
      return out
    }
    return { bids: take(this.bids), asks: take(this.asks) }
  }
}
