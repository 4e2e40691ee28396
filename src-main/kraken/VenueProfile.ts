import type { VenueKind } from '../../src-domain/links'
import type { RateTier } from '../core/risk/RateGovernor'

/**
 * Where a profile trades: endpoints and, for private access, credentials. Main only — it never
 * reaches a renderer (the contract's ProfileView carries fingerprints, not keys).
 */
export interface VenueProfile {
  /** the profile's id: keys its journal (orders, fills, FIX state) in the database */
  id?: string
  kind: VenueKind
  rest: string
  wsPublic: string
  wsPrivate: string
  /** Kraken serves level3 (order-by-order) on its own authenticated endpoint */
  wsL3?: string
  fix?: { host: string; port: number; senderCompId: string; targetCompId?: string }
  /**
   * Kraken's Unified WebSocket, where derivatives trade (public market data, private account and
   * orders); absent: this profile offers no derivatives
   */
  uwsPublic?: string
  uwsPrivate?: string
  /**
   * Kraken's Unified FIX derivatives trading session (its own port, SenderCompID with a DRV
   * suffix, TargetCompID KRAKEN-DRV-TRD); the spot FIX key signs its logon
   */
  fixDerivatives?: VenueProfile['fix']
  credentials?: { apiKey: string; apiSecret: string }
  /** Kraken issues FIX its own key; absent: the REST key signs the FIX logon */
  fixCredentials?: { apiKey: string; apiSecret: string }
  tier: RateTier
  /** persistent state (nonces, FIX sequence numbers and resend store) */
  dataDir: string
  cancelOnDisconnect?: boolean
}
