/**
 * The perpetuals as rows of the spot engine's instrument table, so the derivatives books reuse the
 * spot engine's price-time matching (OrderBook, matching, triggers, amend) unchanged. Prices and
 * quantities use the same units as units.ts (price units = the tick, qty units = the lot
 * increment), so a fill's price and quantity go into the margin model as they are.
 */
import type { SimInstrument } from '../instruments'
import { PERPETUALS, type Perpetual } from './perpetuals'

/** Which spot book gives each perpetual its index price (the exchange's own spot mid). */
export const INDEX_SOURCE: Record<string, string> = { PF_XBTUSD: 'BTC/USD', PF_ETHUSD: 'ETH/USD' }

/** A perpetual as a matching-engine instrument; `referencePrice` seeds its synthetic book. */
export function perpInstrument(p: Perpetual, referencePrice: string): SimInstrument {
  return {
    symbol: p.symbol,
    restPair: p.symbol,
    altname: p.symbol,
    wsnameV1: p.symbol,
    // the engine books base and quote per fill on its own ledger; margin accounts ignore it
    base: p.base,
    quote: 'USD',
    pricePrecision: p.pricePrecision,
    qtyPrecision: p.qtyPrecision,
    costPrecision: 8,
    tickSize: p.tickSize,
    qtyIncrement: p.minOrderQty,
    ordermin: p.minOrderQty,
    costmin: '0',
    referencePrice,
  }
}

export const PERP_SYMBOLS: readonly string[] = PERPETUALS.map((p) => p.symbol)
