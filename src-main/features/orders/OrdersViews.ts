import type { FillView, OrderView, OrdersView } from '../../../src-preload/contract/types'
import {
  isTerminal,
  type OrderTracker,
  type TrackedFill,
  type TrackedOrder,
} from '../../core/orders/OrderTracker'

const HISTORY = 2000
const FILLS = 2000

/**
 * The orders topic's views: working, history and the session's fills (newest first), and the
 * working-only view a window without a blotter needs. Built once per change, not once per window:
 * the hub reads the latest view for every window it flushes, and sorting every order of the
 * session ten times a frame is main's time wasted.
 */
export class OrdersViews {
  private readonly fills: FillView[] = []
  private cache: OrdersView | null = null
  private cacheVersion = -1
  /** the working-only view, derived from (and rebuilt with) the full one */
  private workingCache: { of: OrdersView; view: OrdersView } | null = null

  constructor(private readonly tracker: OrderTracker) {}

  addFill(o: TrackedOrder, f: TrackedFill): void {
    const fv: FillView = {
      tradeId: f.tradeId,
      clOrdId: o.clOrdId,
      symbol: o.symbol,
      side: o.side,
      qty: f.qty,
      price: f.price,
      at: f.at,
      protocol: f.protocol,
    }
    if (f.fee !== undefined) fv.fee = f.fee
    if (f.feeAsset !== undefined) fv.feeAsset = f.feeAsset
    this.fills.unshift(fv)
    if (this.fills.length > FILLS) this.fills.length = FILLS
  }

  /** An order changed: the next read builds the view again. */
  invalidate(): void {
    this.cache = null
  }

  view(): OrdersView {
    const version = this.tracker.version
    if (this.cache && this.cacheVersion === version) return this.cache
    this.cache = this.build()
    this.cacheVersion = version
    return this.cache
  }

  /** Working orders only (history and fills empty). */
  working(): OrdersView {
    const all = this.view()
    if (this.workingCache?.of !== all)
      this.workingCache = { of: all, view: { working: all.working, history: [], fills: [] } }
    return this.workingCache.view
  }

  private build(): OrdersView {
    const all = this.tracker.all()
    const terminal = (o: TrackedOrder) => isTerminal(o.state)
    return {
      working: all
        .filter((o) => !terminal(o))
        .sort((a, b) => b.createdAt - a.createdAt || newerId(a, b))
        .map(orderView),
      history: all
        .filter(terminal)
        .sort((a, b) => b.updatedAt - a.updatedAt || newerId(a, b))
        .slice(0, HISTORY)
        .map(orderView),
      fills: this.fills,
    }
  }
}

function orderView(o: TrackedOrder): OrderView {
  const v: OrderView = {
    clOrdId: o.clOrdId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    qty: o.qty,
    tif: o.tif,
    protocol: o.protocol,
    state: o.state,
    filledQty: o.filledQty,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  }
  if (o.venueOrderId) v.venueOrderId = o.venueOrderId
  if (o.limitPrice !== undefined) v.limitPrice = o.limitPrice
  if (o.triggerPrice !== undefined) v.triggerPrice = o.triggerPrice
  if (o.reason) v.reason = o.reason
  if (o.reduceOnly) v.reduceOnly = true
  if (o.triggerSignal) v.triggerSignal = o.triggerSignal
  if (o.leverage) v.leverage = o.leverage
  if (o.postOnly) v.postOnly = true
  if (o.avgPrice !== undefined) v.avgPrice = o.avgPrice
  if (o.cumCost !== undefined) v.cumCost = o.cumCost
  return v
}

/** Within one millisecond the client order id says which came later (ours increase). */
function newerId(a: TrackedOrder, b: TrackedOrder): number {
  return a.clOrdId < b.clOrdId ? 1 : a.clOrdId > b.clOrdId ? -1 : 0
}
