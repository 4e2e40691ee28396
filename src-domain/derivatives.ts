/**
 * Derivatives vocabulary every layer speaks (issue 17). A derivatives contract is a second asset
 * class behind the same features as spot: the same book, ladder, ticket and order path, with the
 * venue spellings (Unified WebSocket `asset_class`, FIX SenderCompID `…DRV`) kept in the gateways.
 */

/** Kraken's `asset_class` values on the Unified WebSocket. */
export const ASSET_CLASSES = ['spot', 'derivatives'] as const
export type AssetClass = (typeof ASSET_CLASSES)[number]

/**
 * What a derivatives trigger order watches. Kraken's Unified WS `add_order` documents
 * `triggers.reference` as `index | last` (default `last`) and FIX tag 388 likewise; no `mark`
 * trigger is documented on either (docs/kraken-derivatives.md §5.1, §10 item 3).
 */
export const TRIGGER_SIGNALS = ['last', 'index'] as const
export type TriggerSignal = (typeof TRIGGER_SIGNALS)[number]

/** Whether the account may trade derivatives (Unified WS `preferences` channel, §4.6). */
export const DERIVATIVES_PERMISSIONS = ['enabled', 'reduce_only', 'disabled', 'unknown'] as const
export type DerivativesPermission = (typeof DERIVATIVES_PERMISSIONS)[number]

/** Derivatives ids look like PF_XBTUSD (perpetual) or FF_XBTUSD_270326 (fixed maturity). */
export function isDerivativesSymbol(symbol: string): boolean {
  return /^[A-Z]{2}_/.test(symbol)
}

/**
 * The margin gauge's colours, from margin level = equity ÷ maintenance margin. Kraken liquidates
 * at a level below 1; the gauge turns amber at 2 and red at 1.25 so the trader has room to act.
 */
export const MARGIN_AMBER_LEVEL = '2'
export const MARGIN_RED_LEVEL = '1.25'
export type MarginState = 'ok' | 'amber' | 'red' | 'liquidation'
