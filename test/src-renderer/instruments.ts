import type { InstrumentMeta } from '../../src-preload/contract/types'

/** BTC/USD as the built-in exchange (and Kraken) describe it: the renderer tests' instrument. */
export const BTC_USD: InstrumentMeta = {
  symbol: 'BTC/USD',
  base: 'BTC',
  quote: 'USD',
  tickSize: '0.1',
  ordermin: '0.00005',
  costmin: '0.5',
  pricePrecision: 1,
  qtyPrecision: 8,
}
