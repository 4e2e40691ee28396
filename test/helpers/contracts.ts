import type { Instrument } from '../../src-main/core/instruments/InstrumentRegistry'

/**
 * The built-in exchange's perpetuals as the app's registry holds them (Kraken's contract specs:
 * linear multi-collateral, 1 contract = 1 base unit, tiers 2 % / 1 %), for tests that need a
 * derivatives instrument without starting a venue.
 */
function perpetual(
  base: string,
  p: { tick: string; pricePrecision: number; qtyPrecision: number; min: string; maxPosition: string },
): Instrument {
  const id = `PF_${base === 'BTC' ? 'XBT' : base}USD`
  return {
    id,
    wsSymbol: id,
    restPair: id,
    altname: id,
    wsnameV1: id,
    fixSymbol: id,
    base,
    quote: 'USD',
    restBase: base,
    restQuote: 'USD',
    pricePrecision: p.pricePrecision,
    qtyPrecision: p.qtyPrecision,
    costPrecision: p.pricePrecision + p.qtyPrecision,
    tickSize: p.tick,
    ordermin: p.min,
    costmin: '0',
    status: 'online',
    assetClass: 'derivatives',
    contract: {
      kind: 'perpetual',
      contractSize: '1',
      qtyStep: p.min,
      marginLevels: [{ contracts: '0', initialMargin: '0.02', maintenanceMargin: '0.01' }],
      maxPosition: p.maxPosition,
      fundingIntervalMs: 3_600_000,
    },
  }
}

export const PF_XBTUSD = perpetual('BTC', {
  tick: '1',
  pricePrecision: 0,
  qtyPrecision: 4,
  min: '0.0001',
  maxPosition: '1200',
})
export const PF_ETHUSD = perpetual('ETH', {
  tick: '0.1',
  pricePrecision: 1,
  qtyPrecision: 3,
  min: '0.001',
  maxPosition: '16000',
})
