/**
 * The built-in exchange's matching engine, as the servers, the market and the tests use it: the
 * public calls (place, amend, edit, cancel, dead-man switch, time) and the queries. Each call runs
 * as one batch whose events reach listeners in order once it is complete. The work is done by
 * the roles it delegates to: EngineCore (state, holds, closing), orderValidation, matching,
 * triggers and amendOrder.
 */
import type { SimInstrument } from '../instruments'
import { amendOrder } from './amendOrder'
import { checkConditional, closeFor } from './conditionalClose'
import { EngineCore, type EngineOptions } from './EngineCore'
import { freeMargin, reduceOnlyQty, valuation, type MarginPosition } from './marginPositions'
import { execute } from './matching'
import { TRIGGERED, validateOrder } from './orderValidation'
import type { OrderBook } from './OrderBook'
import { checkTriggers, initTrail } from './triggers'
import {
  KrakenError,
  type Amendment,
  type EngineEvent,
  type Fill,
  type NewOrder,
  type OrderRef,
  type SimOrder,
} from './types'

export type { EngineOptions } from './EngineCore'
export type { Amendment, OrderRef } from './types'
export type { MarginPosition } from './marginPositions'

/**
 * Price-time priority matching for every instrument of the built-in exchange.
 * Synchronous and deterministic given its clock and random source; each public call collects
 * the events it caused and hands them to listeners in order, once the call is complete.
 */
export class MatchingEngine {
  private readonly core: EngineCore
  readonly books: Map<string, OrderBook>
  readonly orders: Map<string, SimOrder>
  readonly accounts: EngineCore['accounts']
  /** fills per account, the newest of each (a day at a busy book must not fill main's memory) */
  readonly fillLog: EngineCore['fillLog']
  /** every kept fill in order (tests and tools; the servers ask fillLog for one account's) */
  get fills(): Fill[] {
    return this.fillLog.all()
  }
  private readonly deadman = new Map<string, number>()
  private readonly listeners: ((events: EngineEvent[]) => void)[] = []
  private depth = 0

  constructor(instruments: Iterable<SimInstrument>, opts: EngineOptions = {}) {
    this.core = new EngineCore(instruments, opts)
    this.books = this.core.books
    this.orders = this.core.orders
    this.accounts = this.core.accounts
    this.fillLog = this.core.fillLog
  }

  onEvents(listener: (events: EngineEvent[]) => void): () => void {
    this.listeners.push(listener)
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1)
  }

  instrument(symbol: string): SimInstrument {
    return this.core.instrument(symbol)
  }

  last(symbol: string): number | null {
    return this.core.last(symbol)
  }

  book(symbol: string): OrderBook {
    return this.core.book(symbol)
  }

  newId(prefix: 'O' | 'T'): string {
    return this.core.newId(prefix)
  }

  /** Quote money for qty at price, at ASSET_SCALE. */
  cost(inst: SimInstrument, qty: bigint, price: number): bigint {
    return this.core.cost(inst, qty, price)
  }

  remaining(o: SimOrder): bigint {
    return this.core.remaining(o)
  }

  /** Run `fn`, then deliver the events it caused (nested calls deliver once, at the outermost). */
  private batch<T>(fn: () => T): T {
    const core = this.core
    this.depth++
    try {
      const result = fn()
      if (this.depth === 1) {
        // Trades may fire stops, whose fills may fire more, and finished orders place their
        // conditional closes, which may trade too: settle until quiet.
        for (let guard = 0; (core.traded.size > 0 || core.closesDue.length > 0) && guard < 10_000; guard++) {
          if (core.traded.size > 0) {
            const symbol = core.traded.values().next().value as string
            core.traded.delete(symbol)
            checkTriggers(core, symbol)
            continue
          }
          const req = closeFor(core.closesDue.shift()!)
          try {
            if (req) this.place(req)
          } catch (e) {
            // refused as Kraken would refuse any order (funds, minimums): the primary stands as done
            if (!(e instanceof KrakenError)) throw e
          }
        }
      }
      return result
    } finally {
      this.depth--
      if (this.depth === 0 && core.pending.length) {
        const ev = core.pending
        core.pending = []
        for (const l of [...this.listeners]) l(ev)
      }
    }
  }

  /**
   * A trade printed outside this book (a replayed recording's) moves the last price here too, and
   * the conditional orders it reaches fire, as after one of this engine's own trades.
   */
  printedElsewhere(symbol: string, price: number): void {
    this.batch(() => {
      this.core.instrument(symbol)
      this.core.lastPrice.set(symbol, price)
      this.core.traded.add(symbol)
    })
  }

  /** Place an order. Throws KrakenError (nothing changed) when Kraken would refuse it outright. */
  place(req: NewOrder): SimOrder {
    return this.batch(() => {
      const core = this.core
      const inst = core.instrument(req.symbol)
      validateOrder(core, req, inst)
      checkConditional(core, req)
      const now = core.now()
      const o: SimOrder = {
        id: req.validateOnly ? '' : core.newId('O'),
        account: req.account,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        // reduce-only is cut to the position it reduces (it never flips it)
        qty: req.reduceOnly ? reduceOnlyQty(core, req) : req.qty,
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
        seq: core.nextSeq(),
        trades: [],
        amended: false,
        visible: req.type === 'iceberg' ? req.displayQty! : 0n,
      }
      if (req.limitPrice !== undefined) o.limitPrice = req.limitPrice
      if (req.triggerPrice !== undefined) o.triggerPrice = req.triggerPrice
      if (req.type !== 'iceberg') o.visible = o.qty
      if (req.displayQty !== undefined) o.displayQty = req.displayQty
      if (req.expireAt !== undefined) o.expireAt = req.expireAt
      if (req.clOrdId !== undefined) o.clOrdId = req.clOrdId
      if (req.userref !== undefined) o.userref = req.userref
      if (req.conditional) o.conditional = { ...req.conditional }
      if (req.leverage !== undefined) o.leverage = req.leverage
      if (o.type === 'market' && core.marketBuyPrice(o.symbol, 1n, o.account) === null && o.side === 'buy') {
        throw new KrakenError('EOrder:Insufficient liquidity')
      }
      // Funds are checked before the order exists anywhere.
      const h = core.holdFor(o)
      if (o.leverage !== undefined) {
        if (freeMargin(core, o.account, h.asset) < h.amount)
          throw new KrakenError('EOrder:Insufficient margin')
      } else if (core.accounts.available(o.account, h.asset) < h.amount)
        throw new KrakenError('EOrder:Insufficient funds')
      if (req.validateOnly) return o
      core.orders.set(o.id, o)
      core.setHold(o, false)
      core.orderEvent('pending_new', o)
      o.status = 'open'
      core.markOpen(o)
      core.orderEvent('new', o)
      if (o.untriggered) {
        if (o.type === 'trailing-stop') initTrail(core, o)
        core.untriggered.get(o.symbol)!.add(o)
      } else {
        execute(core, o)
      }
      return o
    })
  }

  /** Advance time: expire GTD orders, fire dead-man switches. Called by the exchange's clock. */
  advance(): void {
    this.batch(() => {
      const core = this.core
      const now = core.now()
      for (const [account, at] of this.deadman) {
        if (now >= at) {
          this.deadman.delete(account)
          for (const o of core.openOrders(account))
            core.cancelOrder(o, 'Cancel all orders after (dead man switch)')
        }
      }
      for (const o of core.openOrders()) {
        if (o.expireAt !== undefined && now >= o.expireAt) {
          core.removeResting(o)
          core.close(o, 'expired', 'Order expired (GTD)')
        }
      }
    })
  }

  // ---------------------------------------------------------------- queries

  openOrders(account?: string): Generator<SimOrder> {
    return this.core.openOrders(account)
  }

  find(account: string, ref: OrderRef): SimOrder[] {
    return this.core.find(account, ref)
  }

  /** The account's open spot margin positions, each with its value and unrealised P&L now. */
  marginPositions(account: string): (MarginPosition & { value: bigint; net: bigint })[] {
    return this.core.margin.all(account).map((p) => ({ ...p, ...valuation(this.core, p) }))
  }

  /** Free margin in `quote` (TradeBalance mf): what new margin orders may still use. */
  freeMargin(account: string, quote: string): bigint {
    return freeMargin(this.core, account, quote)
  }

  // ---------------------------------------------------------------- cancel and amend

  /**
   * Cancel one order. `fixSession` restricts the scope to orders placed on that FIX session, as
   * Kraken does for FIX OrderCancelRequest; REST and WS cancel any order of the account.
   */
  cancel(account: string, ref: OrderRef, scope: { fixSession?: string } = {}): SimOrder[] {
    return this.batch(() => {
      const targets = this.core.find(account, ref).filter((o) => o.status === 'open')
      if (targets.length === 0) throw new KrakenError('EOrder:Unknown order')
      if (scope.fixSession !== undefined && targets.some((o) => o.source.session !== scope.fixSession)) {
        throw new KrakenError('EOrder:Unknown order')
      }
      for (const o of targets) this.core.cancelOrder(o, 'User requested')
      return targets
    })
  }

  cancelAll(
    account: string,
    filter: { symbol?: string; fixSession?: string } = {},
    reason = 'User requested',
  ): SimOrder[] {
    return this.batch(() => {
      const targets = [...this.core.openOrders(account)].filter(
        (o) =>
          (filter.symbol === undefined || o.symbol === filter.symbol) &&
          (filter.fixSession === undefined || o.source.session === filter.fixSession),
      )
      for (const o of targets) this.core.cancelOrder(o, reason)
      return targets
    })
  }

  /** Dead-man switch: cancel everything of `account` unless re-armed within `timeoutSec`. 0 disarms. */
  cancelAllAfter(account: string, timeoutSec: number): { currentTime: number; triggerTime: number } {
    const now = this.core.now()
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
    return this.batch(() => amendOrder(this.core, account, ref, a))
  }

  /** Legacy EditOrder: cancel and replace with a new id, losing queue priority. */
  edit(account: string, ref: OrderRef, a: Amendment): { original: SimOrder; replacement: SimOrder } {
    return this.batch(() => {
      const original = this.core.findOpen(account, ref)
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
      if (original.leverage !== undefined) req.leverage = original.leverage
      // The cancel stands even if the replacement is refused, as on Kraken.
      this.core.cancelOrder(original, 'Order replaced')
      return { original, replacement: this.place(req) }
    })
  }

  /** The FIX session dropped without logout: cancel its orders (cancel-on-disconnect). */
  cancelOnDisconnect(account: string, fixSession: string): SimOrder[] {
    return this.cancelAll(account, { fixSession }, 'Cancel on disconnect')
  }
}
