/**
 * The order vocabulary every layer speaks: core, venue gateways, the store, the contract and the
 * renderer all build from these lists, so an order type is spelled out once (it was five times).
 * Venue spellings (Kraken's `stop-loss`, FIX OrdType 3 …) stay inside the gateways.
 */

/** Kraken spot order types, as the trader names them. */
export const ORDER_TYPES = [
  'market',
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
] as const
export type OrderType = (typeof ORDER_TYPES)[number]

/** Order types that rest at a limit price (the ticket asks for one). */
export const LIMIT_PRICED: ReadonlySet<OrderType> = new Set<OrderType>([
  'limit',
  'iceberg',
  'stop-loss-limit',
  'take-profit-limit',
])

/** Order types that wait for a trigger price (for trailing-stop: the distance from the market). */
export const TRIGGERED: ReadonlySet<OrderType> = new Set<OrderType>([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
])

export const SIDES = ['buy', 'sell'] as const
export type Side = (typeof SIDES)[number]

export const TIMES_IN_FORCE = ['GTC', 'IOC', 'FOK', 'GTD'] as const
export type TimeInForce = (typeof TIMES_IN_FORCE)[number]

/** The protocols an order can travel by; `auto` lets the router pick. */
export const PROTOCOLS = ['rest', 'ws', 'fix'] as const
export type Protocol = (typeof PROTOCOLS)[number]

/** An order's life, keyed by our client order id (pending-new until the venue acknowledges). */
export type OrderState =
  'pending-new' | 'open' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected' | 'expired'

/** The states an order never leaves (the tracker and the journal's SQL read this one list). */
export const TERMINAL_STATES: readonly OrderState[] = ['filled', 'cancelled', 'rejected', 'expired']
