import { timingSafeEqual } from 'node:crypto'
import type { Socket } from 'node:net'
import { decimalToUnits } from '../decimal'
import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError, type NewOrder, type SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { tradingCost } from '../limits/RateLimits'
import { parseClOrdId } from '../requests'
import { parseFixTime, type Field, type FixMessage } from './fixCodec'
import { FixMarketData } from './FixMarketData'
import { required } from './fixRequired'
import { FixSessionLayer } from './FixSessionLayer'
import {
  FIX_MD_COMP,
  FIX_TRADING_COMP,
  fixLogonPassword,
  fixSymbol,
  FixRequestError,
  ORD_TYPES,
  TIF,
} from './krakenFixDialect'
import type { SimFixAcceptor } from './SimFixAcceptor'

/** Kraken's limit-priced order types: Price (44) is required on them (nos-fix, ocrr-fix). */
const PRICED = new Set(['2', '4', 'T', 'V'])

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
    private readonly acceptor: SimFixAcceptor,
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
    const apiKey = m.get(553)
    const cred = apiKey ? this.deps.keys.get(apiKey) : undefined
    if (!cred || !apiKey) return 'Invalid key (553)'
    const expected = fixLogonPassword(
      m.get(34) ?? '',
      this.sender,
      this.target,
      apiKey,
      m.get(5025) ?? '',
      cred.apiSecret,
    )
    const given = Buffer.from(m.get(554) ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
      return 'Invalid signature (554)'
    const nonceError = this.acceptor.checkNonce(apiKey, m.get(5025))
    if (nonceError) return nonceError
    this.account = cred.account
    this.cod = m.get(8674) !== '1'
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

  private businessReject(m: FixMessage, text: string, reason: number): void {
    const body: Field[] = [
      [45, String(m.seq)],
      [372, m.type],
    ]
    const cl = m.get(11)
    if (cl) body.push([379, cl])
    body.push([380, String(reason)], [58, `${Math.floor(this.acceptor.now() / 1000)} : ${text}`])
    this.sendApp('j', body)
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
      if (e instanceof FixRequestError) {
        if (e.kind === 'reject') this.reject(m, e.message, e.tag, e.reason)
        else this.businessReject(m, e.message, e.reason)
      } else if (e instanceof KrakenError) {
        const reason =
          e.krakenMessage === 'EQuery:Unknown asset pair'
            ? 2
            : e.krakenMessage === 'EOrder:Unknown order'
              ? 1
              : 0
        this.businessReject(m, e.krakenMessage, reason)
      } else throw e
    }
  }

  private inst(m: FixMessage): SimInstrument {
    const i = this.acceptor.bySymbol.get(m.get(55) ?? '')
    if (!i) throw new KrakenError('EQuery:Unknown asset pair')
    return i
  }

  private qty(m: FixMessage, tag: number, i: SimInstrument): bigint {
    const u = decimalToUnits(m.get(tag) ?? '', i.qtyPrecision)
    if (u === null || u <= 0n)
      throw new FixRequestError('reject', `Incorrect data format for value: ${tag}`, tag, 6)
    return u
  }

  private price(m: FixMessage, tag: number, i: SimInstrument): number {
    const u = decimalToUnits(m.get(tag) ?? '', i.pricePrecision)
    if (u === null)
      throw new KrakenError(
        `EOrder:Invalid price:${i.altname} price can only be specified up to ${i.pricePrecision} decimals.`,
      )
    return Number(u)
  }

  private newOrder(m: FixMessage): void {
    // nos-fix marks 11 38 40 54 55 59 60 required, 44 on limit-priced types
    required(m, 11, 55, 54, 38, 40, 59, 60)
    if (PRICED.has(m.get(40)!)) required(m, 44)
    const i = this.inst(m)
    const side = m.get(54) === '1' ? 'buy' : m.get(54) === '2' ? 'sell' : null
    if (!side)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 54', 54, 5)
    let type = ORD_TYPES[m.get(40)!]
    if (!type)
      throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 40', 40, 5)
    if (type === 'limit' && m.get(1138) !== undefined) type = 'iceberg'
    const tif = TIF[m.get(59)!]
    if (!tif) throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 59', 59, 5)
    const clOrdId = parseClOrdId(m.get(11))
    const req: NewOrder = {
      account: this.account!,
      symbol: i.symbol,
      side,
      type,
      qty: this.qty(m, 38, i),
      tif,
      source: { protocol: 'fix', session: this.sessionId },
    }
    if (clOrdId !== undefined) req.clOrdId = clOrdId
    if (m.get(44) !== undefined) req.limitPrice = this.price(m, 44, i)
    if (m.get(99) !== undefined) req.triggerPrice = this.price(m, 99, i)
    if (m.get(1138) !== undefined) req.displayQty = this.qty(m, 1138, i)
    if (tif === 'GTD') {
      const t = parseFixTime(m.get(126))
      if (t === null) throw new FixRequestError('reject', 'Missing Mandatory Field: ExpireTime (126)', 126, 1)
      req.expireAt = t
    }
    const inst = (m.get(18) ?? '').split(' ')
    if (inst.includes('P')) req.postOnly = true
    if (inst.includes('E')) req.reduceOnly = true
    const stp = m.get(7928)
    if (stp !== undefined)
      req.stp = stp === '0' ? 'cancel-both' : stp === '2' ? 'cancel-oldest' : 'cancel-newest'
    this.deps.limits.chargeTrading(this.account!, i.symbol, tradingCost.add())
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
    const a: Parameters<MatchingEngine['amend']>[2] = {}
    if (m.get(38) !== undefined) a.qty = this.qty(m, 38, i)
    if (m.get(44) !== undefined) a.limitPrice = this.price(m, 44, i)
    if (m.get(99) !== undefined) a.triggerPrice = this.price(m, 99, i)
    if (m.get(1138) !== undefined) a.displayQty = this.qty(m, 1138, i)
    if ((m.get(18) ?? '').split(' ').includes('P')) a.postOnly = true
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
    if (type === '1') filter = { symbol: this.inst(m).symbol }
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

  // ------------------------------------------------------------------ market data
}
