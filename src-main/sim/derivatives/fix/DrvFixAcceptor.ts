/**
 * The built-in exchange's derivatives FIX acceptor (Unified FIX "Derivatives Trading", §1.3/§6)
 * on its own port of 127.0.0.1: sessions to TargetCompID KRAKEN-DRV-TRD trade the derivatives
 * market (the same margin, reduce-only and trigger rules as the Unified WebSocket). Sequence
 * numbers and sent messages persist in the exchange's FIX session store; ExecutionReports for a
 * session that is away are stored and sequenced as the spot acceptor does (fixResend's
 * storeOffline) and reach the client through its ResendRequest. Order ids (37) are UUIDs.
 */
import { FixListener } from '../../fix/FixListener'
import { fixTime } from '../../fix/fixCodec'
import { storeOffline } from '../../fix/fixResend'
import type { FixSessionStore } from '../../fix/FixSessionStore'
import { LogonNonces } from '../../fix/fixTradingLogon'
import type { KeyStore } from '../../rest/auth'
import type { DerivativesMarket } from '../DerivativesMarket'
import { drvExecutionReport } from './drvFixOrders'
import { DrvFixConnection } from './DrvFixConnection'
import type { DrvFixVenue } from './drvFixVenue'

export class DrvFixAcceptor implements DrvFixVenue<DrvFixConnection> {
  private readonly listener = new FixListener((socket) => new DrvFixConnection(this, socket))
  readonly active = new Map<string, DrvFixConnection>()
  private readonly nonces: LogonNonces
  /** order id -> the FIX session that placed it */
  private readonly owner = new Map<string, string>()
  readonly now = Date.now

  constructor(
    readonly market: DerivativesMarket,
    readonly keys: KeyStore,
    readonly store: FixSessionStore,
  ) {
    this.nonces = new LogonNonces(this.now)
    market.onEvent((e) => {
      if (e.kind !== 'execution') return
      const session = this.owner.get(e.order.id)
      if (e.order.status !== 'open') this.owner.delete(e.order.id)
      if (!session) return // not a FIX order
      const er = drvExecutionReport(e.exec, e.order, e.fill)
      if (!er) return
      const conn = this.active.get(session)
      // a session away (logged out, or cut with 8674=1) gets its ERs through its ResendRequest
      if (conn?.live) conn.sendApp('8', er)
      else storeOffline(this.store, session, '8', er, fixTime(this.now()))
    })
  }

  start(port = 0): Promise<{ host: '127.0.0.1'; port: number }> {
    return this.listener.start(port)
  }

  get port(): number {
    return this.listener.port
  }

  async stop(): Promise<void> {
    await this.listener.stop()
  }

  own(orderId: string, session: string): void {
    this.owner.set(orderId, session)
  }

  disown(orderId: string): void {
    this.owner.delete(orderId)
  }

  sessionOf(orderId: string): string | undefined {
    return this.owner.get(orderId)
  }

  cancelSessionOrders(account: string, session: string): void {
    for (const o of this.market.openOrders(account))
      if (this.owner.get(o.id) === session) this.market.cancel(account, { orderId: o.id })
  }

  /** Nonce within 5 s of our clock and strictly increasing per key (the spot acceptor's rule). */
  checkNonce(apiKey: string, nonceText: string | undefined): string | null {
    return this.nonces.check(apiKey, nonceText)
  }
}
