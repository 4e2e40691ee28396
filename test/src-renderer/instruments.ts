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

/** PF_XBTUSD as the built-in exchange describes it (docs/kraken-derivatives.md §7.1, §11). */
export const PF_XBTUSD: InstrumentMeta = {
  symbol: 'PF_XBTUSD',
  assetClass: 'derivatives',
  base: 'BTC',
  quote: 'USD',
  tickSize: '1',
  ordermin: '0.0001',
  costmin: '0',
  pricePrecision: 0,
  qtyPrecision: 4,
  contract: {
    kind: 'perpetual',
    contractSize: '1',
    qtyStep: '0.0001',
    initialMargin: '0.02',
    maintenanceMargin: '0.01',
    maxLeverage: '50',
    maxPosition: '1200',
    fundingIntervalMs: 3_600_000,
  },
}

/** BTC/USD with Kraken's spot margin levels. */
export const BTC_USD_MARGIN: InstrumentMeta = { ...BTC_USD, marginLeverage: ['2', '3', '4', '5'] }
