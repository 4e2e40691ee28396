import type { Instrument, InstrumentRegistry } from '../../core/instruments/InstrumentRegistry'
import type { GatewayPlace, OrderChanges, OrderGateway } from '../../core/orders/OrderGateway'
import type { Protocol, TrackedOrder } from '../../core/orders/OrderTracker'
import { triggerTimeMs } from '../orderViews'
import { WsOrderGateway, type WsReport } from '../ws/WsOrderGateway'
import type { KrakenUwsAccount } from './KrakenUwsAccount'
import {
  UUID,
  UwsRequestRefused,
  uwsAddOrderParams,
  uwsAmendOrderParams,
  uwsCancelAllAfterParams,
  uwsCancelAllParams,
  uwsCancelOrderParams,
  type UwsOrderRef,
} from './uwsRequests'

type Json = Record<string, unknown>

/** A derivatives execution report: the spot report, and whether Kraken's liquidation made the fill. */
export type UwsReport = WsReport & { liquidation?: true }

export interface UwsOrderGatewayOptions {
  /** null: no Unified WS account in this profile (reports can still be read, nothing can be sent) */
  account: Pick<KrakenUwsAccount, 'request' | 'state'> | null
  registry: () => InstrumentRegistry
  emit: (r: UwsReport) => void
  now?: () => number
}

/**
 * Derivatives order entry over Kraken's Unified WS (add_order, amend_order, cancel_order,
 * cancel_all, cancel_all_orders_after, all with asset_class derivatives) and its executions
 * channel read into domain events. The executions wire is spot v2's, so the reading is the spot
 * gateway's (composition, not a copy) with the one documented difference: derivatives have no
 * pending_new, `exec_type: new` is the acknowledgement (§4.1). No order state is kept here.
 */
export class UwsOrderGateway implements OrderGateway {
  readonly protocol: Protocol = 'ws'
  /** reads executions only: it is never given a socket */
  private readonly reader: WsOrderGateway

  constructor(private readonly o: UwsOrderGatewayOptions) {
    this.reader = new WsOrderGateway({ ws: null, registry: o.registry, emit: () => undefined, now: o.now })
  }

  up(): boolean {
    return this.o.account?.state === 'online'
  }

  private get account(): Pick<KrakenUwsAccount, 'request' | 'state'> {
    if (!this.o.account) throw new Error('the Unified WebSocket (derivatives) is not connected')
    return this.o.account
  }

  async place(p: GatewayPlace): Promise<{ orderId?: string }> {
    const { req, inst, clOrdId } = p
    if (req.displayQty !== undefined)
      throw new UwsRequestRefused(`Kraken does not take iceberg (display quantity) orders on ${inst.id}`)
    const signal = req.triggerSignal
    const params = uwsAddOrderParams({
      symbol: inst.wsSymbol,
      type: req.type,
      side: req.side,
      qty: req.qty,
      ...(req.limitPrice !== undefined ? { limitPrice: req.limitPrice } : {}),
      ...(req.triggerPrice !== undefined ? { triggerPrice: req.triggerPrice } : {}),
      ...(signal !== undefined ? { triggerReference: signal } : {}),
      tif: req.tif,
      ...(req.expireAt !== undefined ? { expireAt: req.expireAt } : {}),
      ...(req.postOnly ? { postOnly: true } : {}),
      ...(req.reduceOnly ? { reduceOnly: true } : {}),
      clOrdId,
    })
    const r = await this.account.request('add_order', params)
    const id = (r.result as Json | undefined)?.order_id
    // an id Trident cannot read is never stored as "undefined": the executions report brings it
    return typeof id === 'string' && id !== '' ? { orderId: id } : {}
  }

  async amend(order: TrackedOrder, _inst: Instrument, changes: OrderChanges): Promise<void> {
    await this.account.request('amend_order', uwsAmendOrderParams(which(order), changes))
  }

  async cancel(order: TrackedOrder): Promise<void> {
    await this.account.request('cancel_order', uwsCancelOrderParams([which(order)]))
  }

  async cancelAll(): Promise<string> {
    const r = await this.account.request('cancel_all', uwsCancelAllParams())
    return `Unified WebSocket: ${String((r.result as Json).count)} derivatives orders cancelled`
  }

  async cancelAllAfter(seconds: number): Promise<number> {
    const r = (await this.account.request('cancel_all_orders_after', uwsCancelAllAfterParams(seconds))).result
    return triggerTimeMs((r as Json | undefined)?.triggerTime)
  }

  /** One derivatives executions entry (KrakenUwsAccount's onExecution). */
  onExecution(e: Json, snapshot: boolean): void {
    this.o.emit(this.translate(e, snapshot))
  }

  /** An execution in domain terms, in the order Kraken implies them. */
  translate(e: Json, snapshot: boolean): UwsReport {
    const report: UwsReport = this.reader.translate(e, snapshot)
    // no pending_new on derivatives: `new` carries the order id Kraken acknowledged the order with
    if (e.exec_type === 'new' && report.ref.orderId !== undefined)
      report.events.unshift({ kind: 'accepted', orderId: report.ref.orderId })
    if (e.liquidated === true) report.liquidation = true
    return report
  }
}

/** Kraken's own order id when it is a derivatives id (a UUID); our client id otherwise. */
function which(order: TrackedOrder): UwsOrderRef {
  return order.venueOrderId && UUID.test(order.venueOrderId)
    ? { orderId: order.venueOrderId }
    : { clOrdId: order.clOrdId }
}
