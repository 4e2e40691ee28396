import type { BookView } from '../../src-preload/contract/types'
import { fromUnits, toPriceUnits } from '../../src-preload/contract/decimal'

export interface LadderRow {
  /** price in units of 10^-pricePrecision */
  price: number
  priceText: string
  bidQty: string | null
  askQty: string | null
  bestBid: boolean
  bestAsk: boolean
  /** 0..1 share of the largest quantity on screen, for depth bars (display only) */
  bidDepth: number
  askDepth: number
}

export function tickUnits(book: Pick<BookView, 'tickSize' | 'pricePrecision'>): number {
  const t = toPriceUnits(book.tickSize, book.pricePrecision)
  return t > 0 ? t : 1
}

/** Mid of the touch snapped to the tick grid, or null without a two-sided book. */
export function centreOf(book: BookView): number | null {
  const bid = book.bids[0]
  const ask = book.asks[0]
  if (!bid && !ask) return null
  const tick = tickUnits(book)
  const b = bid ? toPriceUnits(bid[0], book.pricePrecision) : null
  const a = ask ? toPriceUnits(ask[0], book.pricePrecision) : null
  const mid = b !== null && a !== null ? (b + a) / 2 : (b ?? a)!
  return Math.round(mid / tick) * tick
}

/**
 * One row per tick, highest price on top (the DOM convention): a price column that never jumps
 * as the book changes, so a click lands on the price the trader aimed at.
 */
export function buildLadderRows(book: BookView, centre: number, rowCount: number): LadderRow[] {
  const tick = tickUnits(book)
  const pp = book.pricePrecision
  const bids = new Map(book.bids.map(([p, q]) => [toPriceUnits(p, pp), q]))
  const asks = new Map(book.asks.map(([p, q]) => [toPriceUnits(p, pp), q]))
  const bestBid = book.bids[0] ? toPriceUnits(book.bids[0][0], pp) : null
  const bestAsk = book.asks[0] ? toPriceUnits(book.asks[0][0], pp) : null
  const half = Math.floor(rowCount / 2)
  const rows: LadderRow[] = []
  let max = 0
  for (let i = 0; i < rowCount; i++) {
    const price = centre + (half - i) * tick
    const bidQty = bids.get(price) ?? null
    const askQty = asks.get(price) ?? null
    // Number() only sizes the depth bars; quantities shown are the exact texts.
    max = Math.max(max, Number(bidQty ?? 0), Number(askQty ?? 0))
    rows.push({
      price,
      priceText: price >= 0 ? fromUnits(String(price), pp) : '',
      bidQty,
      askQty,
      bestBid: price === bestBid,
      bestAsk: price === bestAsk,
      bidDepth: 0,
      askDepth: 0,
    })
  }
  if (max > 0) {
    for (const r of rows) {
      r.bidDepth = r.bidQty ? Number(r.bidQty) / max : 0
      r.askDepth = r.askQty ? Number(r.askQty) / max : 0
    }
  }
  return rows
}

/** True when the touch has left the visible rows, so the ladder should re-centre. */
export function touchOutside(book: BookView, centre: number, rowCount: number): boolean {
  const c = centreOf(book)
  if (c === null) return false
  const span = Math.floor(rowCount / 2) * tickUnits(book)
  return c > centre + span || c < centre - span
}
