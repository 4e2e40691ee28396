import type { OrderGateway } from '../../core/orders/OrderGateway'
import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { EventRef, Protocol, TrackedOrder, VenueEvent } from '../../core/orders/OrderTracker'
import { OrderRefused, type PlaceRequest } from '../../core/orders/PlaceRequest'
import { triggerTimeMs, wsOrderView, type OrderView } from '../orderViews'
import type { KrakenWsPrivateClient } from './KrakenWsPrivateClient'
import { isObj } from './wsv2Messages'
import { addOrderParams, amendOrderParams, cancelAllAfterParams, cancelOrderParams } from './wsv2Requests'

type Json = Record<string, unknown>

/** What this gateway reports (the order service's GatewayReport, kept structural: kraken/ imports no features/). */
export type WsReport = {
  kind: 'report'
  ref: EventRef
  events: VenueEvent[]
  snapshot?: boolean
  adoptable?: OrderView & { symbol: string }
}

/**
 * A margin order WS v2 cannot carry: add_order has `margin` on/off but no leverage level (Kraken
 * refuses a `leverage` field there), so the level would be Kraken's choice, not the trader's.
 * The router sends such an order over REST, which takes the level.
 */
export class MarginLevelNeedsRest extends OrderRefused {
  constructor(leverage: string) {
    super(
      `Kraken's WebSocket takes margin on or off, not a leverage level: a ${leverage}× order has to go over REST`,
    )
  }
}

export interface WsOrderGatewayOptions {
  /** null: no private WS in this profile (reports can still be read, nothing can be sent) */
  ws: Pick<KrakenWsPrivateClient, 'request' | 'state'> | null
  registry: () => InstrumentRegistry
  emit: (r: WsReport) => void
  now?: () => number
  /**
   * the level Kraken applies to `margin: true` on this account, when known ("2"); a margin order
   * at that level goes as `margin: true`, any other level is refused with MarginLevelNeedsRest.
   * Unset (the default): every margin order is refused here and goes over REST.
   */
  wsMarginLeverage?: string
}

/**
 * Kraken WS v2 order entry (add_order, amend_order, cancel_order, cancel_all,
 * cancel_all_orders_after) and its executions channel, read into domain events. No order state:
 * which order an execution belongs to, and whether to adopt it, is the order service's call.
 */
export class WsOrderGateway implements OrderGateway {
  readonly protocol: Protocol = 'ws'
  private readonly now: () => number

  constructor(private readonly o: WsOrderGatewayOptions) {
    this.now = o.now ?? Date.now
  }

  up(): boolean {
    return this.o.ws?.state === 'online'
  }

  private get ws(): Pick<KrakenWsPrivateClient, 'request' | 'state'> {
    if (!this.o.ws) throw new Error('WebSocket is not connected')
    return this.o.ws
  }

  async place(p: { req: PlaceRequest; inst: Instrument; clOrdId: string }): Promise<{ orderId?: string }> {
    const { req, inst, clOrdId } = p
    if (req.leverage !== undefined && req.leverage !== this.o.wsMarginLeverage)
      throw new MarginLevelNeedsRest(req.leverage)
    const margin = req.leverage !== undefined
    const params = addOrderParams(inst.wsSymbol, {
      type: req.type,
      side: req.side,
      qty: req.qty,
      ...(req.limitPrice !== undefined ? { limitPrice: req.limitPrice } : {}),
      ...(req.triggerPrice !== undefined ? { triggerPrice: req.triggerPrice } : {}),
      ...(req.displayQty !== undefined ? { displayQty: req.displayQty } : {}),
      tif: req.tif,
      ...(req.expireAt !== undefined ? { expireAt: req.expireAt } : {}),
      ...(req.postOnly ? { postOnly: true } : {}),
      // reduce_only is Kraken's on margin positions only; a cash order's is Trident's own check
      ...(margin ? { margin: true, ...(req.reduceOnly ? { reduceOnly: true } : {}) } : {}),
      clOrdId,
    })
    const r = await this.ws.request('add_order', params)
    return { orderId: String((r.result as Json).order_id) }
  }

  async amend(
    order: TrackedOrder,
    _inst: Instrument,
    changes: { qty?: string; limitPrice?: string; triggerPrice?: string },
  ): Promise<void> {
    await this.ws.request('amend_order', amendOrderParams(which(order), changes))
  }

  async cancel(order: TrackedOrder): Promise<void> {
    await this.ws.request('cancel_order', cancelOrderParams([which(order)]))
  }

  async cancelAll(): Promise<string> {
    const r = await this.ws.request('cancel_all', {})
    return `WebSocket: ${String((r.result as Json).count)} cancelled`
  }

  async cancelAllAfter(seconds: number): Promise<number> {
    const r = (await this.ws.request('cancel_all_orders_after', cancelAllAfterParams(seconds))).result as Json
    return triggerTimeMs(r.triggerTime)
  }

  /** One entry of the executions channel (the private client calls this for every entry). */
  onExecution(e: Json, snapshot: boolean): void {
    this.o.emit(this.translate(e, snapshot))
  }

  /** An execution in domain terms: the events it carries, in the order Kraken implies them. */
  translate(e: Json, snapshot: boolean): WsReport {
    const ref: EventRef = { protocol: 'ws', at: this.now() }
    if (typeof e.cl_ord_id === 'string') ref.clOrdId = e.cl_ord_id
    if (typeof e.order_id === 'string') ref.orderId = e.order_id
    const report: WsReport = { kind: 'report', ref, events: [] }
    if (snapshot) {
      report.snapshot = true
      // a snapshot's order entries (open orders carry order_qty and cum_qty) can adopt an order
      // the service does not know; its trades (snap_trades: a trade id, no order_qty on Kraken)
      // cannot, whatever else they carry: a finished order the tracker forgot long ago is not
      // brought back by one of its last 50 trades and its fills counted again
      if (e.order_qty !== undefined && e.trade_id === undefined && e.exec_id === undefined) {
        const v = wsOrderView(e)
        if (this.o.registry().has(v.symbol)) report.adoptable = v
      }
    }
    const registry = this.o.registry()
    const symbol =
      typeof e.symbol === 'string' && registry.has(e.symbol) ? registry.resolve(e.symbol).id : undefined
    const ev = report.events
    switch (e.exec_type) {
      case 'pending_new':
        if (ref.orderId) ev.push({ kind: 'accepted', orderId: ref.orderId })
        break
      case 'new':
        ev.push({ kind: 'open' })
        break
      case 'trade':
        if (symbol && e.trade_id !== undefined) {
          const f: VenueEvent & { kind: 'fill' } = {
            kind: 'fill',
            tradeId: `${symbol}:${String(e.trade_id)}`,
            qty: String(e.last_qty),
            price: String(e.last_price),
            ...wsFee(e),
          }
          if (e.cum_qty !== undefined) f.cumQty = String(e.cum_qty)
          if (e.avg_price !== undefined) f.avgPrice = String(e.avg_price)
          if (e.cum_cost !== undefined) f.cumCost = String(e.cum_cost)
          ev.push(f)
        } else if (snapshot && e.order_qty !== undefined) {
          // an open order's entry in the snapshot (no trade of its own): its cum_qty and averages
          ev.push({ kind: 'open' })
        }
        if (e.order_status === 'filled' && !snapshot) ev.push({ kind: 'filled' })
        break
      case 'filled':
        ev.push({ kind: 'filled' })
        break
      case 'canceled':
        ev.push({ kind: 'cancelled', reason: String(e.cancel_reason ?? e.reason ?? 'cancelled') })
        break
      case 'expired':
        ev.push({ kind: 'expired', reason: String(e.cancel_reason ?? 'expired') })
        break
      case 'amended': {
        const a: VenueEvent = { kind: 'amended' }
        if (e.order_qty !== undefined) a.qty = String(e.order_qty)
        if (e.limit_price !== undefined) a.limitPrice = String(e.limit_price)
        // a stop's amended trigger comes in the entry's triggers object (its price, exact text)
        const tr = e.triggers
        if (isObj(tr) && tr.price !== undefined) a.triggerPrice = String(tr.price)
        ev.push(a)
        break
      }
    }
    return report
  }
}

/** Kraken takes its own order id when known (it is unique); our client id otherwise. */
function which(order: TrackedOrder): { orderId: string } | { clOrdId: string } {
  return order.venueOrderId ? { orderId: order.venueOrderId } : { clOrdId: order.clOrdId }
}

/** A WS v2 execution's fee: fees[0] as sent (qty + asset), never fee_usd_equiv (a USD estimate). */
function wsFee(e: Json): { fee?: string; feeAsset?: string } {
  const f = Array.isArray(e.fees) ? (e.fees[0] as Json | undefined) : undefined
  return f && f.qty !== undefined && typeof f.asset === 'string'
    ? { fee: String(f.qty), feeAsset: f.asset }
    : {}
}
