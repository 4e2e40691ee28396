/**
 * One derivatives FIX trading session (TargetCompID KRAKEN-DRV-TRD, docs/kraken-derivatives.md
 * §6) on the spot acceptor's session layer (FixSessionLayer: framing, sequence numbers, resend,
 * heartbeats) with the same signed Logon (553/554/5025). Application: NewOrderSingle (D),
 * OrderCancelRequest (F, this session's orders only), OrderMassCancelRequest (q: 530=1 symbol,
 * 7 all). OrderCancelReplaceRequest (G) is "Coming soon" for derivatives on Kraken: refused.
 */
import type { Socket } from 'node:net'
import { KrakenError } from '../../engine/types'
import type { FixMessage } from '../../fix/fixCodec'
import { FixSessionLayer } from '../../fix/FixSessionLayer'
import { required } from '../../fix/fixRequired'
import { signedLogon } from '../../fix/fixTradingLogon'
import { FixRequestError } from '../../fix/krakenFixDialect'
import { drvNewOrder } from './drvFixOrders'
import type { DrvFixVenue } from './drvFixVenue'

export const FIX_DRV_TRADING_COMP = 'KRAKEN-DRV-TRD'

export class DrvFixConnection extends FixSessionLayer {
  private account: string | null = null
  private cod = true

  constructor(
    private readonly acceptor: DrvFixVenue<DrvFixConnection>,
    socket: Socket,
  ) {
    super(socket, acceptor.store, acceptor.now)
  }

  get session(): string {
    return this.sessionId
  }

  protected isKnownTarget(target: string): boolean {
    return target === FIX_DRV_TRADING_COMP
  }

  protected sessionTaken(sessionId: string): boolean {
    return this.acceptor.active.get(sessionId)?.live ?? false
  }

  protected authenticate(m: FixMessage): string | null {
    const logon = signedLogon(m, this.sender, this.target, this.acceptor.keys, (k, n) =>
      this.acceptor.checkNonce(k, n),
    )
    if (typeof logon === 'string') return logon
    this.account = logon.account
    this.cod = logon.cancelOnDisconnect
    return null
  }

  protected onLoggedOn(): void {
    this.acceptor.active.set(this.sessionId, this)
  }

  protected onClosed(wasActive: boolean): void {
    if (this.sessionId && this.acceptor.active.get(this.sessionId) === this)
      this.acceptor.active.delete(this.sessionId)
    // abnormal disconnection without Logout: cancel-on-disconnect, as the spot session (unless 8674=1)
    if (wasActive && !this.cleanLogout && this.cod && this.account)
      this.acceptor.cancelSessionOrders(this.account, this.sessionId)
  }

  protected onApplication(m: FixMessage): void {
    try {
      switch (m.type) {
        case 'D': {
          const req = drvNewOrder(m, this.account!)
          this.acceptor.own(req.id!, this.sessionId)
          try {
            this.acceptor.market.place(req) // ERs follow from the market's events
          } catch (e) {
            this.acceptor.disown(req.id!)
            throw e
          }
          return
        }
        case 'F':
          return this.cancel(m)
        case 'q':
          return this.massCancel(m)
        case 'G':
          throw new FixRequestError(
            'business',
            'OrderCancelReplaceRequest is not available for derivatives (Kraken: coming soon); amend on the Unified WebSocket',
            undefined,
            3,
          )
        default:
          throw new FixRequestError('business', `Unsupported message type ${m.type}`, undefined, 3)
      }
    } catch (e) {
      this.refuseApp(m, e)
    }
  }

  private cancel(m: FixMessage): void {
    required(m, 11, 54, 55, 60)
    if (m.get(37) === undefined && m.get(41) === undefined) required(m, 41)
    const id = m.get(37)
    const ref = id !== undefined ? { orderId: id } : { clOrdId: m.get(41)! }
    const o = this.acceptor.market
      .openOrders(this.account!)
      .find((v) => v.id === ref.orderId || v.clOrdId === ref.clOrdId)
    // Kraken: a FIX cancel reaches only orders placed on this FIX session
    if (!o || this.acceptor.sessionOf(o.id) !== this.sessionId) throw new KrakenError('EOrder:Unknown order')
    this.acceptor.market.cancel(this.account!, { orderId: o.id })
  }

  private massCancel(m: FixMessage): void {
    required(m, 11, 530)
    const type = m.get(530)
    if (type !== '1' && type !== '7')
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 530', 530, 5)
    const symbol = type === '1' ? m.get(55) : undefined
    const targets = this.acceptor.market
      .openOrders(this.account!)
      .filter((o) => symbol === undefined || o.symbol === symbol)
    for (const o of targets) this.acceptor.market.cancel(this.account!, { orderId: o.id })
    this.sendApp('r', [
      [11, m.get(11)!],
      [530, type],
      [531, type],
      [533, String(targets.length)],
    ])
  }
}
