import type { OrderGateway } from '../../core/orders/OrderGateway'
import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { EventRef, Protocol, TrackedOrder, VenueEvent } from '../../core/orders/OrderTracker'
import type { PlaceRequest } from '../../core/orders/PlaceRequest'
import { restOrderView, triggerTimeMs, type OrderView } from '../orderViews'
import type { KrakenRestClient } from './KrakenRestClient'

type Json = Record<string, unknown>
type Fill = VenueEvent & { kind: 'fill' }

/** What this gateway reports (the order service's GatewayReport, structurally: kraken/ imports no features/). */
export type RestReport = { kind: 'report'; ref: EventRef; events: VenueEvent[] }

/** An order REST lists as open, in domain terms (view null: an entry Trident cannot read). */
export interface RestOpenOrder {
  txid: string
  clOrdId?: string
  view: (OrderView & { symbol: string }) | null
  /** trade txids it lists (trades=true): already inside its filled quantity */
  trades?: string[]
}

export interface RestOrderGatewayOptions {
  rest: Pick<KrakenRestClient, 'private' | 'addOrder' | 'findByClOrdId'>
  registry: () => InstrumentRegistry
  emit: (r: RestReport) => void
  now?: () => number
}

/** Reconcile is background work: it waits for room on Kraken's REST counter instead of failing. */
const QUEUE = { queue: true }

/**
 * Kraken REST order entry (AddOrder, AmendOrder, CancelOrder, CancelAll, CancelAllOrdersAfter)
 * and the queries a reconcile needs (OpenOrders, QueryOrders, TradesHistory), in domain terms.
 * REST has no report stream: an amend or cancel the venue answered is reported from its answer.
 */
export class RestOrderGateway implements OrderGateway {
  readonly protocol: Protocol = 'rest'
  private readonly now: () => number

  constructor(private readonly o: RestOrderGatewayOptions) {
    this.now = o.now ?? Date.now
  }

  up(): boolean {
    return true
  }

  async place(p: { req: PlaceRequest; inst: Instrument; clOrdId: string }): Promise<{ orderId?: string }> {
    const r = await this.o.rest.addOrder({ ...restOrder(p.req, p.inst), cl_ord_id: p.clOrdId })
    return { orderId: r.txid }
  }

  async amend(
    order: TrackedOrder,
    _inst: Instrument,
    changes: { qty?: string; limitPrice?: string; triggerPrice?: string },
  ): Promise<void> {
    await this.o.rest.private('AmendOrder', { ...which(order), ...amendFields(changes) })
    this.report(order.clOrdId, { kind: 'amended', ...changes })
  }

  async cancel(order: TrackedOrder): Promise<void> {
    await this.o.rest.private('CancelOrder', which(order))
    this.report(order.clOrdId, { kind: 'cancelled', reason: 'User requested' })
  }

  async cancelAll(): Promise<string> {
    return `REST: ${String((await this.o.rest.private<{ count: string }>('CancelAll')).count)} cancelled`
  }

  async cancelAllAfter(seconds: number): Promise<number> {
    const r = await this.o.rest.private<Json>('CancelAllOrdersAfter', { timeout: String(seconds) })
    return triggerTimeMs(r.triggerTime)
  }

  private report(clOrdId: string, e: VenueEvent): void {
    this.o.emit({ kind: 'report', ref: { clOrdId, protocol: 'rest', at: this.now() }, events: [e] })
  }

  // ------------------------------------------------------------------ reconcile queries

  /** OpenOrders with their trades. */
  async openOrders(): Promise<RestOpenOrder[]> {
    const open = await this.o.rest.private<{ open: Record<string, Json> }>(
      'OpenOrders',
      { trades: true },
      QUEUE,
    )
    return Object.entries(open.open ?? {}).map(([txid, info]) => {
      const v = restOrderView(info)
      const o: RestOpenOrder = { txid, view: v ? { ...v, symbol: v.pair } : null }
      if (typeof info.cl_ord_id === 'string') o.clOrdId = info.cl_ord_id
      if (Array.isArray(info.trades)) o.trades = info.trades.map(String)
      return o
    })
  }

  /**
   * QueryOrders for up to 50 orders: how each ended (closed = filled), or no event while it works.
   * `trades` asks Kraken to list each order's trades as well, as the reconcile's first look does.
   */
  async endedOrders(txids: string[], trades: boolean): Promise<{ txid: string; event?: VenueEvent }[]> {
    const p: Record<string, string | boolean> = { txid: txids.slice(0, 50).join(',') }
    if (trades) p.trades = true
    const q = await this.o.rest.private<Record<string, Json>>('QueryOrders', p, QUEUE)
    return Object.entries(q).map(([txid, info]) => {
      const st = String(info.status)
      const reason = (fallback: string) => String(info.reason ?? fallback)
      if (st === 'closed') return { txid, event: { kind: 'filled' } }
      if (st === 'canceled') return { txid, event: { kind: 'cancelled', reason: reason('cancelled') } }
      if (st === 'expired') return { txid, event: { kind: 'expired', reason: reason('expired') } }
      return { txid }
    })
  }

  /** Kraken's order id for one of our client order ids, open or closed; null if it never arrived. */
  findByClOrdId(clOrdId: string): Promise<string | null> {
    return this.o.rest.findByClOrdId(clOrdId, QUEUE)
  }

  /**
   * One page (50, newest first) of TradesHistory: the fills of instruments Trident knows, keyed by
   * the venue's per-pair trade id like every protocol's fills; `size` is the page's full length.
   */
  async tradesPage(
    ofs: number,
  ): Promise<{ size: number; fills: { txid: string; orderId: string; fill: Fill }[] }> {
    const hist = await this.o.rest.private<{ trades: Record<string, Json> }>('TradesHistory', { ofs }, QUEUE)
    const entries = Object.entries(hist.trades ?? {})
    const registry = this.o.registry()
    const fills: { txid: string; orderId: string; fill: Fill }[] = []
    for (const [txid, t] of entries) {
      if (!registry.has(String(t.pair))) continue
      const inst = registry.resolve(String(t.pair))
      const fill: Fill = {
        kind: 'fill',
        tradeId: `${inst.id}:${String(t.trade_id)}`,
        qty: String(t.vol),
        price: String(t.price),
      }
      // TradesHistory's fee is "total fee (quote currency)" per Kraken's docs; it names no asset
      if (t.fee !== undefined) {
        fill.fee = String(t.fee)
        fill.feeAsset = inst.quote
      }
      fills.push({ txid, orderId: String(t.ordertxid), fill })
    }
    return { size: entries.length, fills }
  }
}

/** Kraken takes its own order id when known (it is unique); our client id otherwise. */
function which(order: TrackedOrder): Record<string, string> {
  return order.venueOrderId ? { txid: order.venueOrderId } : { cl_ord_id: order.clOrdId }
}

/** REST AmendOrder names the changes as WS amend_order does. */
function amendFields(c: {
  qty?: string
  limitPrice?: string
  triggerPrice?: string
}): Record<string, string> {
  const p: Record<string, string> = {}
  if (c.qty !== undefined) p.order_qty = c.qty
  if (c.limitPrice !== undefined) p.limit_price = c.limitPrice
  if (c.triggerPrice !== undefined) p.trigger_price = c.triggerPrice
  return p
}

/** An AddOrder body as Kraken documents it (docs.kraken.com/api/docs/rest-api/add-order). */
export function restOrder(req: PlaceRequest, inst: Instrument): Record<string, string | boolean> {
  const p: Record<string, string | boolean> = {
    pair: inst.restPair,
    type: req.side,
    ordertype: req.type,
    volume: req.qty,
  }
  // GTC is Kraken's default and its documented bodies leave it out
  if (req.tif !== 'GTC') p.timeinforce = req.tif
  if (req.type === 'limit' || req.type === 'iceberg') p.price = req.limitPrice!
  else if (req.type === 'trailing-stop') {
    // the offset is relative ("+"); the reference named as in ccxt's bodies, which Kraken accepts
    p.trigger = 'last'
    p.price = `+${req.triggerPrice!}`
  } else if (req.type !== 'market') {
    p.price = req.triggerPrice!
    if (req.limitPrice !== undefined) p.price2 = req.limitPrice
  }
  if (req.displayQty !== undefined) p.displayvol = req.displayQty
  if (req.expireAt !== undefined) p.expiretm = String(Math.floor(req.expireAt / 1000))
  if (req.postOnly) p.oflags = 'post'
  // spot margin: the level as text ("2"…"5", as ccxt's recorded margin order sends it); Kraken's
  // reduce_only (a boolean) belongs to margin positions only: a cash order's reduce-only is
  // Trident's own check, never sent (Kraken has no position to reduce there)
  if (req.leverage !== undefined) {
    p.leverage = req.leverage
    if (req.reduceOnly) p.reduce_only = true
  }
  return p
}
