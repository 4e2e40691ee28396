import type { Candle, TradeTick } from '../../../src-domain/market'

/**
 * Kraken WS v2 `trade` and `ohlc` entries → domain ticks and candles. Prices arrive as JSON numbers
 * read losslessly (the client's parser keeps their text), so `String(v)` gives back Kraken's digits.
 * Kept in the venue layer: the rest of the app never sees Kraken's field names.
 */
export function readTrade(e: Record<string, unknown>): TradeTick {
  return {
    id: String(e.trade_id),
    price: String(e.price),
    qty: String(e.qty),
    side: e.side === 'sell' ? 'sell' : 'buy',
    time: Date.parse(String(e.timestamp)),
  }
}

export function readCandle(e: Record<string, unknown>): Candle {
  return {
    time: Math.floor(Date.parse(String(e.interval_begin)) / 1000),
    open: String(e.open),
    high: String(e.high),
    low: String(e.low),
    close: String(e.close),
    volume: String(e.volume),
  }
}
