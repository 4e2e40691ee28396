/**
 * Static instrument table of the built-in exchange, in Kraken's own shapes and names.
 * (Sharing this table is the one thing the simulator and the client may do; the client learns
 * precisions from the venue at run time, as it must with real Kraken.)
 */
export interface SimInstrument {
  /** WS v2 / FIX symbol */
  symbol: string
  /** REST pair key, e.g. XXBTZUSD (legacy X/Z prefixes where Kraken has them) */
  restPair: string
  /** REST altname, e.g. XBTUSD */
  altname: string
  /** REST wsname (WS v1 style), e.g. XBT/USD */
  wsnameV1: string
  base: string
  quote: string
  pricePrecision: number
  qtyPrecision: number
  costPrecision: number
  tickSize: string
  qtyIncrement: string
  ordermin: string
  costmin: string
  /** starting mid for the synthetic market, decimal text */
  referencePrice: string
  /**
   * spot margin: the leverage levels Kraken lists for the pair (AssetPairs leverage_buy and
   * leverage_sell, the same list both ways here); absent on a pair without margin
   */
  marginLeverage?: readonly number[]
  /**
   * margin pairs only: Kraken's AssetPairs long_position_limit / short_position_limit (base
   * units). Reported as Kraken does; the built-in exchange does not enforce them.
   */
  positionLimits?: { long: number; short: number }
}

/** Kraken's levels on its majors (AssetPairs XXBTZUSD, XETHXXBT: leverage_buy [2,3,4,5]) */
const MARGIN_LEVELS = [2, 3, 4, 5] as const

export const SIM_INSTRUMENTS: readonly SimInstrument[] = [
  {
    symbol: 'BTC/USD',
    restPair: 'XXBTZUSD',
    altname: 'XBTUSD',
    wsnameV1: 'XBT/USD',
    base: 'XXBT',
    quote: 'ZUSD',
    pricePrecision: 1,
    qtyPrecision: 8,
    costPrecision: 5,
    tickSize: '0.1',
    qtyIncrement: '0.00000001',
    ordermin: '0.00005',
    costmin: '0.5',
    referencePrice: '65000.0',
    marginLeverage: MARGIN_LEVELS,
    // Kraken's AssetPairs example for XXBTZUSD (Kraken.Net fixture in the conformance corpus)
    positionLimits: { long: 250, short: 200 },
  },
  {
    symbol: 'ETH/USD',
    restPair: 'XETHZUSD',
    altname: 'ETHUSD',
    wsnameV1: 'ETH/USD',
    base: 'XETH',
    quote: 'ZUSD',
    pricePrecision: 2,
    qtyPrecision: 8,
    costPrecision: 5,
    tickSize: '0.01',
    qtyIncrement: '0.00000001',
    ordermin: '0.002',
    costmin: '0.5',
    referencePrice: '3200.00',
    marginLeverage: MARGIN_LEVELS,
    // Kraken's example lists ETH's limits on XETHXXBT (1100 / 400 ETH); taken for ETH/USD too
    positionLimits: { long: 1100, short: 400 },
  },
  {
    symbol: 'SOL/USD',
    restPair: 'SOLUSD',
    altname: 'SOLUSD',
    wsnameV1: 'SOL/USD',
    base: 'SOL',
    quote: 'ZUSD',
    pricePrecision: 2,
    qtyPrecision: 8,
    costPrecision: 5,
    tickSize: '0.01',
    qtyIncrement: '0.00000001',
    ordermin: '0.02',
    costmin: '0.5',
    referencePrice: '150.00',
  },
  {
    symbol: 'XRP/USD',
    restPair: 'XXRPZUSD',
    altname: 'XRPUSD',
    wsnameV1: 'XRP/USD',
    base: 'XXRP',
    quote: 'ZUSD',
    pricePrecision: 5,
    qtyPrecision: 8,
    costPrecision: 5,
    tickSize: '0.00001',
    qtyIncrement: '0.00000001',
    ordermin: '2',
    costmin: '0.5',
    referencePrice: '0.60000',
  },
  {
    symbol: 'BTC/EUR',
    restPair: 'XXBTZEUR',
    altname: 'XBTEUR',
    wsnameV1: 'XBT/EUR',
    base: 'XXBT',
    quote: 'ZEUR',
    pricePrecision: 1,
    qtyPrecision: 8,
    costPrecision: 5,
    tickSize: '0.1',
    qtyIncrement: '0.00000001',
    ordermin: '0.00005',
    costmin: '0.5',
    referencePrice: '60000.0',
  },
]

/** Asset names per surface: REST (legacy X/Z codes) and WS v2; decimals as REST Assets reports them. */
export interface SimAsset {
  rest: string
  ws: string
  /** REST altname */
  altname: string
  decimals: number
  displayDecimals: number
}

export const SIM_ASSETS: readonly SimAsset[] = [
  { rest: 'XXBT', ws: 'BTC', altname: 'XBT', decimals: 10, displayDecimals: 5 },
  { rest: 'XETH', ws: 'ETH', altname: 'ETH', decimals: 10, displayDecimals: 5 },
  { rest: 'SOL', ws: 'SOL', altname: 'SOL', decimals: 10, displayDecimals: 5 },
  { rest: 'XXRP', ws: 'XRP', altname: 'XRP', decimals: 8, displayDecimals: 5 },
  { rest: 'ZUSD', ws: 'USD', altname: 'USD', decimals: 4, displayDecimals: 2 },
  { rest: 'ZEUR', ws: 'EUR', altname: 'EUR', decimals: 4, displayDecimals: 2 },
]

export const ASSET_BY_REST = new Map(SIM_ASSETS.map((a) => [a.rest, a]))
