/**
 * Payload types of the Trident IPC contract: what main tells the renderer and what the renderer
 * may ask of main. Prices and quantities are exact decimal strings, never numbers.
 */

/** [price, quantity], both decimal texts at the instrument's precision. */
export type BookLevelView = readonly [price: string, qty: string]

export type BookStatus = 'live' | 'resyncing' | 'stale'

export interface BookView {
  symbol: string
  /** best first */
  bids: BookLevelView[]
  /** best first */
  asks: BookLevelView[]
  /** decimal text of the instrument's tick, for ladders */
  tickSize: string
  pricePrecision: number
  qtyPrecision: number
  status: BookStatus
  /** venue messages applied since the current snapshot */
  updates: number
  /** checksum mismatches seen since start (each triggers a resubscribe) */
  checksumFailures: number
  /** ms since epoch when main last changed this book */
  updatedAt: number
}

export type Protocol = 'rest' | 'ws' | 'fix'
export type LinkState = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error'

export interface ConnectionView {
  protocol: Protocol
  /** which endpoint: e.g. 'public', 'private', 'trading' */
  channel: string
  state: LinkState
  /** words a trader understands, e.g. "Reconnecting in 2 s (attempt 3)" */
  detail: string
  /** last measured round trip, ms */
  latencyMs: number | null
  reconnects: number
  since: number
  /** FIX only: next outgoing and last received sequence numbers */
  seqOut?: number
  seqIn?: number
}

export interface ConnectionsView {
  venue: VenueKind
  links: ConnectionView[]
}

/** Kraken's rate counters as the governor models them, so throttling shows before it happens. */
export interface RateLimitsView {
  tier: 'starter' | 'intermediate' | 'pro'
  rest: { level: number; max: number }
  trading: { symbol: string; level: number; max: number }[]
}

export type VenueKind = 'simulator' | 'kraken'
export type HostKind = 'electron' | 'loopback'

export interface AppInfo {
  name: 'Trident'
  version: string
  host: HostKind
  venue: VenueKind
  /** instruments tradable at the venue, WS v2 names (BTC/USD) */
  symbols: string[]
}

/** Error returned for a refused command or subscription. */
export interface BridgeErrorShape {
  code: 'EBADREQ' | 'EUNKNOWN' | 'EINTERNAL' | 'EREFUSED'
  message: string
}
