/**
 * The matching engine's state and the bookkeeping every role of it shares: books, orders, open
 * orders per account, balances and holds, fills, last prices, the events of the current call,
 * ids and queue sequence numbers; closing an order and the lookups by reference. The roles —
 * validation, matching, triggers, amend — are functions over this; MatchingEngine is the facade.
 */
import type { SimInstrument } from '../instruments'
import { Accounts } from './Accounts'
import { FillLog } from './FillLog'
import { marginHold, MarginPositions } from './marginPositions'
import { OrderBook } from './OrderBook'
import {
  ASSET_DECIMALS,
  KrakenError,
  type EngineEvent,
  type ExecType,
  type Fill,
  type OrderRef,
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
  /** closed orders kept (MAX_CLOSED, MAX_CLOSED_SYNTHETIC): tests set them small */
  maxClosed?: number
  maxClosedSynthetic?: number
  /** fills kept per account (FillLog's MAX_FILLS, MAX_FILLS_SYNTHETIC): tests set them small */
  maxFills?: number
  maxFillsSynthetic?: number
}

/**
 * Ids of closed orders, oldest first. Past `max` the oldest is forgotten one at a time, so what is
 * kept stays level (it was halved at the bound, a sawtooth); amortised O(1) per close.
 */
class ClosedIds {
  private ids: string[] = []
  private head = 0
  constructor(private readonly max: number) {}

  /** Note a closed order; returns the id to forget, if one is now past the bound. */
  push(id: string): string | undefined {
    this.ids.push(id)
    if (this.ids.length - this.head <= this.max) return undefined
    const old = this.ids[this.head++]
    if (this.head >= this.max) {
      this.ids = this.ids.slice(this.head)
      this.head = 0
    }
    return old
  }
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** every order's life is kept this long after it closes (QueryOrders, ClosedOrders) */
export const MAX_CLOSED = 50_000
/**
 * The synthetic market's own closed orders (uncapped accounts): no one queries them, and at 5,000
 * book events/s they closed 50,000 a minute or so — the worker's heap rose and fell by 10 MiB
 * between halvings, which read as growth in the memory bench (issue 20). A few are kept for
 * reports still in flight about them.
 */
export const MAX_CLOSED_SYNTHETIC = 1_000

export const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

export class EngineCore {
  readonly books = new Map<string, OrderBook>()
  readonly orders = new Map<string, SimOrder>()
  readonly accounts = new Accounts()
  /** spot margin positions (marginPositions.ts) */
  readonly margin = new MarginPositions()
  /** fills per account, the newest of each (a day at a busy book must not fill main's memory) */
  readonly fillLog: FillLog
  /** orders waiting for their trigger, per symbol */
  readonly untriggered = new Map<string, Set<SimOrder>>()
  readonly lastPrice = new Map<string, number>()
  readonly tradeSeq = new Map<string, number>()
  /** events of the current call, handed to listeners once it completes */
  pending: EngineEvent[] = []
  /** symbols that traded during the current call: their triggers are checked before it returns */
  readonly traded = new Set<string>()
  /** orders done during the current call whose conditional close (OTO) is to be placed before it returns */
  readonly closesDue: SimOrder[] = []
  readonly now: () => number
  readonly random: () => number
  readonly makerBps: bigint
  readonly takerBps: bigint
  readonly maxOpen: number
  readonly uncapped: Set<string>
  private readonly instruments: Map<string, SimInstrument>
  private seq = 0
  /** closed orders still kept, oldest first: the trader's and the synthetic market's */
  private readonly closed: { traders: ClosedIds; synthetic: ClosedIds }
  /** open orders per account: every per-account lookup stays O(that account's open orders) */
  private readonly open = new Map<string, Set<SimOrder>>()

  constructor(instruments: Iterable<SimInstrument>, opts: EngineOptions) {
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
    this.fillLog = new FillLog(opts.maxFills, this.uncapped, opts.maxFillsSynthetic)
    this.closed = {
      traders: new ClosedIds(opts.maxClosed ?? MAX_CLOSED),
      synthetic: new ClosedIds(opts.maxClosedSynthetic ?? MAX_CLOSED_SYNTHETIC),
    }
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

  newId(prefix: 'O' | 'T'): string {
    const part = (n: number): string => {
      let s = ''
      for (let i = 0; i < n; i++) s += ID_ALPHABET[Math.floor(this.random() * ID_ALPHABET.length)]
      return s
    }
    return `${prefix}${part(5)}-${part(5)}-${part(6)}`
  }

  /** The next queue priority: an order given it goes behind every order already queued. */
  nextSeq(): number {
    return ++this.seq
  }

  emit(e: EngineEvent): void {
    this.pending.push(e)
  }

  orderEvent(exec: ExecType, order: SimOrder, fill?: Fill): void {
    this.emit(fill ? { kind: 'order', exec, order, fill } : { kind: 'order', exec, order })
  }

  private costScale(inst: SimInstrument): bigint {
    return 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision - inst.pricePrecision)
  }

  baseScale(inst: SimInstrument): bigint {
    return 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision)
  }

  /** Quote money for qty at price, at ASSET_SCALE. */
  cost(inst: SimInstrument, qty: bigint, price: number): bigint {
    return qty * BigInt(price) * this.costScale(inst)
  }

  remaining(o: SimOrder): bigint {
    return o.qty - o.filled
  }

  /** The book side an order would take liquidity from. */
  opposite(o: SimOrder) {
    return this.books.get(o.symbol)!.side(o.side === 'buy' ? 'sell' : 'buy')
  }

  // ---------------------------------------------------------------- holds

  /** What an open order may still spend, in the asset it spends. */
  holdFor(o: SimOrder): { asset: string; amount: bigint } {
    const inst = this.instrument(o.symbol)
    // a margin order holds its margin (and fee) in the quote currency, whichever its side
    if (o.leverage !== undefined) return { asset: inst.quote, amount: marginHold(this, o) }
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
  marketBuyPrice(symbol: string, qty: bigint, account: string): number | null {
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

  setHold(o: SimOrder, check: boolean): void {
    const h = this.holdFor(o)
    this.accounts.hold(o.id, o.account, h.asset, h.amount, check)
  }

  // ---------------------------------------------------------------- open and closed orders

  /** Count an accepted order among its account's open orders. */
  markOpen(o: SimOrder): void {
    let set = this.open.get(o.account)
    if (!set) this.open.set(o.account, (set = new Set()))
    set.add(o)
  }

  removeResting(o: SimOrder): void {
    if (o.limitPrice !== undefined && this.books.get(o.symbol)!.side(o.side).remove(o, o.limitPrice)) {
      this.emit({ kind: 'book', symbol: o.symbol })
    }
    this.untriggered.get(o.symbol)!.delete(o)
  }

  close(o: SimOrder, status: 'closed' | 'canceled' | 'expired', reason?: string): void {
    o.status = status
    o.closedAt = this.now()
    o.visible = 0n
    if (reason) o.reason = reason
    this.accounts.release(o.id)
    this.open.get(o.account)?.delete(o)
    this.orderEvent(status === 'closed' ? 'filled' : status, o)
    if (o.conditional && o.filled > 0n) this.closesDue.push(o)
    const gone = (this.uncapped.has(o.account) ? this.closed.synthetic : this.closed.traders).push(o.id)
    if (gone !== undefined) this.orders.delete(gone)
  }

  cancelOrder(o: SimOrder, reason: string): void {
    this.removeResting(o)
    this.close(o, 'canceled', reason)
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

  findOpen(account: string, ref: OrderRef): SimOrder {
    const o = this.find(account, ref).find((x) => x.status === 'open')
    if (!o) throw new KrakenError('EOrder:Unknown order')
    return o
  }
}
