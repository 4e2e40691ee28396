/** The state words of venue links and books, shared by the gateways that set them and the panels that show them. */

export type LinkState = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'error'

/** A book is live, being rebuilt after a checksum miss or a reconnect, or stale (no feed). */
export type BookStatus = 'live' | 'resyncing' | 'stale'

/** Where a profile trades: the built-in exchange or Kraken itself. */
export type VenueKind = 'simulator' | 'kraken'
