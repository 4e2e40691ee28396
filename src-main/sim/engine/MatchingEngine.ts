import type { SimInstrument } from '../instruments'
import { Accounts } from './Accounts'
import { FillLog } from './FillLog'
import { OrderBook } from './OrderBook'
import {
  ASSET_DECIMALS,
  KrakenError,
  type EngineEvent,
  type ExecType,
  type Fill,
  type NewOrder,
  type SimOrder,
} from './types'

export interface EngineOptions {
  now?: () => number
  random?: () => number
  /** Kraken's starter-tier spot fees, in basis points */
  makerFeeBps?: bigint
  takerFeeBps?: bigint
  /** open orders allowed per account and pair (Kraken: Intermediate 80, Pro 225) */
  maxOpenOrdersPerPair?: number
  /** accounts without the open-order cap (the synthetic market maker) */
  uncappedAccounts?: string[]
}

export interface OrderRef {
  orderId?: string
  clOrdId?: string
  userref?: number
}

export interface Amendment {
  qty?: bigint
  limitPrice?: number
  triggerPrice?: number
  displayQty?: bigint
  postOnly?: boolean
}

const TRIGGERED = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
])
const LIMIT_PRICED = new Set(['limit', 'iceberg', 'stop-loss-limit', 'take-profit-limit'])
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** every order's life is kept this long after it closes (QueryOrders, ClosedOrders) */
const MAX_CLOSED = 50_000

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

/**
 * Price-time priority matching for every instrument of the built-in exchange.
 * Synchronous and deterministic given its clock and random source; each public call collects
 * the events it caused and hands them to listeners in order, once the call is complete.
 */
export class MatchingEngine {
  readonly books = new Map<string, OrderBook>()
  readonly orders = new Map<string, SimOrder>()
  readonly accounts = new Accounts()
  /** fills per account, the newest of each (a day at a busy book must not fill main's memory) */
  readonly fillLog = new FillLog()
  /** every kept fill in order (tests and tools; the servers ask fillLog for one account's) */
  get fills(): Fill[] {
    return this.fillLog.all()
  }
  private readonly instruments: Map<string, SimInstrument>
  private readonly untriggered = new Map<string, Set<SimOrder>>()
  private readonly lastPrice = new Map<string, number>()
  private readonly tradeSeq = new Map<string, number>()
  private readonly deadman = new Map<string, number>()
  private readonly listeners: ((events: EngineEvent[]) => void)[] = []
  private pending: EngineEvent[] = []
  private depth = 0
  private seq = 0
  private readonly now: () => number
  private readonly random: () => number
  private readonly makerBps: bigint
  private readonly takerBps: bigint
  private readonly maxOpen: number
  private closedIds: string[] = []
  /** open orders per account: every per-account lookup stays O(that account's open orders) */
  private readonly open = new Map<string, Set<SimOrder>>()
  private readonly uncapped: Set<string>
  /** symbols that traded during the current call: their triggers are checked before it returns */
  private readonly traded = new Set<string>()

  constructor(instruments: Iterable<SimInstrument>, opts: EngineOptions = {}) {
    this.instruments = new Map([...instruments].map((i) => [i.symbol, i]))
    for (const s of this.instruments.keys()) {
      this.books.set(s, new OrderBook())
      this.untriggered.set(s, new Set())
      this.tradeSeq.set(s, 0)
    }
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.makerBps = opts.makerFeeBps ?? 16n
    this.takerBps = opts.takerFeeBps ?? 26n
    this.maxOpen = opts.maxOpenOrdersPerPair ?? 80
    this.uncapped = new Set(opts.uncappedAccounts ?? [])
  }

  onEvents(listener: (events: EngineEvent[]) => void): () => void {
    this.listeners.push(listener)
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1)
  }

  instrument(symbol: string): SimInstrument {
    const i = this.instruments.get(symbol)
    if (!i) throw new KrakenError('EQuery:Unknown asset pair')
    return i
  }

  last(symbol: string): number | null {
    return this.lastPrice.get(symbol) ?? null
  }

  book(symbol: string): OrderBook {
    this.instrument(symbol)
    return this.books.get(symbol)!
  }

  /** Run `fn`, then deliver the events it caused (nested calls deliver once, at the outermost). */
  private batch<T>(fn: () => T): T {
    this.depth++
    try {
      const result = fn()
      if (this.depth === 1) {
        // Trades may fire stops, whose fills may fire more: settle until quiet.
        for (let guard = 0; this.traded.size > 0 && guard < 10_000; guard++) {
          const symbol = this.traded.values().next().value as string
          this.traded.delete(symbol)
          this.checkTriggers(symbol)
        }
      }
      return result
    } finally {
      this.depth--
      if (this.depth === 0 && this.pending.length) {
        const ev = this.pending
        this.pending = []
        for (const l of [...this.listeners]) l(ev)
      }
    }
  }

  private emit(e: EngineEvent): void {
    this.pending.push(e)
  }

  private orderEvent(exec: ExecType, order: SimOrder, fill?: Fill): void {
    this.emit(fill ? { kind: 'order', exec, order, fill } : { kind: 'order', exec, order })
  }

  newId(prefix: 'O' | 'T'): string {
    const part = (n: number): string => {
      let s = ''
      for (let i = 0; i < n; i++) s += ID_ALPHABET[Math.floor(this.random() * ID_ALPHABET.length)]
      return s
    }
    return `${prefix}${part(5)}-${part(5)}-${part(6)}`
  }

  private costScale(inst: SimInstrument): bigint {
    return 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision - inst.pricePrecision)
  }

  private baseScale(inst: SimInstrument): bigint {
    return 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision)
  }

  /** Quote money for qty at price, at ASSET_SCALE. */
  cost(inst: SimInstrument, qty: bigint, price: number): bigint {
    return qty * BigInt(price) * this.costScale(inst)
  }

  remaining(o: SimOrder): bigint {
    return o.qty - o.filled
  }

  // ---------------------------------------------------------------- validation

  private tick(inst: SimInstrument): number {
    const [i, f = ''] = inst.tickSize.split('.')
    return Number(i! + f.padEnd(inst.pricePrecision, '0'))
  }

  private units(text: string, precision: number): bigint {
    const [i, f = ''] = text.split('.')
    return BigInt(i! + f.padEnd(precision, '0').slice(0, precision))
  }

  private validate(req: NewOrder, inst: SimInstrument): void {
    if (req.qty <= 0n) throw new KrakenError('EGeneral:Invalid arguments:volume')
    if (req.qty < this.units(inst.ordermin, inst.qtyPrecision))
      throw new KrakenError('EOrder:Order minimum not met')
    if (LIMIT_PRICED.has(req.type) && (req.limitPrice === undefined || req.limitPrice <= 0)) {
      throw new KrakenError('EGeneral:Invalid arguments:price')
    }
    if (TRIGGERED.has(req.type) && (req.triggerPrice === undefined || req.triggerPrice <= 0)) {
      throw new KrakenError('EGeneral:Invalid arguments:price')
    }
    const tick = this.tick(inst)
    for (const p of [req.limitPrice, req.type === 'trailing-stop' ? undefined : req.triggerPrice]) {
      if (p !== undefined && p % tick !== 0) throw new KrakenError('EOrder:Tick size check failed')
    }
    if (req.type === 'market' && req.tif === 'GTD')
      throw new KrakenError('EGeneral:Invalid arguments:timeinforce')
    if (req.tif === 'GTD' && (req.expireAt === undefined || req.expireAt <= this.now())) {
      throw new KrakenError('EGeneral:Invalid arguments:expiretm')
    }
    if (req.type === 'iceberg') {
      if (req.displayQty === undefined || req.displayQty <= 0n || req.displayQty * 15n < req.qty) {
        throw new KrakenError('EGeneral:Invalid arguments:displayvol')
      }
    }
    if (req.postOnly && !LIMIT_PRICED.has(req.type))
      throw new KrakenError('EGeneral:Invalid arguments:oflags')
    // Spot without margin: nothing to reduce. Kraken's spot error list has the text for a
    // reduce-only order with no open position (docs.kraken.com spot-errors, as catalogued).
    if (req.reduceOnly) throw new KrakenError('EOrder:Reduce only:No position exists')
    const refPrice = req.limitPrice ?? req.triggerPrice ?? this.last(req.symbol)
    if (refPrice !== null && refPrice !== undefined && req.type !== 'trailing-stop') {
      const cost = this.cost(inst, req.qty, refPrice)
      if (cost < this.units(inst.costmin, ASSET_DECIMALS))
        throw new KrakenError('EOrder:Cost minimum not met')
    }
    if (req.clOrdId !== undefined) {
      for (const o of this.openOrders(req.account)) {
        if (o.clOrdId === req.clOrdId)
          // no text for a repeated cl_ord_id is published by Kraken or seen in any recorded
          // reply we could find: this one is ours, in Kraken's EGeneral:Invalid arguments form
          throw new KrakenError('EGeneral:Invalid arguments:cl_ord_id already in use')
      }
    }
    if (!this.uncapped.has(req.account)) {
      let open = 0
      for (const o of this.openOrders(req.account)) if (o.symbol === req.symbol) open++
      if (open >= this.maxOpen) throw new KrakenError('EOrder:Orders limit exceeded')
    }
  }

  // ---------------------------------------------------------------- holds

  /** What an open order may still spend, in the asset it spends. */
  private holdFor(o: SimOrder): { asset: string; amount: bigint } {
    const inst = this.instrument(o.symbol)
    const rem = this.remaining(o)
    if (o.side === 'sell') return { asset: inst.base, amount: rem * this.baseScale(inst) }
    let price = o.limitPrice ?? o.triggerPrice ?? 0
    if (
      o.type === 'market' ||
      o.type === 'stop-loss' ||
      o.type === 'take-profit' ||
      o.type === 'trailing-stop'
    ) {
      price = this.marketBuyPrice(o.symbol, rem, o.account) ?? price
      if (o.type === 'trailing-stop') price = (this.last(o.symbol) ?? 0) + (o.triggerPrice ?? 0)
    }
    const cost = this.cost(inst, rem, price)
    return { asset: inst.quote, amount: cost + ceilDiv(cost * this.takerBps, 10_000n) }
  }

  /** Worst price a market buy of `qty` would reach now (null: the book cannot fill it). */
  private marketBuyPrice(symbol: string, qty: bigint, account: string): number | null {
    let left = qty
    let worst: number | null = null
    for (const l of this.books.get(symbol)!.asks.levels) {
      for (const o of l.orders) {
        if (o.account === account) continue
        left -= this.remaining(o)
        worst = l.price
        if (left <= 0n) return worst
      }
    }
    return worst
  }

  private setHold(o: SimOrder, check: boolean): void {
    const h = this.holdFor(o)
    this.accounts.hold(o.id, o.account, h.asset, h.amount, check)
  }

  // ---------------------------------------------------------------- placing

  /** Place an order. Throws KrakenError (nothing changed) when Kraken would refuse it outright. */
  place(req: NewOrder): SimOrder {
    return this.batch(() => {
      const inst = this.instrument(req.symbol)
      this.validate(req, inst)
      const now = this.now()
      const o: SimOrder = {
        id: req.validateOnly ? '' : this.newId('O'),
        account: req.account,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        qty: req.qty,
        filled: 0n,
        cost: 0n,
        fee: 0n,
        tif: req.tif,
        postOnly: req.postOnly ?? false,
        reduceOnly: req.reduceOnly ?? false,
        stp: req.stp ?? 'cancel-newest',
        source: req.source,
        status: 'pending',
        untriggered: TRIGGERED.has(req.type),
        openedAt: now,
        lastChangedAt: now,
        seq: ++this.seq,
        trades: [],
        amended: false,
        visible: req.type === 'iceberg' ? req.displayQty! : req.qty,
      }
      if (req.limitPrice !== undefined) o.limitPrice = req.limitPrice
      if (req.triggerPrice !== undefined) o.triggerPrice = req.triggerPrice
      if (req.displayQty !== undefined) o.displayQty = req.displayQty
      if (req.expireAt !== undefined) o.expireAt = req.expireAt
      if (req.clOrdId !== undefined) o.clOrdId = req.clOrdId
      if (req.userref !== undefined) o.userref = req.userref
      if (o.type === 'market' && this.marketBuyPrice(o.symbol, 1n, o.account) === null && o.side === 'buy') {
        throw new KrakenError('EOrder:Insufficient liquidity')
      }
      // Funds are checked before the order exists anywhere.
      const h = this.holdFor(o)
      if (this.accounts.available(o.account, h.asset) < h.amount)
        throw new KrakenError('EOrder:Insufficient funds')
      if (req.validateOnly) return o
      this.orders.set(o.id, o)
      this.setHold(o, false)
      this.orderEvent('pending_new', o)
      o.status = 'open'
      let set = this.open.get(o.account)
      if (!set) this.open.set(o.account, (set = new Set()))
      set.add(o)
      this.orderEvent('new', o)
      if (o.untriggered) {
        if (o.type === 'trailing-stop') this.initTrail(o)
        this.untriggered.get(o.symbol)!.add(o)
      } else {
        this.execute(o)
      }
      return o
    })
  }

  private initTrail(o: SimOrder): void {
    const last =
      this.last(o.symbol) ??
      (o.side === 'sell' ? this.book(o.symbol).bestBid() : this.book(o.symbol).bestAsk()) ??
      0
    o.trailStop = o.side === 'sell' ? last - o.triggerPrice! : last + o.triggerPrice!
  }

  private crosses(o: SimOrder, price: number): boolean {
    if (o.limitPrice === undefined || this.isMarketLike(o)) return true
    return o.side === 'buy' ? price <= o.limitPrice : price >= o.limitPrice
  }

  private isMarketLike(o: SimOrder): boolean {
    return (
      o.type === 'market' || o.type === 'stop-loss' || o.type === 'take-profit' || o.type === 'trailing-stop'
    )
  }

  private opposite(o: SimOrder) {
    return this.books.get(o.symbol)!.side(o.side === 'buy' ? 'sell' : 'buy')
  }

  /** Liquidity an order could take now from others, up to its own quantity (for FOK). */
  private fillable(o: SimOrder): bigint {
    let sum = 0n
    for (const l of this.opposite(o).levels) {
      if (!this.crosses(o, l.price)) break
      for (const r of l.orders) if (r.account !== o.account) sum += this.remaining(r)
      if (sum >= o.qty) break
    }
    return sum
  }

  /** Run an active (non-waiting) order against the book, then rest, expire or close it. */
  private execute(o: SimOrder): void {
    const best = this.opposite(o).best()
    if (o.postOnly && best && this.crosses(o, best.price)) {
      this.close(o, 'canceled', 'Post only order')
      return
    }
    if (o.tif === 'FOK' && this.fillable(o) < o.qty) {
      this.close(o, 'expired', 'Unfilled FOK order')
      return
    }
    const stopped = this.match(o)
    if (o.status !== 'open') return
    if (this.remaining(o) === 0n) {
      this.close(o, 'closed')
    } else if (stopped) {
      this.close(o, 'canceled', 'Self trade prevention')
    } else if (this.isMarketLike(o)) {
      this.close(o, 'canceled', 'Insufficient liquidity')
    } else if (o.tif === 'IOC' || o.tif === 'FOK') {
      this.close(o, 'expired', 'Immediate or cancel')
    } else {
      this.books.get(o.symbol)!.side(o.side).add(o, o.limitPrice!)
      this.setHold(o, false)
      this.emit({ kind: 'book', symbol: o.symbol })
    }
  }

  /** Returns true when self-trade prevention stopped the incoming order. */
  private match(o: SimOrder): boolean {
    const opp = this.opposite(o)
    let touched = false
    try {
      while (this.remaining(o) > 0n) {
        const level = opp.best()
        if (!level || !this.crosses(o, level.price)) return false
        // Always the head of the queue: a consumed maker leaves it, a refilled iceberg goes to its back.
        while (level.orders.length > 0 && this.remaining(o) > 0n) {
          const r = level.orders[0]!
          if (r.account === o.account) {
            const mode = o.stp
            if (mode === 'cancel-newest') return true
            this.removeResting(r)
            this.close(r, 'canceled', 'Self trade prevention')
            touched = true
            if (mode === 'cancel-both') return true
            continue
          }
          const q = this.remaining(o) < r.visible ? this.remaining(o) : r.visible
          this.trade(o, r, level.price, q)
          touched = true
          if (r.visible === 0n) {
            if (this.remaining(r) > 0n) {
              // Iceberg: show the next slice at the back of the queue.
              opp.remove(r, level.price)
              r.visible = r.displayQty! < this.remaining(r) ? r.displayQty! : this.remaining(r)
              r.seq = ++this.seq
              opp.add(r, level.price)
              this.orderEvent('iceberg_refill', r)
            } else {
              opp.remove(r, level.price)
              this.close(r, 'closed')
            }
          }
        }
      }
      return false
    } finally {
      if (touched) this.emit({ kind: 'book', symbol: o.symbol })
    }
  }

  private trade(taker: SimOrder, maker: SimOrder, price: number, qty: bigint): void {
    const inst = this.instrument(taker.symbol)
    const cost = this.cost(inst, qty, price)
    const seq = this.tradeSeq.get(taker.symbol)! + 1
    this.tradeSeq.set(taker.symbol, seq)
    const tradeId = this.newId('T')
    const time = this.now()
    const fills: Fill[] = []
    for (const [o, isMaker] of [
      [maker, true],
      [taker, false],
    ] as const) {
      const fee = ceilDiv(cost * (isMaker ? this.makerBps : this.takerBps), 10_000n)
      o.filled += qty
      o.cost += cost
      o.fee += fee
      if (o.visible > 0n) o.visible = o.visible > qty ? o.visible - qty : 0n
      o.trades.push(tradeId)
      const base = qty * this.baseScale(inst)
      if (o.side === 'buy') {
        this.accounts.adjust(o.account, inst.base, base)
        this.accounts.adjust(o.account, inst.quote, -(cost + fee))
      } else {
        this.accounts.adjust(o.account, inst.base, -base)
        this.accounts.adjust(o.account, inst.quote, cost - fee)
      }
      this.setHold(o, false)
      const fill: Fill = {
        tradeId,
        tradeSeq: seq,
        orderId: o.id,
        account: o.account,
        symbol: o.symbol,
        side: o.side,
        price,
        qty,
        cost,
        fee,
        maker: isMaker,
        time,
        ordType: o.type,
      }
      fills.push(fill)
      this.fillLog.add(fill)
      this.orderEvent('trade', o, fill)
      this.emit({ kind: 'balance', account: o.account, asset: inst.base })
      this.emit({ kind: 'balance', account: o.account, asset: inst.quote })
    }
    this.lastPrice.set(taker.symbol, price)
    this.traded.add(taker.symbol)
    this.emit({ kind: 'trade', fill: fills[1]!, takerSide: taker.side })
  }

  private removeResting(o: SimOrder): void {
    if (o.limitPrice !== undefined && this.books.get(o.symbol)!.side(o.side).remove(o, o.limitPrice)) {
      this.emit({ kind: 'book', symbol: o.symbol })
    }
    this.untriggered.get(o.symbol)!.delete(o)
  }

  private close(o: SimOrder, status: 'closed' | 'canceled' | 'expired', reason?: string): void {
    o.status = status
    o.closedAt = this.now()
    o.visible = 0n
    if (reason) o.reason = reason
    this.accounts.release(o.id)
    this.open.get(o.account)?.delete(o)
    this.orderEvent(status === 'closed' ? 'filled' : status, o)
    this.closedIds.push(o.id)
    if (this.closedIds.length > MAX_CLOSED) {
      for (const id of this.closedIds.splice(0, MAX_CLOSED / 2)) this.orders.delete(id)
    }
  }

  // ---------------------------------------------------------------- triggers and time

  /** After trades: fire stop/take-profit/trailing orders whose trigger the last price reached. */
  private checkTriggers(symbol: string): void {
    const set = this.untriggered.get(symbol)!
    for (let guard = 0; guard < 1000; guard++) {
      const last = this.last(symbol)
      if (last === null) return
      let fired: SimOrder | null = null
      for (const o of set) {
        if (this.fires(o, last)) {
          fired = o
          break
        }
      }
      if (!fired) return
      set.delete(fired)
      fired.untriggered = false
      fired.lastChangedAt = this.now()
      // *-limit orders now work as limits at their limit price; the others as market orders.
      this.execute(fired)
    }
  }

  private fires(o: SimOrder, last: number): boolean {
    const t = o.triggerPrice!
    switch (o.type) {
      case 'stop-loss':
      case 'stop-loss-limit':
        return o.side === 'sell' ? last <= t : last >= t
      case 'take-profit':
      case 'take-profit-limit':
        return o.side === 'sell' ? last >= t : last <= t
      case 'trailing-stop': {
        if (o.side === 'sell') {
          o.trailStop = Math.max(o.trailStop ?? -Infinity, last - t)
          return last <= o.trailStop
        }
        o.trailStop = Math.min(o.trailStop ?? Infinity, last + t)
        return last >= o.trailStop
      }
      default:
        return false
    }
  }

  /** Advance time: expire GTD orders, fire dead-man switches. Called by the exchange's clock. */
  advance(): void {
    this.batch(() => {
      const now = this.now()
      for (const [account, at] of this.deadman) {
        if (now >= at) {
          this.deadman.delete(account)
          for (const o of this.openOrders(account))
            this.cancelOrder(o, 'Cancel all orders after (dead man switch)')
        }
      }
      for (const o of this.openOrders()) {
        if (o.expireAt !== undefined && now >= o.expireAt) {
          this.removeResting(o)
          this.close(o, 'expired', 'Order expired (GTD)')
        }
      }
    })
  }

  // ---------------------------------------------------------------- queries

  *openOrders(account?: string): Generator<SimOrder> {
    const sets =
      account === undefined ? [...this.open.values()] : [this.open.get(account) ?? new Set<SimOrder>()]
    for (const set of sets) yield* [...set]
  }

  find(account: string, ref: OrderRef): SimOrder[] {
    const out: SimOrder[] = []
    if (ref.orderId !== undefined) {
      const o = this.orders.get(ref.orderId)
      if (o && o.account === account) out.push(o)
      return out
    }
    for (const o of this.openOrders(account)) {
      if (ref.clOrdId !== undefined && o.clOrdId === ref.clOrdId) out.push(o)
      else if (ref.userref !== undefined && o.userref === ref.userref) out.push(o)
    }
    return out
  }

  private findOpen(account: string, ref: OrderRef): SimOrder {
    const o = this.find(account, ref).find((x) => x.status === 'open')
    if (!o) throw new KrakenError('EOrder:Unknown order')
    return o
  }

  // ---------------------------------------------------------------- cancel and amend

  private cancelOrder(o: SimOrder, reason: string): void {
    this.removeResting(o)
    this.close(o, 'canceled', reason)
  }

  /**
   * Cancel one order. `fixSession` restricts the scope to orders placed on that FIX session, as
   * Kraken does for FIX OrderCancelRequest; REST and WS cancel any order of the account.
   */
  cancel(account: string, ref: OrderRef, scope: { fixSession?: string } = {}): SimOrder[] {
    return this.batch(() => {
      const targets = this.find(account, ref).filter((o) => o.status === 'open')
      if (targets.length === 0) throw new KrakenError('EOrder:Unknown order')
      if (scope.fixSession !== undefined && targets.some((o) => o.source.session !== scope.fixSession)) {
        throw new KrakenError('EOrder:Unknown order')
      }
      for (const o of targets) this.cancelOrder(o, 'User requested')
      return targets
    })
  }

  cancelAll(
    account: string,
    filter: { symbol?: string; fixSession?: string } = {},
    reason = 'User requested',
  ): SimOrder[] {
    return this.batch(() => {
      const targets = [...this.openOrders(account)].filter(
        (o) =>
          (filter.symbol === undefined || o.symbol === filter.symbol) &&
          (filter.fixSession === undefined || o.source.session === filter.fixSession),
      )
      for (const o of targets) this.cancelOrder(o, reason)
      return targets
    })
  }

  /** Dead-man switch: cancel everything of `account` unless re-armed within `timeoutSec`. 0 disarms. */
  cancelAllAfter(account: string, timeoutSec: number): { currentTime: number; triggerTime: number } {
    const now = this.now()
    if (timeoutSec === 0) {
      this.deadman.delete(account)
      return { currentTime: now, triggerTime: 0 }
    }
    const at = now + timeoutSec * 1000
    this.deadman.set(account, at)
    return { currentTime: now, triggerTime: at }
  }

  /**
   * Amend in place, keeping the order id, with Kraken's queue rules: a lower quantity keeps its
   * place, a new price or a higher quantity goes to the back of the queue.
   */
  amend(account: string, ref: OrderRef, a: Amendment): SimOrder {
    return this.batch(() => {
      const o = this.findOpen(account, ref)
      const inst = this.instrument(o.symbol)
      const tick = this.tick(inst)
      if (a.limitPrice !== undefined) {
        if (!LIMIT_PRICED.has(o.type)) throw new KrakenError('EGeneral:Invalid arguments:limit_price')
        if (a.limitPrice <= 0 || a.limitPrice % tick !== 0)
          throw new KrakenError('EOrder:Tick size check failed')
      }
      if (a.triggerPrice !== undefined && !TRIGGERED.has(o.type))
        throw new KrakenError('EGeneral:Invalid arguments:trigger_price')
      if (a.displayQty !== undefined && (o.type !== 'iceberg' || a.displayQty <= 0n)) {
        throw new KrakenError('EGeneral:Invalid arguments:display_qty')
      }
      if (a.qty !== undefined && a.qty <= 0n) throw new KrakenError('EGeneral:Invalid arguments:order_qty')
      const postOnly = a.postOnly ?? o.postOnly
      const newPrice = a.limitPrice ?? o.limitPrice
      const resting = !o.untriggered && o.limitPrice !== undefined
      if (resting && postOnly && newPrice !== undefined) {
        const best = this.opposite(o).best()
        if (best && (o.side === 'buy' ? best.price <= newPrice : best.price >= newPrice)) {
          throw new KrakenError('EOrder:Post only order')
        }
      }
      // Check funds for the amended order before changing anything.
      const trial = { ...o, qty: a.qty ?? o.qty, limitPrice: newPrice } as SimOrder
      if (a.qty === undefined || a.qty > o.filled) {
        const h = this.holdFor(trial)
        if (this.accounts.available(o.account, h.asset) + this.accounts.holdOf(o.id) < h.amount) {
          throw new KrakenError('EOrder:Insufficient funds')
        }
      }
      const side = this.books.get(o.symbol)!.side(o.side)
      const losesPriority =
        (a.limitPrice !== undefined && a.limitPrice !== o.limitPrice) ||
        (a.qty !== undefined && a.qty > o.qty)
      if (resting) side.remove(o, o.limitPrice!)
      if (a.qty !== undefined) o.qty = a.qty
      if (a.limitPrice !== undefined) o.limitPrice = a.limitPrice
      if (a.triggerPrice !== undefined) {
        o.triggerPrice = a.triggerPrice
        if (o.type === 'trailing-stop') this.initTrail(o)
      }
      if (a.displayQty !== undefined) o.displayQty = a.displayQty
      o.postOnly = postOnly
      o.amended = true
      o.lastChangedAt = this.now()
      if (losesPriority) o.seq = ++this.seq
      if (this.remaining(o) <= 0n) {
        // Quantity amended to at or below what already filled: the rest is cancelled.
        this.emit({ kind: 'book', symbol: o.symbol })
        this.orderEvent('amended', o)
        this.close(o, o.filled > 0n ? 'closed' : 'canceled', 'Amended below filled quantity')
        return o
      }
      const rem = this.remaining(o)
      const cap = o.type === 'iceberg' ? o.displayQty! : rem
      o.visible = o.untriggered ? 0n : cap < rem ? cap : rem
      this.orderEvent('amended', o)
      if (resting) {
        if (losesPriority) {
          this.execute(o) // may cross at the new price, then rests at the back
        } else {
          // Keep queue position: re-insert ordered by seq.
          const level = side.level(o.limitPrice!)
          side.add(o, o.limitPrice!)
          if (level) level.orders.sort((x, y) => x.seq - y.seq)
          this.setHold(o, false)
          this.emit({ kind: 'book', symbol: o.symbol })
        }
      } else {
        this.setHold(o, false)
      }
      return o
    })
  }

  /** Legacy EditOrder: cancel and replace with a new id, losing queue priority. */
  edit(account: string, ref: OrderRef, a: Amendment): { original: SimOrder; replacement: SimOrder } {
    return this.batch(() => {
      const original = this.findOpen(account, ref)
      const req: NewOrder = {
        account,
        symbol: original.symbol,
        side: original.side,
        type: original.type,
        qty: (a.qty ?? original.qty) - original.filled,
        tif: original.tif,
        postOnly: a.postOnly ?? original.postOnly,
        stp: original.stp,
        source: original.source,
      }
      const lp = a.limitPrice ?? original.limitPrice
      const tp = a.triggerPrice ?? original.triggerPrice
      if (lp !== undefined) req.limitPrice = lp
      if (tp !== undefined) req.triggerPrice = tp
      const dq = a.displayQty ?? original.displayQty
      if (dq !== undefined) req.displayQty = dq
      if (original.expireAt !== undefined) req.expireAt = original.expireAt
      if (original.userref !== undefined) req.userref = original.userref
      // The cancel stands even if the replacement is refused, as on Kraken.
      this.cancelOrder(original, 'Order replaced')
      return { original, replacement: this.place(req) }
    })
  }

  /** The FIX session dropped without logout: cancel its orders (cancel-on-disconnect). */
  cancelOnDisconnect(account: string, fixSession: string): SimOrder[] {
    return this.cancelAll(account, { fixSession }, 'Cancel on disconnect')
  }
}
