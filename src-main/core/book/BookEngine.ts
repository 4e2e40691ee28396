import { BookSide } from './BookSide'
import { crc32Ascii } from './crc32'
import { fromUnits, toPriceUnits, toUnits } from '../../../src-preload/contract/decimal'

/** A level exactly as it came off the wire: decimal texts, never JS numbers. */
export interface WireLevel {
  price: string
  qty: string
}

export interface BookPrecision {
  pricePrecision: number
  qtyPrecision: number
}

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

  constructor(
    readonly symbol: string,
    readonly precision: BookPrecision,
    readonly depth: number,
  ) {}

  applySnapshot(bids: readonly WireLevel[], asks: readonly WireLevel[]): void {
    this.bids.clear()
    this.asks.clear()
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
    const b = bids.map((l) => [toPriceUnits(l.price, pricePrecision), toUnits(l.qty, qtyPrecision)] as const)
    const a = asks.map((l) => [toPriceUnits(l.price, pricePrecision), toUnits(l.qty, qtyPrecision)] as const)
    for (const [p, q] of b) this.bids.set(p, q)
    for (const [p, q] of a) this.asks.set(p, q)
    this.bids.truncate(this.depth)
    this.asks.truncate(this.depth)
  }

  /** Kraken v2 CRC32: top 10 asks then top 10 bids, price and qty at instrument precision, no dots, no leading zeros. */
  checksum(): number {
    return crc32Ascii(this.checksumInput())
  }

  checksumInput(): string {
    let s = ''
    for (const side of [this.asks, this.bids]) {
      const n = Math.min(CHECKSUM_LEVELS, side.size)
      for (let i = 0; i < n; i++) {
        const l = side.at(i)!
        s += String(l.price) + l.qty
      }
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
