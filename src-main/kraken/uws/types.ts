/**
 * Trident's reading of Kraken's Unified WS derivatives messages (docs/kraken-derivatives.md §2–§5,
 * §11). Decimals are exact text as Kraken wrote them (never JS floats); times are ms since epoch.
 */

/** One derivatives contract from the `instrument` channel's `futures` list. */
export interface UwsContract {
  symbol: string
  kind: 'perpetual' | 'future'
  base: string
  quote: string
  status: string
  tickSize: string
  qtyStep: string
  qtyMin: string
  pricePrecision: number
  qtyPrecision: number
  contractSize: string
  maxPosition: string
  marginLevels: { contracts: string; initialMargin: string; maintenanceMargin: string }[]
  fundingIntervalMs: number
  expiry?: number
}

export interface UwsTicker {
  symbol: string
  bid: string
  ask: string
  last: string
  markPrice: string
  indexPrice: string
  fundingRate: string
  nextFundingAt: number
}

export interface UwsPosition {
  symbol: string
  /** signed: + long, − short, 0 closed */
  size: string
  entryPrice: string
  realisedPnl: string
  unrealisedFunding: string
}

export interface UwsMargin {
  currency: string
  balanceValue: string
  portfolioValue: string
  collateralValue: string
  initialMargin: string
  maintenanceMargin: string
  pnl: string
  unrealisedFunding: string
  availableMargin: string
  marginEquity: string
}

export interface UwsLedgerEntry {
  id: string
  type: 'funding' | 'trade' | string
  symbol?: string
  asset: string
  amount: string
  realisedPnl?: string
  at: number
}

export interface UwsPreferences {
  permission: 'enabled' | 'reduce_only' | 'disabled'
  leverage: { symbol: string; maxLeverage: string | null }[]
}
