/**
 * The WS v2 trading methods of the built-in exchange (token required): add_order, amend_order,
 * edit_order, cancel_order, cancel_all, cancel_all_orders_after, batch_add, batch_cancel — each
 * charged to the account's trading counter, parsed into engine calls, answered in Kraken's shape.
 */
import { KrakenError, type NewOrder, type SimOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { tradingCost } from '../limits/RateLimits'
import {
  instrumentOrThrow,
  openOrderOrThrow,
  parseAmendment,
  parseBool,
  parseClOrdId,
  parseOrderType,
  parsePrice,
  parseQty,
  parseStp,
  parseTif,
  parseUserref,
  text,
} from '../requests'
import type { Conn, Json, WsSession } from './wsSession'

export const TRADING_METHODS: readonly string[] = [
  'add_order',
  'amend_order',
  'edit_order',
  'cancel_order',
  'cancel_all',
  'cancel_all_orders_after',
  'batch_add',
  'batch_cancel',
]

export class WsTrading {
  constructor(private readonly session: WsSession) {}

  /** One trading method for `account` (already authenticated; params already schema-checked). */
  handle(conn: Conn, r: Json, p: Json, account: string, timeIn: string): void {
    const ok = (result: unknown): void => this.session.reply(conn, r, timeIn, { success: true, result })
    const { engine, limits, instruments } = this.session.deps
    switch (r.method) {
      case 'add_order': {
        const inst = instrumentOrThrow(engine, text(p.symbol))
        // the fixed cost applies even when the order then fails validation
        limits.chargeTrading(account, inst.symbol, tradingCost.add())
        const o = engine.place(orderRequest(account, p, inst))
        ok({ order_id: o.id, cl_ord_id: o.clOrdId, order_userref: o.userref })
        return
      }
      case 'amend_order': {
        const ref = orderRef(p)
        const o = openOrderOrThrow(engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.amend(age(o)))
        engine.amend(account, ref, parseAmendment(p, instruments.get(o.symbol)!))
        ok({ amend_id: engine.newId('T'), order_id: ref.orderId, cl_ord_id: ref.clOrdId })
        return
      }
      case 'edit_order': {
        const ref = orderRef(p)
        const o = openOrderOrThrow(engine, account, ref)
        limits.chargeTrading(account, o.symbol, tradingCost.edit(age(o)))
        const { original, replacement } = engine.edit(
          account,
          ref,
          parseAmendment(p, instruments.get(o.symbol)!),
        )
        ok({ order_id: replacement.id, original_order_id: original.id })
        return
      }
      case 'cancel_order':
        this.cancelOrder(conn, r, p, account, timeIn)
        return
      case 'cancel_all': {
        const done = engine.cancelAll(account)
        ok({ count: done.length })
        return
      }
      case 'cancel_all_orders_after': {
        const timeout = Number(text(p.timeout))
        if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
          throw new KrakenError('EGeneral:Invalid arguments:timeout')
        const r2 = engine.cancelAllAfter(account, timeout)
        ok({
          currentTime: new Date(r2.currentTime).toISOString(),
          triggerTime: r2.triggerTime ? new Date(r2.triggerTime).toISOString() : '0',
        })
        return
      }
      case 'batch_add':
        this.batchAdd(p, account, ok)
        return
      case 'batch_cancel':
        this.batchCancel(p, account, ok)
        return
    }
  }

  /** One reply per order cancelled or refused: a batch of refs may part fail. */
  private cancelOrder(conn: Conn, r: Json, p: Json, account: string, timeIn: string): void {
    const { engine, limits } = this.session.deps
    const ids = Array.isArray(p.order_id)
      ? p.order_id
      : Array.isArray(p.cl_ord_id)
        ? p.cl_ord_id
        : Array.isArray(p.order_userref)
          ? p.order_userref
          : null
    if (!ids || ids.length === 0) throw new KrakenError('EGeneral:Invalid arguments:order_id')
    for (const id of ids) {
      const ref = Array.isArray(p.order_id)
        ? { orderId: String(id) }
        : Array.isArray(p.cl_ord_id)
          ? { clOrdId: String(id) }
          : { userref: Number(text(id)) }
      try {
        const targets = engine.find(account, ref).filter((o) => o.status === 'open')
        for (const t of targets) limits.chargeTrading(account, t.symbol, tradingCost.cancel(age(t)))
        const done = engine.cancel(account, ref)
        for (const o of done)
          this.session.reply(conn, r, timeIn, {
            success: true,
            result: { order_id: o.id, cl_ord_id: o.clOrdId },
          })
      } catch (e) {
        const msg =
          e instanceof KrakenError && e.krakenMessage === 'EOrder:Unknown order'
            ? 'EOrder:Invalid order'
            : (e as Error).message
        this.session.reply(conn, r, timeIn, { success: false, error: msg })
      }
    }
  }

  private batchAdd(p: Json, account: string, ok: (result: unknown) => void): void {
    const { engine, limits } = this.session.deps
    const inst = instrumentOrThrow(engine, text(p.symbol))
    const orders = p.orders
    if (!Array.isArray(orders) || orders.length < 2 || orders.length > 15)
      throw new KrakenError('EGeneral:Invalid arguments:orders')
    limits.chargeTrading(account, inst.symbol, tradingCost.batchAdd(orders.length))
    const reqs = orders.map((o) => orderRequest(account, { ...(o as Json), symbol: inst.symbol }, inst))
    // The whole batch is refused if any order fails validation; funding is checked per order.
    for (const q of reqs) {
      try {
        engine.place({ ...q, validateOnly: true })
      } catch (e) {
        if (!(e instanceof KrakenError) || e.krakenMessage !== 'EOrder:Insufficient funds') throw e
      }
    }
    if (parseBool(p.validate)) {
      ok(reqs.map(() => ({ order_id: '' })))
      return
    }
    const results = reqs.map((q) => {
      try {
        const o = engine.place(q)
        return { order_id: o.id, cl_ord_id: o.clOrdId, order_userref: o.userref }
      } catch (e) {
        return { error: (e as Error).message }
      }
    })
    ok(results)
  }

  private batchCancel(p: Json, account: string, ok: (result: unknown) => void): void {
    const { engine, limits } = this.session.deps
    const ids = [
      ...(Array.isArray(p.orders) ? p.orders : []),
      ...(Array.isArray(p.cl_ord_id) ? p.cl_ord_id : []),
    ]
    if (ids.length < 2 || ids.length > 50) throw new KrakenError('EGeneral:Invalid arguments:orders')
    let count = 0
    for (const id of ids) {
      const ref =
        Array.isArray(p.cl_ord_id) && p.cl_ord_id.includes(id)
          ? { clOrdId: String(id) }
          : { orderId: String(id) }
      const targets = engine.find(account, ref).filter((o) => o.status === 'open')
      for (const t of targets) limits.chargeTrading(account, t.symbol, tradingCost.cancel(age(t)), true)
      if (targets.length) count += engine.cancel(account, ref).length
    }
    ok({ count })
  }
}

function orderRequest(account: string, p: Json, inst: SimInstrument): NewOrder {
  const type = parseOrderType(p.order_type)
  const side = p.side
  if (side !== 'buy' && side !== 'sell') throw new KrakenError('EGeneral:Invalid arguments:side')
  const req: NewOrder = {
    account,
    symbol: inst.symbol,
    side,
    type,
    qty: parseQty(p.order_qty, inst, 'order_qty'),
    tif: parseTif(p.time_in_force),
    source: { protocol: 'ws' },
  }
  if (p.limit_price !== undefined) req.limitPrice = parsePrice(p.limit_price, inst, 'limit_price')
  const triggers = p.triggers as Json | undefined
  if (triggers && typeof triggers === 'object') {
    req.triggerPrice = parsePrice(triggers.price, inst, 'triggers.price')
    if (type === 'trailing-stop' && triggers.price_type !== 'quote') {
      throw new KrakenError('EGeneral:Invalid arguments:triggers.price_type must be quote for trailing-stop')
    }
  }
  if (p.display_qty !== undefined) req.displayQty = parseQty(p.display_qty, inst, 'display_qty')
  if (p.expire_time !== undefined) {
    const t = Date.parse(String(text(p.expire_time)))
    if (!Number.isFinite(t)) throw new KrakenError('EGeneral:Invalid arguments:expire_time')
    req.expireAt = t
  }
  if (p.post_only !== undefined) req.postOnly = parseBool(p.post_only)
  if (p.reduce_only !== undefined) req.reduceOnly = parseBool(p.reduce_only)
  if (p.margin !== undefined && parseBool(p.margin)) req.leverage = wsMarginLeverage(inst)
  const cl = parseClOrdId(p.cl_ord_id)
  if (cl !== undefined) req.clOrdId = cl
  const ur = parseUserref(p.order_userref)
  if (ur !== undefined) req.userref = ur
  const stp = parseStp(p.stp_type)
  if (stp !== undefined) req.stp = stp
  if (parseBool(p.validate)) req.validateOnly = true
  return req
}

/**
 * WS v2 add_order carries margin on/off only (`leverage` is not a field: the schema refuses it in
 * Kraken's "Unsupported field" words). Which level Kraken then borrows at is not documented; the
 * built-in exchange takes the pair's lowest listed level (2 on BTC/USD) as the account's default.
 */
export function wsMarginLeverage(inst: SimInstrument): number {
  const level = inst.marginLeverage?.[0]
  if (level === undefined) throw new KrakenError('EGeneral:Invalid arguments:margin')
  return level
}

function orderRef(p: Json): { orderId?: string; clOrdId?: string } {
  if (typeof p.order_id === 'string') return { orderId: p.order_id }
  if (typeof p.cl_ord_id === 'string') return { clOrdId: p.cl_ord_id }
  throw new KrakenError('EGeneral:Invalid arguments:order_id')
}

/** ms since the order last changed: the trading counter charges young orders' amends and cancels more */
function age(o: SimOrder | undefined): number {
  return o ? Date.now() - o.lastChangedAt : Infinity
}
