/**
 * The built-in exchange's derivatives market (issue 17): PF_XBTUSD and PF_ETHUSD books matched by
 * the spot engine's code (a second MatchingEngine over the perpetuals), synthetic liquidity that
 * follows the index, one USD margin account per exchange account, positions, leverage preference
 * per market, initial-margin and reduce-only checks, triggers on `last` or `index`, funding and
 * liquidation. The Unified WebSocket (sim/uws) serves it; tests drive it directly too.
 */
import { randomUUID } from 'node:crypto'
import { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError, type EngineEvent, type SimOrder } from '../engine/types'
import { mulberry32 } from '../market/prng'
import { SyntheticTraders } from '../market/SyntheticTraders'
import { FundingClock, type MarkIndex } from './FundingClock'
import { EndedKeepingMap } from './EndedKeepingMap'
import { Liquidator } from './Liquidator'
import { IndexTriggers } from './IndexTriggers'
import { liquidationsDue } from './isolated'
import { MarginBook } from './MarginBook'
import type { MarginAccount } from './MarginAccount'
import { PerpLiquidity } from './PerpLiquidity'
import { perpInstrument, PERP_SYMBOLS } from './perpInstruments'
import { PERPETUALS, perpetual, FUNDING_INTERVAL_MS } from './perpetuals'
import { PerpPrices } from './PerpPrices'
import {
  engineOrder,
  engineRequest,
  viewOf,
  waitingView,
  type OrderMeta,
  type PerpOrderRequest,
  type PerpOrderView,
} from './perpOrders'
import { abs, formatPrice, parseUsd } from './units'
import { checkNewOrder, type DerivEvent } from './perpState'

export type { DerivEvent, LedgerEntry, MarginState } from './perpState'
export type { PositionView } from './MarginBook'

export interface DerivativesOptions {
  /** USD collateral each account starts with, decimal text (default 10,000) */
  collateralUsd?: string
  /** funding settles every this many ms (default Kraken's 1 h) */
  fundingIntervalMs?: number
  /** synthetic events per second across the perpetual books (0 = still books; default 10) */
  messagesPerSecond?: number
  seed?: number
  /** how often marks, funding, triggers and liquidations are evaluated (default 100 ms) */
  tickMs?: number
}

export class DerivativesMarket {
  readonly engine: MatchingEngine
  readonly prices: PerpPrices
  readonly liquidator = new Liquidator()
  readonly book: MarginBook
  readonly meta = new EndedKeepingMap<string, OrderMeta>()
  private readonly byUuid = new Map<string, string>()
  private readonly triggers = new IndexTriggers((e) => this.emit(e))
  private readonly listeners: ((e: DerivEvent) => void)[] = []
  private readonly liquidity: PerpLiquidity
  private readonly funding: FundingClock
  private placing: OrderMeta | null = null
  private timers: NodeJS.Timeout[] = []
  readonly fundingIntervalMs: number

  constructor(
    spot: MatchingEngine,
    private readonly options: DerivativesOptions = {},
  ) {
    const random = mulberry32((options.seed ?? 1) ^ 0xd321)
    const instruments = PERPETUALS.map((p) => perpInstrument(p, '1'))
    this.engine = new MatchingEngine(instruments, {
      random,
      makerFeeBps: 2n, // Kraken's lowest-tier derivatives fees: 0.02 % maker, 0.05 % taker
      takerFeeBps: 5n,
      uncappedAccounts: SyntheticTraders.accounts,
    })
    this.prices = new PerpPrices(spot, this.engine)
    for (const i of instruments)
      i.referencePrice = formatPrice(perpetual(i.symbol), this.prices.index(i.symbol))
    this.liquidity = new PerpLiquidity(this.engine, instruments, random)
    this.fundingIntervalMs = options.fundingIntervalMs ?? FUNDING_INTERVAL_MS
    this.funding = new FundingClock(Date.now(), this.fundingIntervalMs)
    const collateral = parseUsd(options.collateralUsd ?? '10000')
    this.book = new MarginBook(
      collateral,
      () => this.marks(),
      (e) => this.emit(e),
    )
    this.engine.onEvents((ev) => this.onEngine(ev))
  }

  onEvent(l: (e: DerivEvent) => void): void {
    this.listeners.push(l)
  }

  private emit(e: DerivEvent): void {
    for (const l of this.listeners) l(e)
  }

  /** A margin account for an exchange account (collateral: its own, else the options'). */
  addAccount(name: string, collateralUsd?: string): MarginAccount {
    // the engine books base and quote per fill on its own ledger: give it room, margin is ours
    for (const i of PERPETUALS) this.engine.accounts.deposit(name, i.base, '1000000000')
    this.engine.accounts.deposit(name, 'USD', '1000000000000000')
    return this.book.add(name, collateralUsd === undefined ? undefined : parseUsd(collateralUsd))
  }

  account(name: string): MarginAccount {
    return this.book.get(name)
  }

  start(): void {
    const t = setInterval(() => this.tick(), this.options.tickMs ?? 100)
    t.unref()
    this.timers.push(t)
    const rate = this.options.messagesPerSecond ?? 10
    if (rate > 0) {
      let k = 0
      const m = setInterval(
        () => this.step(PERP_SYMBOLS[k++ % PERP_SYMBOLS.length]!),
        Math.max(1, Math.round(1000 / rate)),
      )
      m.unref()
      this.timers.push(m)
    }
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }

  /** One synthetic market event on a perpetual book (tests call this directly). */
  step(symbol: string): void {
    this.liquidity.step(symbol, this.prices.index(symbol))
  }

  /** Test hook: fix an index (price units of the contract's tick), or null to follow spot again. */
  setIndexOverride(symbol: string, price: bigint | null): void {
    this.prices.setIndexOverride(symbol, price)
    this.tick()
  }

  /** Contracts held long across the margin accounts (= short; the synthetic traders hold no positions) */
  openInterest(symbol: string): bigint {
    let sum = 0n
    for (const a of this.book.accounts.values()) if (a.sizeOf(symbol) > 0n) sum += a.sizeOf(symbol)
    return sum
  }

  marks(): Map<string, bigint> {
    return this.prices.marks(PERP_SYMBOLS)
  }

  /** Expiry and dead-man switch, funding, index triggers, liquidations, then margin updates. */
  tick(now = Date.now()): void {
    this.engine.advance()
    this.advanceFunding(now)
    this.fireIndexTriggers()
    for (const lo of liquidationsDue(this.book, this.marks(), this.liquidator)) {
      this.engine.cancelAll(lo.account, { symbol: lo.symbol }, 'Liquidation')
      this.triggers.cancelWhere((r) => r.account === lo.account && r.symbol === lo.symbol, 'Liquidation')
      const meta = this.newMeta(lo.account, 'limit', true, null)
      meta.liquidation = true
      try {
        this.placeEngine(meta, {
          account: lo.account,
          symbol: lo.symbol,
          side: lo.side,
          type: 'limit',
          qty: lo.qty,
          limitPrice: Number(lo.limitPrice),
          tif: 'IOC',
          source: { protocol: 'ws' },
        })
      } catch (e) {
        if (!(e instanceof KrakenError)) throw e // asked again at the next marks (Liquidator's model)
      }
    }
    for (const name of this.book.accounts.keys()) this.book.publishMargin(name, true)
  }

  private advanceFunding(now: number): void {
    const prices = new Map<string, MarkIndex>(
      PERP_SYMBOLS.map((s) => [s, { mark: this.prices.mark(s), index: this.prices.index(s) }]),
    )
    const before = new Map<string, bigint>()
    for (const a of this.book.accounts.values())
      for (const p of a.positions()) before.set(`${a.id}\n${p.symbol}`, p.fundingPaid)
    if (now <= this.funding.now) return
    const { settlements } = this.funding.advance(now, prices, [...this.book.accounts.values()])
    if (settlements === 0) return
    for (const a of this.book.accounts.values())
      for (const p of a.positions()) {
        const paid = p.fundingPaid - (before.get(`${a.id}\n${p.symbol}`) ?? 0n)
        if (paid !== 0n) this.book.ledger(a, 'funding', p.symbol, -paid, 0n)
        this.emit({ kind: 'positions', account: a.id, symbols: [p.symbol] })
      }
  }

  // ------------------------------------------------------------------ orders

  private newMeta(
    account: string,
    type: OrderMeta['type'],
    reduceOnly: boolean,
    reference: OrderMeta['reference'],
  ): OrderMeta {
    return { uuid: randomUUID(), account, type, reduceOnly, liquidation: false, reference, announced: false }
  }

  private placeEngine(meta: OrderMeta, order: Parameters<MatchingEngine['place']>[0]): SimOrder {
    this.placing = meta
    try {
      return this.engine.place(order)
    } finally {
      this.placing = null
    }
  }

  /** Place an order; throws KrakenError (nothing changed) when it is refused. */
  place(req: PerpOrderRequest): PerpOrderView {
    const acct = this.account(req.account)
    perpetual(req.symbol)
    const qty = checkNewOrder(acct, req, this.marks(), this.book.prefsOf(req.account))
    const meta = this.newMeta(req.account, req.type, req.reduceOnly ?? false, req.trigger?.reference ?? null)
    if (req.id !== undefined) {
      if (this.byUuid.has(req.id) || this.triggers.find(req.account, { orderId: req.id }))
        throw new KrakenError(`EOrder:Order id ${req.id} is already in use`)
      meta.uuid = req.id
    }
    if (req.trigger?.reference === 'index') {
      meta.indexTrigger = req.trigger.price
      meta.announced = true
      const waitReq = { ...req, qty }
      this.engine.place({ ...engineOrder(waitReq, qty), type: 'limit', limitPrice: 1, validateOnly: true })
      return this.triggers.add(waitReq, meta)
    }
    const o = this.placeEngine(meta, engineOrder(req, qty))
    return viewOf(o, meta)
  }

  private fireIndexTriggers(): void {
    for (const w of this.triggers.due((s) => this.prices.index(s))) {
      try {
        const acct = this.account(w.req.account)
        const qty = w.meta.reduceOnly ? checkNewOrder(acct, w.req, this.marks(), new Map()) : w.req.qty
        this.placeEngine(w.meta, engineOrder(w.req, qty, true))
      } catch (e) {
        const view = waitingView(w.req, w.meta, 'canceled', Date.now())
        view.reason = (e as Error).message
        this.emit({ kind: 'execution', account: w.req.account, exec: 'canceled', order: view })
      }
    }
  }

  private engineRef(ref: { orderId?: string; clOrdId?: string }): { orderId?: string; clOrdId?: string } {
    if (ref.orderId === undefined) return ref
    return { orderId: this.byUuid.get(ref.orderId) ?? `unknown:${ref.orderId}` }
  }

  /** Open orders of `account` (engine and waiting), as clients see them. */
  openOrders(account: string): PerpOrderView[] {
    const out = [...this.engine.openOrders(account)].map((o) => viewOf(o, this.meta.get(o.id)!))
    out.push(...this.triggers.views(account))
    return out
  }

  cancel(account: string, ref: { orderId?: string; clOrdId?: string }): PerpOrderView[] {
    const w = this.triggers.find(account, ref)
    if (w) return [this.triggers.cancel(w, 'User requested')]
    // the metas first: a closed order's is dropped while the cancel's events are delivered
    const metas = new Map(
      this.engine.find(account, this.engineRef(ref)).map((o) => [o.id, this.meta.get(o.id)]),
    )
    return this.engine.cancel(account, this.engineRef(ref)).map((o) => viewOf(o, metas.get(o.id)!))
  }

  cancelAll(account: string): number {
    const n = this.triggers.cancelWhere((r) => r.account === account, 'User requested').length
    return n + this.engine.cancelAll(account).length
  }

  amend(
    account: string,
    ref: { orderId?: string; clOrdId?: string },
    a: { qty?: bigint; limitPrice?: bigint; triggerPrice?: bigint; postOnly?: boolean },
  ): PerpOrderView {
    const w = this.triggers.find(account, ref)
    if (w) return this.triggers.amend(w, a)
    const current = this.engine.find(account, this.engineRef(ref)).find((o) => o.status === 'open')
    const meta = current && this.meta.get(current.id)
    if (current && meta && a.qty !== undefined && a.qty > current.qty) {
      // a larger order adds risk like a new order of the difference (a reduce-only one is cut back
      // to the position after any fill anyway)
      const price =
        a.limitPrice ?? (current.limitPrice === undefined ? undefined : BigInt(current.limitPrice))
      const extra: PerpOrderRequest = { ...engineRequest(current, meta), qty: a.qty - current.qty }
      if (price !== undefined) extra.limitPrice = price
      if (!meta.reduceOnly)
        checkNewOrder(this.account(account), extra, this.marks(), this.book.prefsOf(account))
    }
    const am: Parameters<MatchingEngine['amend']>[2] = {}
    if (a.qty !== undefined) am.qty = a.qty
    if (a.limitPrice !== undefined) am.limitPrice = Number(a.limitPrice)
    if (a.triggerPrice !== undefined) am.triggerPrice = Number(a.triggerPrice)
    if (a.postOnly !== undefined) am.postOnly = a.postOnly
    const o = this.engine.amend(account, this.engineRef(ref), am)
    return viewOf(o, meta ?? this.meta.get(o.id)!)
  }

  cancelAllAfter(account: string, timeoutSec: number): { currentTime: number; triggerTime: number } {
    return this.engine.cancelAllAfter(account, timeoutSec)
  }

  // ------------------------------------------------------------------ fills and events

  private onEngine(events: EngineEvent[]): void {
    const touched = new Set<string>()
    // events arrive once the engine call is complete, when each order shows its final state: an
    // event's view is put back to the order as it stood then (fills of this call replayed in order)
    const done = new Map<string, { filled: bigint; cost: bigint; fee: bigint }>()
    for (const e of events)
      if (e.kind === 'order' && e.fill) {
        const d = done.get(e.order.id) ?? { filled: 0n, cost: 0n, fee: 0n }
        d.filled += e.fill.qty
        d.cost += e.fill.cost
        d.fee += e.fill.fee
        done.set(e.order.id, d)
      }
    const asOf = new Map<string, { filled: bigint; cost: bigint; fee: bigint }>()
    for (const e of events) {
      if (e.kind !== 'order') continue
      const acct = this.book.accounts.get(e.order.account)
      if (!acct) continue
      let meta = this.meta.get(e.order.id)
      if (!meta) {
        // the first event of the order being placed: the engine's id is known from here on
        if (!this.placing || this.placing.account !== e.order.account) continue
        meta = this.placing
        this.placing = null
        meta.engineId = e.order.id
        this.meta.set(e.order.id, meta)
        this.byUuid.set(meta.uuid, e.order.id)
      }
      // derivatives have no pending_new (documented, §4.1); a fired index order was new already
      if (e.exec === 'pending_new' || e.exec === 'iceberg_refill' || e.exec === 'restated') continue
      if (e.exec === 'new' && meta.announced) continue
      meta.announced = true
      const o = e.order
      const d = done.get(o.id) ?? { filled: 0n, cost: 0n, fee: 0n }
      const at = asOf.get(o.id) ?? { filled: o.filled - d.filled, cost: o.cost - d.cost, fee: o.fee - d.fee }
      if (e.fill) {
        at.filled += e.fill.qty
        at.cost += e.fill.cost
        at.fee += e.fill.fee
      }
      asOf.set(o.id, at)
      const view = viewOf(o, meta)
      if (e.exec === 'new' || e.exec === 'trade') {
        Object.assign(view, at)
        view.status = at.filled === o.qty ? 'closed' : 'open'
      }
      // a new order's event is as of its opening (the order may have closed within the same call)
      if (e.exec === 'new') view.time = o.openedAt
      const ev: DerivEvent = { kind: 'execution', account: acct.id, exec: e.exec, order: view }
      if (e.fill) ev.fill = e.fill
      this.emit(ev)
      // the execution first, then what the fill did to the account (ledger, position)
      if (e.exec === 'trade' && e.fill) this.book.applyFill(acct, e.fill, meta.liquidation, this.liquidator)
      // done: nothing refers to it by id any more (a long session must not keep every order)
      if (e.exec === 'filled' || e.exec === 'canceled' || e.exec === 'expired') {
        this.meta.delete(o.id)
        this.byUuid.delete(meta.uuid)
      }
      touched.add(acct.id)
    }
    for (const a of touched) {
      this.keepReduceOnly(a)
      this.book.publishMargin(a)
    }
  }

  /**
   * Reduce-only orders resting or waiting never outgrow the position: after every fill each is
   * cut to the position left, and cancelled once there is none (or it would now add to it).
   */
  private keepReduceOnly(account: string): void {
    const acct = this.account(account)
    for (const o of [...this.engine.openOrders(account)]) {
      const meta = this.meta.get(o.id)
      if (!meta?.reduceOnly || meta.liquidation) continue
      const size = acct.sizeOf(o.symbol)
      const left = o.qty - o.filled
      if (size === 0n || size > 0n === (o.side === 'buy')) this.engine.cancel(account, { orderId: o.id })
      else if (left > abs(size)) this.engine.amend(account, { orderId: o.id }, { qty: o.filled + abs(size) })
    }
  }
}
