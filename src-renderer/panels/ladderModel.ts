import type { BookView, OrderView } from '../../src-preload/contract/types'
import { fromUnits, toPriceUnits, trimZeros } from '../../src-domain/decimal'
import type { PaintRow } from './ladderPainter'
import { legKind, legText, type LegMarks } from './bracketModel'

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

/** My working orders' remaining quantities by price (in price units, so "65000" and "65000.0" are one row). */
export type Mine = Map<number, { buy: number; sell: number; ids: string[] }>

export function myOrdersByPrice(working: readonly OrderView[], symbol: string, pp: number | undefined): Mine {
  const m: Mine = new Map()
  if (pp === undefined) return m
  for (const o of working) {
    if (o.symbol !== symbol || !o.limitPrice) continue
    let u: number
    try {
      u = toPriceUnits(o.limitPrice, pp)
    } catch {
      continue
    }
    const e = m.get(u) ?? { buy: 0, sell: 0, ids: [] }
    // display only: the blotter has the exact remaining quantities
    e[o.side] += Number(o.qty) - Number(o.filledQty)
    e.ids.push(o.clOrdId)
    m.set(u, e)
  }
  return m
}

/**
 * Volume traded at each price since the ladder opened (the VOLUME_PRICES prices traded most
 * recently), and the last trade. Written by the trades feed, read by paints and the mirror: a
 * small store of its own, not React state.
 */
export interface TradeMarks {
  volume: Map<number, number>
  last: { price: number; side: 'buy' | 'sell' } | null
}

export const newTradeMarks = (): TradeMarks => ({ volume: new Map(), last: null })

/**
 * Prices whose traded volume the ladder remembers: the ones traded most recently. Volume at every
 * price traded since the ladder opened grew all day as the price walked (issue 20); 5,000 prices
 * are $500 of BTC/USD at its 0.1 tick, far more than a ladder shows or a trader scrolls to.
 */
export const VOLUME_PRICES = 5_000

/**
 * Count a trade of `qty` (display only, a number) at `price` (in price units) in the volume
 * column; past VOLUME_PRICES prices, the one traded least recently is forgotten.
 */
export function addTradeVolume(marks: TradeMarks, price: number, qty: number): void {
  const { volume } = marks
  const was = volume.get(price) ?? 0
  // a Map iterates in insertion order: set again, the price moves to the end, so the first key
  // is always the price traded least recently
  volume.delete(price)
  volume.set(price, was + qty)
  if (volume.size > VOLUME_PRICES) volume.delete(volume.keys().next().value!)
}

/** The centre the ladder should move to (first data, or the touch left the screen), or null to stay. */
export function recentreTo(book: BookView, centre: number | null, rowCount: number): number | null {
  if (centre !== null && !touchOutside(book, centre, rowCount)) return null
  const c = centreOf(book)
  return c !== null && c !== centre ? c : null
}

/** One model for the canvas and the DOM mirror: the rows as the trader reads them. */
export function ladderRows(
  book: BookView,
  centre: number,
  rowCount: number,
  mine: Mine,
  marks: TradeMarks,
  legs?: LegMarks,
): (PaintRow & { price: number })[] {
  return buildLadderRows(book, centre, rowCount).map((r) => {
    const m = mine.get(r.price)
    const vol = marks.volume.get(r.price)
    const l = legs?.get(r.price)
    return {
      ...(l && {
        legBuy: legText(l, 'buy', book.qtyPrecision),
        legSell: legText(l, 'sell', book.qtyPrecision),
        legBuyKind: legKind(l, 'buy'),
        legSellKind: legKind(l, 'sell'),
      }),
      price: r.price,
      priceText: r.priceText,
      bidQty: r.bidQty,
      askQty: r.askQty,
      bestBid: r.bestBid,
      bestAsk: r.bestAsk,
      // whole percents: a bar that moves by less than a pixel is not worth a repaint
      bidPct: Math.round(r.bidDepth * 100),
      askPct: Math.round(r.askDepth * 100),
      lastSide: marks.last?.price === r.price ? marks.last.side : null,
      myBuy: m?.buy ? formatQty(m.buy, book.qtyPrecision) : '',
      mySell: m?.sell ? formatQty(m.sell, book.qtyPrecision) : '',
      volume: vol ? vol.toFixed(4) : '',
    }
  })
}

function formatQty(q: number, qp: number): string {
  return trimZeros(q.toFixed(qp))
}
