import { join } from 'node:path'
import type { LinkState } from '../../../src-domain/links'
import { reconnectDelayMs } from '../ws/backoff'
import { utcTimestamp, type DecodedFix } from './fixFields'
import { krakenDictionaryPath } from './krakenDictionary'
import type { KrakenFixSession } from './KrakenFixSession'
import { OrderFacts } from './orderFacts'
import { newOrderSingle, ORD_TYPE, TIF, type FixNewOrder, type FixOrdType } from './orderMessages'

export type { FixNewOrder, FixOrdType } from './orderMessages'
import { jspurefixSinks, loadJspurefix } from './loadJspurefix'
import { MemorySentMessageStore, type SentMessageStore } from '../../core/fix/SentMessageStore'

export interface KrakenFixOptions {
  host: string
  port: number
  senderCompId: string
  targetCompId?: string
  credentials: { apiKey: string; apiSecret: string } | null
  /** Kraken cancels this session's orders when it drops without Logout, unless turned off */
  cancelOnDisconnect?: boolean
  heartbeatSecs?: number
  /** where jspurefix keeps sequence numbers and the adapted dictionary */
  dataDir: string
  /** sent application messages for resend after a restart (the app's journal); default: memory */
  sentStore?: SentMessageStore
  /** broker accounts: NoAllocs(78)=1 / AllocAccount(79) on every order */
  subAccount?: string
  onState?: (state: LinkState, detail: string) => void
  onMessage?: (msg: DecodedFix) => void
  /** a NewOrderSingle's bytes were handed on to the socket (the latency HUD's keypress-to-wire) */
  onOrderSent?: (clOrdId: string) => void
  log?: (line: string) => void
  random?: () => number
}

export function fixTimestamp(ms: number = Date.now()): string {
  return utcTimestamp(new Date(ms))
}

/**
 * Kraken FIX 4.4 trading session on jspurefix: connects, logs on with Kraken's signature, keeps
 * sequence numbers across restarts (no ResetSeqNumFlag), reconnects with backoff, and resends
 * what the venue asks for.
 */
export class KrakenFixClient {
  private session: KrakenFixSession | null = null
  private stopped = true
  private attempt = 0
  private lastNonce = 0
  private readonly sent: SentMessageStore
  /** the connect/reconnect loop while it runs: stop() waits for it (bounded) */
  private looping: Promise<void> = Promise.resolve()
  /** ends the wait before a reconnect (stop() does not wait up to 15 s for it) */
  private wake: (() => void) | null = null
  /** each order's TIF and OrderID by ClOrdID: Kraken requires them on amends and status requests */
  private readonly facts: OrderFacts
  state: LinkState = 'offline'
  reconnects = 0

  constructor(private readonly opts: KrakenFixOptions) {
    this.sent = opts.sentStore ?? new MemorySentMessageStore()
    this.facts = new OrderFacts(this.sent)
  }

  get sessionId(): string {
    return `${this.opts.senderCompId}->${this.opts.targetCompId ?? 'KRAKEN-TRD'}`
  }

  /** when the venue last sent anything on FIX (heartbeats included); 0 = never */
  get lastHeardAt(): number {
    return this.session?.lastHeardAt ?? this.lastHeard
  }
  private lastHeard = 0

  get seqNums(): { nextOut: number; lastIn: number } | null {
    return this.session ? { nextOut: this.session.nextOutSeq, lastIn: this.session.lastInSeq } : null
  }

  private setState(state: LinkState, detail: string): void {
    this.state = state
    const seq = this.seqNums
    if (seq) this.sent.noteSeqNums?.(seq.nextOut, seq.lastIn)
    this.opts.onState?.(state, detail)
  }

  /** Nonce: ms since epoch, strictly increasing (Kraken: within 5 s of its clock). */
  private nonce(): string {
    this.lastNonce = Math.max(this.lastNonce + 1, Date.now())
    return String(this.lastNonce)
  }

  async start(): Promise<void> {
    if (!this.stopped) return
    this.stopped = false
    if (this.opts.log) jspurefixSinks.add(this.opts.log)
    this.looping = this.loop()
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.setState(
        this.reconnects === 0 && this.attempt === 0 ? 'connecting' : 'reconnecting',
        `Connecting to ${this.opts.host}:${this.opts.port}`,
      )
      try {
        await this.runOnce()
      } catch (e) {
        this.opts.log?.(`fix: ${(e as Error).message}`)
      }
      this.lastHeard = this.session?.lastHeardAt ?? this.lastHeard
      this.session = null
      if (this.stopped) break
      const delay = reconnectDelayMs(this.attempt++, this.opts.random ?? Math.random, 500, 15_000)
      this.reconnects++
      this.setState('reconnecting', `FIX session ended; reconnecting in ${(delay / 1000).toFixed(1)} s`)
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay)
        this.wake = () => (clearTimeout(t), r())
      })
      this.wake = null
    }
    this.setState('offline', 'Stopped')
    if (this.opts.log) jspurefixSinks.delete(this.opts.log)
  }

  private async runOnce(): Promise<void> {
    const m = await loadJspurefix()
    const { KrakenFixSession } = await import('./KrakenFixSession')
    const description = {
      application: {
        type: 'initiator',
        name: 'trident',
        tcp: { host: this.opts.host, port: this.opts.port },
        protocol: 'ascii',
        dictionary: krakenDictionaryPath(join(this.opts.dataDir, 'fix')),
      },
      SenderCompId: this.opts.senderCompId,
      TargetCompID: this.opts.targetCompId ?? 'KRAKEN-TRD',
      HeartBtInt: this.opts.heartbeatSecs ?? 30,
      ResetSeqNumFlag: false,
      BeginString: 'FIX.4.4',
      store: { type: 'file', directory: join(this.opts.dataDir, 'fix', 'seq') },
    }
    const container = await new m.SessionContainer().makeSystem(
      description as unknown as Parameters<InstanceType<typeof m.SessionContainer>['makeSystem']>[0],
    )
    container.register(m.DITokens.FixSession, {
      useFactory: (c) => {
        // a connect that completed after stop(): the journal may be closed already, so this
        // session reads none of it, and it ends instead of logging on (it threw 'The database
        // connection is not open' and logged on after the stop)
        const late = this.stopped
        const s = new KrakenFixSession(c.resolve(m.DITokens.IJsFixConfig), {
          credentials: this.opts.credentials,
          cancelOnDisconnect: this.opts.cancelOnDisconnect ?? true,
          sent: late ? new MemorySentMessageStore() : this.sent,
          abandoned: () => this.stopped,
          nonce: () => this.nonce(),
          onApp: (msg) => {
            this.facts.learn(msg)
            this.opts.onMessage?.(msg)
          },
          onReady: () => {
            this.attempt = 0
            this.setState('online', 'Logged on')
          },
          onStopped: (err) => this.opts.log?.(`fix session stopped${err ? `: ${err.message}` : ''}`),
          ...(this.opts.log ? { onLog: this.opts.log } : {}),
        })
        this.session = s
        return s
      },
    })
    const entity = container.resolve<{ start: () => Promise<unknown> }>(m.DITokens.FixEntity)
    await entity.start()
  }

  /** Log out cleanly (no cancel-on-disconnect) and stop reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true
    this.session?.done()
    this.wake?.()
    // a connect under way ends too (refused, or its session ends instead of logging on) before
    // the caller closes the journal; bounded, so a hung connect never holds up quitting
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([this.looping, new Promise((r) => (timer = setTimeout(r, 3000)))])
    clearTimeout(timer)
  }

  private require(): KrakenFixSession {
    if (!this.session || this.state !== 'online') throw new Error('FIX session is not logged on')
    return this.session
  }

  private allocs(): Record<string, unknown> {
    return this.opts.subAccount ? { PreAllocGrp: { NoAllocs: [{ AllocAccount: this.opts.subAccount }] } } : {}
  }

  newOrder(o: FixNewOrder): number {
    const msg = newOrderSingle(o, fixTimestamp(), this.allocs())
    const seq = this.require().sendApp('D', msg)
    this.opts.onOrderSent?.(o.clOrdId)
    this.facts.note(o.clOrdId, { tif: TIF[o.tif] })
    return seq
  }

  /** Kraken's OrderID for a ClOrdID: given, or learned from this session's ExecutionReports. */
  private orderIdFor(clOrdId: string, given: string | undefined, what: string): string {
    const id = given ?? this.facts.orderId(clOrdId)
    if (!id)
      throw new Error(
        `Cannot send a FIX ${what} for order ${clOrdId}: Kraken requires its OrderID (37), and the venue has not acknowledged it yet`,
      )
    return id
  }

  cancel(c: {
    clOrdId: string
    origClOrdId: string
    orderId?: string
    symbol: string
    side: 'buy' | 'sell'
  }): number {
    const msg: Record<string, unknown> = {
      OrigClOrdID: c.origClOrdId,
      ClOrdID: c.clOrdId,
      Instrument: { Symbol: c.symbol },
      Side: c.side === 'buy' ? '1' : '2',
      TransactTime: fixTimestamp(),
    }
    // Kraken takes 37 over 41 when both are present (ocr-fix): send it whenever it is known
    const orderId = c.orderId ?? this.facts.orderId(c.origClOrdId)
    if (orderId) msg.OrderID = orderId
    return this.require().sendApp('F', msg)
  }

  replace(r: {
    clOrdId: string
    origClOrdId: string
    orderId?: string
    symbol: string
    side: 'buy' | 'sell'
    type: FixOrdType
    qty: string
    limitPrice?: string
    triggerPrice?: string
    displayQty?: string
    /** the order's time in force; when absent, the one this client placed or amended it with */
    tif?: FixNewOrder['tif']
  }): number {
    // Kraken's ocrr-fix page marks 37 OrderID and 59 TimeInForce required on an amend: without
    // 59 the venue rejects it, and a guessed TIF could change the order, so refuse instead.
    const tif = r.tif ? TIF[r.tif] : this.facts.tif(r.origClOrdId)
    if (!tif)
      throw new Error(
        `Cannot amend order ${r.origClOrdId} over FIX: Kraken requires its time in force (59), which this session does not know`,
      )
    const orderId = this.orderIdFor(r.origClOrdId, r.orderId, 'amend')
    const msg: Record<string, unknown> = {
      OrigClOrdID: r.origClOrdId,
      ClOrdID: r.clOrdId,
      ...this.allocs(),
      Instrument: { Symbol: r.symbol },
      Side: r.side === 'buy' ? '1' : '2',
      TransactTime: fixTimestamp(),
      OrderQtyData: { OrderQty: r.qty },
      OrdType: ORD_TYPE[r.type],
      TimeInForce: tif,
      OrderID: orderId,
    }
    if (r.limitPrice !== undefined) msg.Price = r.limitPrice
    if (r.triggerPrice !== undefined) msg.StopPx = r.triggerPrice
    if (r.displayQty !== undefined) msg.DisplayQty = r.displayQty
    const seq = this.require().sendApp('G', msg)
    this.facts.chain(r.origClOrdId, r.clOrdId, tif)
    return seq
  }

  /** 530: 1 = by symbol, 6 = this session's orders, 7 = every order of the account. */
  massCancel(
    clOrdId: string,
    scope: { kind: 'symbol'; symbol: string } | { kind: 'session' } | { kind: 'all' },
  ): number {
    const msg: Record<string, unknown> = {
      ClOrdID: clOrdId,
      MassCancelRequestType: scope.kind === 'symbol' ? '1' : scope.kind === 'session' ? '6' : '7',
      TransactTime: fixTimestamp(),
    }
    if (scope.kind === 'symbol') msg.Instrument = { Symbol: scope.symbol }
    return this.require().sendApp('q', msg)
  }

  /**
   * MarketDataRequest (35=V) on a KRAKEN-MD session: L2 snapshot (35=W) then incremental refreshes
   * (35=X), each with Kraken's book checksum in 5041. depth 0 = full book.
   */
  marketData(reqId: string, symbols: string[], depth: number, subscribe = true): number {
    return this.require().sendApp('V', {
      MDReqID: reqId,
      SubscriptionRequestType: subscribe ? '1' : '2',
      MarketDepth: depth,
      MDUpdateType: 1,
      MDReqGrp: { NoMDEntryTypes: [{ MDEntryType: '0' }, { MDEntryType: '1' }] },
      InstrmtMDReqGrp: { NoRelatedSym: symbols.map((Symbol) => ({ Instrument: { Symbol } })) },
    })
  }

  /** InstrumentList request (35=x): the venue's FIX symbols come back in 35=y. */
  requestInstruments(reqId: string): number {
    return this.require().sendApp('x', { SecurityReqID: reqId, SecurityListRequestType: '4' })
  }

  status(s: { clOrdId: string; orderId?: string; symbol: string; side: 'buy' | 'sell' }): number {
    // osr-fix marks 37 required
    const msg: Record<string, unknown> = {
      ClOrdID: s.clOrdId,
      OrderID: this.orderIdFor(s.clOrdId, s.orderId, 'status request'),
      Instrument: { Symbol: s.symbol },
      Side: s.side === 'buy' ? '1' : '2',
    }
    return this.require().sendApp('H', msg)
  }
}
