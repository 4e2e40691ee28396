/**
 * Spot margin on the built-in exchange, after Kraken's model (REST OpenPositions, TradeBalance):
 * a filled order with `leverage` opens or extends a margin position instead of moving the base
 * asset; the opposite margin order closes it, its realised P&L going to the quote balance; fees
 * are charged to the quote balance on opening and closing fills alike. An order's margin is its
 * opening cost ÷ its leverage, held against free margin (quote balance not held by orders, plus
 * the open positions' unrealised P&L, minus the margin they use): short of it, the order is
 * refused with Kraken's `EOrder:Insufficient margin`.
 *
 * Modelled: opening, extending, closing (in part or whole), flipping through zero with an order
 * larger than the position, reduce-only (never opens or flips), unrealised P&L at the last trade.
 * Not modelled (say so rather than pretend): rollover fees (`terms` and `rollovertm` are reported,
 * never charged), margin call and liquidation at the pair's margin_call / margin_stop levels,
 * Kraken's one-position-per-opening-trade (here one position per account and pair, extended by
 * later fills on its side, keyed by its first trade), borrowing and position-size limits
 * (`EOrder:Margin allowance exceeded`, `EOrder:Margin position size exceeded`), collateral other
 * than the pair's quote currency.
 */
import type { SimInstrument } from '../instruments'
import type { Accounts } from './Accounts'
import type { OrderBook } from './OrderBook'
import { KrakenError, type NewOrder, type OrderType, type Side, type SimOrder } from './types'

/**
 * What margin positions read of the engine (EngineCore satisfies it): declared here so the engine
 * can import this module without this module importing the engine back.
 */
export interface EngineCore {
  readonly books: ReadonlyMap<string, OrderBook>
  readonly accounts: Pick<Accounts, 'adjust' | 'available'>
  readonly margin: MarginPositions
  readonly takerBps: bigint
  instrument(symbol: string): SimInstrument
  last(symbol: string): number | null
  cost(inst: SimInstrument, qty: bigint, price: number): bigint
  remaining(o: SimOrder): bigint
  marketBuyPrice(symbol: string, qty: bigint, account: string): number | null
}

export interface MarginPosition {
  /** Kraken keys a position by its opening trade's id */
  id: string
  account: string
  symbol: string
  side: Side
  ordertxid: string
  ordertype: OrderType
  openedAt: number
  /** opened volume, units of 10^-qtyPrecision */
  vol: bigint
  volClosed: bigint
  /** opening cost, quote at ASSET_SCALE */
  cost: bigint
  /** opening fees, quote at ASSET_SCALE */
  fee: bigint
  /** initial margin consumed by the opening, quote at ASSET_SCALE */
  margin: bigint
  /** the opening order's leverage level */
  leverage: number
}

/** The open margin positions, one per account and pair. */
export class MarginPositions {
  private readonly byKey = new Map<string, MarginPosition>()

  of(account: string, symbol: string): MarginPosition | undefined {
    return this.byKey.get(`${account}\n${symbol}`)
  }

  all(account: string): MarginPosition[] {
    return [...this.byKey.values()].filter((p) => p.account === account)
  }

  put(p: MarginPosition): void {
    this.byKey.set(`${p.account}\n${p.symbol}`, p)
  }

  remove(p: MarginPosition): void {
    this.byKey.delete(`${p.account}\n${p.symbol}`)
  }
}

// (EngineCore's own ceilDiv, repeated: EngineCore imports this module)
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

export const openVol = (p: MarginPosition): bigint => p.vol - p.volClosed

/** The opening cost of `qty` of the position (its average opening price × qty). */
const basisOf = (p: MarginPosition, qty: bigint): bigint => (p.cost * qty) / p.vol

/** Margin the still-open part of a position uses. */
const marginInUse = (p: MarginPosition): bigint => (p.margin * openVol(p)) / p.vol

/** Current value and unrealised P&L of the open part, at the pair's last trade (quote, ASSET_SCALE). */
export function valuation(core: EngineCore, p: MarginPosition): { value: bigint; net: bigint } {
  const inst = core.instrument(p.symbol)
  const rem = openVol(p)
  const basis = basisOf(p, rem)
  const last = core.last(p.symbol)
  // before any trade there is no price to value at: the position is worth what it cost
  const value = last === null ? basis : core.cost(inst, rem, last)
  return { value, net: p.side === 'buy' ? value - basis : basis - value }
}

/** Free margin in `quote`: balance not held by orders + unrealised P&L − margin in use. */
export function freeMargin(core: EngineCore, account: string, quote: string): bigint {
  let free = core.accounts.available(account, quote)
  for (const p of core.margin.all(account)) {
    if (core.instrument(p.symbol).quote !== quote) continue
    free += valuation(core, p).net - marginInUse(p)
  }
  return free
}

/** The price a margin order's cost is reckoned at: its own, else where the book would fill it. */
function reckonPrice(core: EngineCore, o: SimOrder, rem: bigint): number {
  if (o.type === 'limit' || o.type === 'iceberg') return o.limitPrice!
  if (o.type !== 'market' && o.type !== 'trailing-stop' && o.triggerPrice !== undefined) return o.triggerPrice
  const last = core.last(o.symbol) ?? 0
  if (o.side === 'buy') return core.marketBuyPrice(o.symbol, rem, o.account) ?? last
  return core.books.get(o.symbol)!.bids.best()?.price ?? last
}

/**
 * What a margin order holds: the margin of the part that would open a position (a part that
 * closes the opposite position needs none) plus the taker fee on the whole.
 */
export function marginHold(core: EngineCore, o: SimOrder): bigint {
  const inst = core.instrument(o.symbol)
  const rem = core.remaining(o)
  const p = core.margin.of(o.account, o.symbol)
  const closing = p && p.side !== o.side ? (openVol(p) < rem ? openVol(p) : rem) : 0n
  const opening = o.reduceOnly ? 0n : rem - closing
  const price = reckonPrice(core, o, rem)
  const fee = ceilDiv(core.cost(inst, rem, price) * core.takerBps, 10_000n)
  return ceilDiv(core.cost(inst, opening, price), BigInt(o.leverage!)) + fee
}

/**
 * Reduce-only on a margin order: there must be a position on the other side to reduce.
 * Kraken's texts: `EOrder:Reduce only:No position exists`, and `EOrder:Reduce only:Non-PC` (an
 * order that would not close a position, as Kraken's spot error list names it). A cash order has
 * no position at all at Kraken: reduce-only is for margin orders.
 */
export function checkReduceOnly(core: EngineCore, req: NewOrder): void {
  if (req.leverage === undefined) throw new KrakenError('EOrder:Reduce only:No position exists')
  const p = core.margin.of(req.account, req.symbol)
  if (!p) throw new KrakenError('EOrder:Reduce only:No position exists')
  if (p.side === req.side) throw new KrakenError('EOrder:Reduce only:Non-PC')
}

/**
 * What a reduce-only margin order may still trade: the open volume of the opposite position (0
 * when it has closed meanwhile); null for any other order (no such limit).
 */
export function reducible(core: EngineCore, o: SimOrder): bigint | null {
  if (!o.reduceOnly || o.leverage === undefined) return null
  const p = core.margin.of(o.account, o.symbol)
  return p && p.side !== o.side ? openVol(p) : 0n
}

/** A reduce-only order is cut to the position it reduces, so it can never flip it. */
export function reduceOnlyQty(core: EngineCore, req: NewOrder): bigint {
  const p = core.margin.of(req.account, req.symbol)
  return p && openVol(p) < req.qty ? openVol(p) : req.qty
}

/**
 * Book one fill of a margin order: the fee from the quote balance, then close what it can of an
 * opposite position (P&L to the quote balance), then open or extend with the rest (unless
 * reduce-only: matching never lets one trade past its position, see reducible).
 */
export function bookMarginFill(
  core: EngineCore,
  o: SimOrder,
  fill: { qty: bigint; cost: bigint; fee: bigint; tradeId: string; time: number },
): void {
  const quote = core.instrument(o.symbol).quote
  core.accounts.adjust(o.account, quote, -fill.fee)
  let left = fill.qty
  const p = core.margin.of(o.account, o.symbol)
  if (p && p.side !== o.side) {
    const close = openVol(p) < left ? openVol(p) : left
    const basis = basisOf(p, close)
    const proceeds = (fill.cost * close) / fill.qty
    core.accounts.adjust(o.account, quote, p.side === 'buy' ? proceeds - basis : basis - proceeds)
    p.volClosed += close
    if (openVol(p) === 0n) core.margin.remove(p)
    left -= close
  }
  if (left === 0n || o.reduceOnly) return
  const cost = (fill.cost * left) / fill.qty
  const fee = (fill.fee * left) / fill.qty
  const margin = ceilDiv(cost, BigInt(o.leverage!))
  const same = core.margin.of(o.account, o.symbol)
  if (same) {
    same.vol += left
    same.cost += cost
    same.fee += fee
    same.margin += margin
    return
  }
  core.margin.put({
    id: fill.tradeId,
    account: o.account,
    symbol: o.symbol,
    side: o.side,
    ordertxid: o.id,
    ordertype: o.type,
    openedAt: fill.time,
    vol: left,
    volClosed: 0n,
    cost,
    fee,
    margin,
    leverage: o.leverage!,
  })
}
