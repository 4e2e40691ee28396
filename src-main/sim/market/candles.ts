/**
 * OHLC candles from a stream of prices, one list per interval (Kraken's v2 `ohlc` intervals, in
 * minutes). The spot tape (MarketData) feeds them trades; the Unified WS feeds them the
 * derivatives mark and index prices it samples (tick_type mark/spot), so both build candles the
 * same way.
 */
export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const

export interface Candle {
  /** interval start, seconds */
  start: number
  open: number
  high: number
  low: number
  close: number
  /** sum of price*qty, for vwap (price units * qty units) */
  pq: bigint
  volume: bigint
  count: number
}

/** at most this many candles per interval are kept (the oldest go first) */
const MAX_CANDLES = 720

/** Start (seconds) of the `interval`-minute candle holding `timeMs`. */
export function candleStart(timeMs: number, interval: number): number {
  return Math.floor(timeMs / 1000 / (interval * 60)) * interval * 60
}

/**
 * One price (price units) at `timeMs` into every interval's candles: a trade adds its `qty` and
 * counts once; a sampled price (`qty` 0, `isTrade` false) moves open/high/low/close only.
 * Returns each interval's candle as it now stands.
 */
export function addToCandles(
  byInterval: Map<number, Candle[]>,
  price: number,
  qty: bigint,
  timeMs: number,
  isTrade = true,
): Map<number, Candle> {
  const changed = new Map<number, Candle>()
  for (const interval of OHLC_INTERVALS) {
    const list = byInterval.get(interval) ?? []
    byInterval.set(interval, list)
    const start = candleStart(timeMs, interval)
    let c = list.at(-1)
    if (!c || c.start !== start) {
      c = { start, open: price, high: price, low: price, close: price, pq: 0n, volume: 0n, count: 0 }
      list.push(c)
      if (list.length > MAX_CANDLES) list.shift()
    }
    c.high = Math.max(c.high, price)
    c.low = Math.min(c.low, price)
    c.close = price
    c.pq += qty * BigInt(price)
    c.volume += qty
    if (isTrade) c.count++
    changed.set(interval, c)
  }
  return changed
}
