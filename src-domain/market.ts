/** Market data as every layer after the venue gateway sees it: exact decimal text, venue spellings gone. */
import type { Side } from './orders'

/** One public trade (time and sales). */
export interface TradeTick {
  id: string
  price: string
  qty: string
  side: Side
  /** ms since epoch */
  time: number
}

/** One OHLC candle. */
export interface Candle {
  /** interval start, seconds since epoch */
  time: number
  open: string
  high: string
  low: string
  close: string
  volume: string
}
