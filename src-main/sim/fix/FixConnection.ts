import type { Socket } from 'node:net'
import { KrakenError, type SimOrder } from '../engine/types'
import { tradingCost } from '../limits/RateLimits'
import type { Field, FixMessage } from './fixCodec'
import { FixMarketData } from './FixMarketData'
import { fixAmendment, fixInstrument, fixNewOrder, PRICED } from './fixOrderFields'
import { required } from './fixRequired'
import { FixSessionLayer } from './FixSessionLayer'
import { FIX_MD_COMP, FIX_TRADING_COMP, fixSymbol, FixRequestError, TIF } from './krakenFixDialect'
import { signedLogon } from './fixTradingLogon'
import type { FixVenue } from './fixVenue'

/**
 * One FIX connection of the built-in exchange: Kraken's signed Logon, then trading (D, F, G, H,
 * q, x, g) on KRAKEN-TRD or market data (V, x, g) on KRAKEN-MD. The session rules live in
 * FixSessionLayer.
 */
export class FixConnection extends FixSessionLayer {
  private account: string | null = null
  private cod = true
  private readonly md: FixMarketData

  constructor(
    private readonly acceptor: FixVenue<FixConnection>,
    socket: Socket,
  ) {
    super(socket, acceptor.deps.store, acceptor.now)
    this.md = new FixMarketData(
      acceptor.deps.engine,
      acceptor.bySymbol,
      (type, body) => this.sendApp(type, body),
      () => this.state === 'active',
    )
  }

  private get deps() {
    return this.acceptor.deps
  }

  // ------------------------------------------------------------------ session hooks

  protected isKnownTarget(target: string): boolean {
    return target === FIX_TRADING_COMP || target === FIX_MD_COMP
  }

  protected sessionTaken(sessionId: string): boolean {
    // a connection that has exchanged Logouts but whose socket has not closed yet does not count
    return this.acceptor.active.get(sessionId)?.live ?? false
  }

  /** Trading sessions sign their Logon (logon-fix); market-data sessions go by SenderCompID. */
  protected authenticate(m: FixMessage): string | null {
    if (this.target !== FIX_TRADING_COMP) return null
    const logon = signedLogon(m, this.sender, this.target, this.deps.keys, (k, n) =>
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
    this.md.close()
    if (this.sessionId && this.acceptor.active.get(this.sessionId) === this)
      this.acceptor.active.delete(this.sessionId)
    // Abnormal disconnection without Logout triggers cancel-on-disconnect (unless 8674=1).
    if (wasActive && !this.cleanLogout && this.cod && this.account)
      this.deps.engine.cancelOnDisconnect(this.account, this.sessionId)
  }

  // ------------------------------------------------------------------ application

  protected onApplication(m: FixMessage): void {
    try {
      if (this.target === FIX_MD_COMP && !['V', 'x', 'g'].includes(m.type)) {
        throw new FixRequestError(
          'business',
          'Market data session: trading messages go to KRAKEN-TRD',
          undefined,
          4,
        )
      }
      switch (m.type) {
        case 'D':
          return this.newOrder(m)
        case 'F':
          return this.cancel(m)
        case 'G':
          return this.replace(m)
        case 'H':
          return this.status(m)
        case 'q':
          return this.massCancel(m)
        case 'V':
          return this.md.request(m)
        case 'x':
          return this.instrumentList(m)
        case 'g':
          this.sendApp('h', [
            [335, m.get(335) ?? ''],
            [340, '2'],
          ])
          return
        default:
          throw new FixRequestError('business', `Unsupported message type ${m.type}`, undefined, 3)
      }
    } catch (e) {
      this.refuseApp(m, e)
    }
  }

  private newOrder(m: FixMessage): void {
    const req = fixNewOrder(m, this.acceptor.bySymbol, this.account!, this.sessionId)
    this.deps.limits.chargeTrading(this.account!, req.symbol, tradingCost.add())
    this.deps.engine.place(req) // ERs follow from the engine's events
  }

  /** The open order a F/G/H names: OrderID (37) wins over OrigClOrdID (41). */
  private target_(m: FixMessage): SimOrder | undefined {
    const id = m.get(37)
    const orig = m.get(41) ?? m.get(11)
    const found = id
      ? this.deps.engine.find(this.account!, { orderId: id })
      : this.deps.engine.find(this.account!, { clOrdId: orig! })
    return found.find((o) => o.status === 'open') ?? found[0]
  }

  private cancel(m: FixMessage): void {
    // ocr-fix: 11 54 55 60 required, and one of 37/41
    required(m, 11, 54, 55, 60)
    if (m.get(37) === undefined && m.get(41) === undefined) required(m, 41)
    const o = this.target_(m)
    // Kraken: a FIX cancel reaches only orders placed on this FIX session.
    if (!o || o.status !== 'open' || o.source.session !== this.sessionId)
      throw new KrakenError('EOrder:Unknown order')
    this.deps.limits.chargeTrading(this.account!, o.symbol, tradingCost.cancel(Date.now() - o.lastChangedAt))
    this.acceptor.reportClOrdId.set(o.id, {
      clOrdId: m.get(11)!,
      origClOrdId: m.get(41) ?? o.clOrdId ?? o.id,
    })
    this.deps.engine.cancel(this.account!, { orderId: o.id }, { fixSession: this.sessionId })
  }

  private replace(m: FixMessage): void {
    // ocrr-fix: 11 37 41 54 55 60 38 40 59 required, 44 on limit-priced types
    required(m, 11, 37, 41, 54, 55, 60, 38, 40, 59)
    if (PRICED.has(m.get(40)!)) required(m, 44)
    if (!TIF[m.get(59)!])
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 59', 59, 5)
    const o = this.target_(m)
    if (!o || o.status !== 'open' || o.source.session !== this.sessionId)
      throw new KrakenError('EOrder:Unknown order')
    const i = this.deps.instruments.get(o.symbol)!
    this.deps.limits.chargeTrading(this.account!, o.symbol, tradingCost.amend(Date.now() - o.lastChangedAt))
    const a = fixAmendment(m, i)
    this.acceptor.reportClOrdId.set(o.id, {
      clOrdId: m.get(11)!,
      origClOrdId: m.get(41) ?? o.clOrdId ?? o.id,
    })
    try {
      this.deps.engine.amend(this.account!, { orderId: o.id }, a)
    } catch (e) {
      this.acceptor.reportClOrdId.delete(o.id)
      throw e
    }
  }

  private status(m: FixMessage): void {
    const o = this.target_(m)
    if (!o) throw new KrakenError('EOrder:Unknown order')
    this.sendApp('8', this.acceptor.executionReport('status', o)!)
  }

  private massCancel(m: FixMessage): void {
    required(m, 11, 530)
    const type = m.get(530)
    let filter: { symbol?: string; fixSession?: string }
    if (type === '1') filter = { symbol: fixInstrument(m, this.acceptor.bySymbol).symbol }
    else if (type === '6') filter = { fixSession: this.sessionId }
    else if (type === '7') filter = {}
    else throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 530', 530, 5)
    const done = this.deps.engine.cancelAll(this.account!, filter)
    // orders of other sessions or protocols get their ER here; this session's come from engine events
    for (const o of done)
      if (o.source.session !== this.sessionId)
        this.sendApp('8', this.acceptor.executionReport('canceled', o)!)
    this.sendApp('r', [
      [11, m.get(11)!],
      [530, type],
      [531, type],
      [533, String(done.length)],
    ])
  }

  private instrumentList(m: FixMessage): void {
    const entries: Field[] = []
    for (const i of this.deps.instruments.values()) {
      entries.push(
        [55, fixSymbol(i)],
        [2349, String(i.pricePrecision)],
        [5010, String(i.qtyPrecision)],
        [5022, i.tickSize],
        [5011, i.ordermin],
        [5013, i.costmin],
        [5032, '1'],
      )
    }
    this.sendApp('y', [
      [320, m.get(320) ?? ''],
      [560, '0'],
      [146, String(this.deps.instruments.size)],
      ...entries,
    ])
  }
}
