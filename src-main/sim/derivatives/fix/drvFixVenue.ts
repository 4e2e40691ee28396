import type { FixSessionStore } from '../../fix/FixSessionStore'
import type { KeyStore } from '../../rest/auth'
import type { DerivativesMarket } from '../DerivativesMarket'

/**
 * What one derivatives FIX connection needs of the acceptor that owns it (DrvFixAcceptor
 * implements it). The connection knows its acceptor only through this, so the two files do not
 * import each other; `C` is the connection type kept per session.
 */
export interface DrvFixVenue<C> {
  readonly market: DerivativesMarket
  readonly keys: KeyStore
  readonly store: FixSessionStore
  readonly now: () => number
  /** the live connection of each session id */
  readonly active: Map<string, C>
  /** record that `session` placed `orderId` (its ERs go to that session) */
  own(orderId: string, session: string): void
  disown(orderId: string): void
  sessionOf(orderId: string): string | undefined
  /** cancel-on-disconnect: cancel the open orders `session` placed */
  cancelSessionOrders(account: string, session: string): void
  /** null when the Logon nonce (5025) is acceptable, else the words of the refusal */
  checkNonce(apiKey: string, nonceText: string | undefined): string | null
}
