/**
 * Unified WebSocket trading methods (docs/kraken-derivatives.md §5): add_order, amend_order,
 * cancel_order, cancel_all, cancel_all_orders_after, batch_cancel, set_preference. Params are
 * schema-checked (uwsSchema) before they arrive here; the market (DerivativesMarket) refuses with
 * KrakenErrors, answered in the v2 envelope as the spot server does.
 */
import { isLosslessNumber } from 'lossless-json'
import type { DerivativesMarket } from '../derivatives/DerivativesMarket'
import { parseLeverage } from '../derivatives/leverage'
import type { PerpOrderRequest, PerpOrderType } from '../derivatives/perpOrders'
import { perpetual } from '../derivatives/perpetuals'
import { parsePrice, parseQty } from '../derivatives/units'
import { KrakenError } from '../engine/types'
import { text } from '../requests'
import { Raw } from '../ws/wsv2Format'
import type { Json, WsSession } from '../ws/wsSession'
import { isObj } from './uwsSchema'
import type { UConn } from './UwsChannels'

export const UWS_METHODS: readonly string[] = [
  'add_order',
  'amend_order',
  'cancel_order',
  'cancel_all',
  'cancel_all_orders_after',
  'batch_cancel',
  'set_preference',
]

/** UWS order types (§5.1); trailing stops are not offered by the built-in derivatives market yet */
const ORDER_TYPES = new Set([
  'limit',
  'market',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
])
const TIFS: Record<string, 'GTC' | 'IOC' | 'GTD'> = { gtc: 'GTC', ioc: 'IOC', gtd: 'GTD' }

function numText(v: unknown): string {
  return isLosslessNumber(v) ? v.value : String(v)
}

function symbolOf(v: unknown): string {
  const s = String(v)
  try {
    perpetual(s)
  } catch {
    throw new KrakenError(`Currency pair not supported ${s}`)
  }
  return s
}

function price(symbol: string, v: unknown, field: string): bigint {
  try {
    return parsePrice(perpetual(symbol), numText(v))
  } catch (e) {
    throw new KrakenError(`EGeneral:Invalid arguments:${field}: ${(e as Error).message}`)
  }
}

function size(symbol: string, v: unknown): bigint {
  try {
    return parseQty(perpetual(symbol), numText(v))
  } catch (e) {
    throw new KrakenError(`EGeneral:Invalid arguments:order_qty: ${(e as Error).message}`)
  }
}

export class UwsTrading {
  constructor(
    private readonly session: WsSession,
    private readonly market: DerivativesMarket,
  ) {}

  handle(conn: UConn, r: Json, p: Json, account: string, timeIn: string): void {
    const ok = (result: unknown): void => this.session.reply(conn, r, timeIn, { success: true, result })
    const m = this.market
    switch (r.method) {
      case 'add_order': {
        const req = this.orderRequest(account, p)
        if (p.validate === true) return ok({ order_id: '', cl_ord_id: req.clOrdId })
        const v = m.place(req)
        return ok({ order_id: v.id, cl_ord_id: v.clOrdId })
      }
      case 'amend_order': {
        const ref = this.oneRef(p)
        const current = m
          .openOrders(account)
          .find((o) => o.id === ref.orderId || (ref.clOrdId !== undefined && o.clOrdId === ref.clOrdId))
        if (!current) throw new KrakenError('EOrder:Unknown order')
        const a: Parameters<DerivativesMarket['amend']>[2] = {}
        if (p.order_qty !== undefined) a.qty = size(current.symbol, p.order_qty)
        if (p.limit_price !== undefined) a.limitPrice = price(current.symbol, p.limit_price, 'limit_price')
        if (p.trigger_price !== undefined)
          a.triggerPrice = price(current.symbol, p.trigger_price, 'trigger_price')
        if (p.post_only !== undefined) a.postOnly = p.post_only === true
        m.amend(account, ref, a)
        // Kraken's documented reply (vector uws.amend_order.reply.kraken-docs-1): amend_id and the
        // reference the request named
        const result: Json = { amend_id: '' }
        if (ref.orderId !== undefined) result.order_id = ref.orderId
        if (ref.clOrdId !== undefined) result.cl_ord_id = ref.clOrdId
        return ok(result)
      }
      case 'cancel_order': {
        if (p.order_id !== undefined && p.cl_ord_id !== undefined)
          throw new KrakenError(
            'order_id cannot be combined with cl_ord_id in the same request (cancel_order, §5.5)',
          )
        const ids = (p.order_id ?? p.cl_ord_id) as unknown[] | undefined
        if (!ids || ids.length === 0) throw new KrakenError('EGeneral:Invalid arguments:order_id')
        for (const id of ids) {
          const ref = p.order_id !== undefined ? { orderId: String(id) } : { clOrdId: String(id) }
          try {
            for (const v of m.cancel(account, ref))
              this.session.reply(conn, r, timeIn, {
                success: true,
                result: { order_id: v.id, cl_ord_id: v.clOrdId },
              })
          } catch (e) {
            if (!(e instanceof KrakenError)) throw e
            this.session.reply(conn, r, timeIn, { success: false, error: 'EOrder:Unknown order' })
          }
        }
        return
      }
      case 'cancel_all':
        return ok({ count: m.cancelAll(account) })
      case 'cancel_all_orders_after': {
        const timeout = Number(text(p.timeout))
        if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400)
          throw new KrakenError('EGeneral:Invalid arguments:timeout')
        const t = m.cancelAllAfter(account, timeout)
        return ok({
          currentTime: new Date(t.currentTime).toISOString(),
          triggerTime: t.triggerTime ? new Date(t.triggerTime).toISOString() : '0',
        })
      }
      case 'batch_cancel': {
        const orders = (p.orders ?? []) as unknown[]
        const cls = (p.cl_ord_id ?? []) as unknown[]
        if (orders.length + cls.length < 2 || orders.length + cls.length > 50)
          throw new KrakenError('EGeneral:Invalid arguments:orders (2 to 50 identifiers in total)')
        let count = 0
        for (const ref of [
          ...orders.map((o) => ({ orderId: String(o) })),
          ...cls.map((c) => ({ clOrdId: String(c) })),
        ]) {
          try {
            count += m.cancel(account, ref).length
          } catch (e) {
            if (!(e instanceof KrakenError)) throw e // an unknown id cancels nothing; count says so
          }
        }
        return ok({ count })
      }
      case 'set_preference': {
        const mode = p.leverage_mode
        if (!isObj(mode)) throw new KrakenError("'params.leverage_mode' is required")
        if (typeof mode.symbol !== 'string')
          throw new KrakenError("'params.leverage_mode.symbol' is required")
        try {
          perpetual(mode.symbol)
        } catch {
          throw new KrakenError("Unknown 'params.leverage_mode.symbol'")
        }
        if (!('max_leverage' in mode))
          throw new KrakenError(
            "'params.leverage_mode.max_leverage' is required (a number, or null for cross margin)",
          )
        const lev = mode.max_leverage === null ? null : parseLeverage(numText(mode.max_leverage))
        if (mode.max_leverage !== null && lev === null)
          throw new KrakenError('Leverage is outside the permitted range for this market')
        m.book.setLeverage(account, mode.symbol, lev)
        const echo = mode.max_leverage === null ? null : new Raw(numText(mode.max_leverage))
        return ok({ leverage_mode: { symbol: mode.symbol, max_leverage: echo } })
      }
    }
  }

  private oneRef(p: Json): { orderId?: string; clOrdId?: string } {
    if (p.order_id !== undefined && p.cl_ord_id !== undefined)
      throw new KrakenError('order_id cannot be combined with cl_ord_id in the same request')
    if (typeof p.order_id === 'string') return { orderId: p.order_id }
    if (typeof p.cl_ord_id === 'string') return { clOrdId: p.cl_ord_id }
    throw new KrakenError('EGeneral:Invalid arguments:order_id')
  }

  private orderRequest(account: string, p: Json): PerpOrderRequest {
    if (p.symbol === undefined) throw new KrakenError('EGeneral:Invalid arguments:symbol')
    const symbol = symbolOf(p.symbol)
    const type = String(p.order_type)
    if (!ORDER_TYPES.has(type)) throw new KrakenError(`EGeneral:Invalid arguments:order_type (${type})`)
    if (p.side !== 'buy' && p.side !== 'sell') throw new KrakenError('EGeneral:Invalid arguments:side')
    if (p.order_qty === undefined) throw new KrakenError('EGeneral:Invalid arguments:order_qty')
    const tif = TIFS[p.time_in_force === undefined ? 'gtc' : String(p.time_in_force)]
    if (!tif) throw new KrakenError('EGeneral:Invalid arguments:time_in_force')
    if (p.limit_price_type !== undefined && p.limit_price_type !== 'static')
      throw new KrakenError("EGeneral:Invalid arguments:limit_price_type (only 'static' for derivatives)")
    const req: PerpOrderRequest = {
      account,
      symbol,
      side: p.side,
      type: type as PerpOrderType,
      qty: size(symbol, p.order_qty),
      tif,
    }
    if (p.limit_price !== undefined) req.limitPrice = price(symbol, p.limit_price, 'limit_price')
    if (isObj(p.triggers)) {
      const ref = p.triggers.reference ?? 'last'
      if (ref !== 'last' && ref !== 'index')
        throw new KrakenError(
          `EGeneral:Invalid arguments:triggers.reference must be index or last (got ${String(ref)})`,
        )
      if (p.triggers.price_type !== undefined && p.triggers.price_type !== 'static')
        throw new KrakenError("EGeneral:Invalid arguments:triggers.price_type (only 'static' is offered)")
      if (p.triggers.price === undefined) throw new KrakenError('EGeneral:Invalid arguments:triggers.price')
      req.trigger = { reference: ref, price: price(symbol, p.triggers.price, 'triggers.price') }
    }
    if (p.expire_time !== undefined) {
      const t = Date.parse(String(p.expire_time))
      if (!Number.isFinite(t)) throw new KrakenError('EGeneral:Invalid arguments:expire_time')
      req.expireAt = t
    }
    if (p.post_only === true) req.postOnly = true
    if (p.reduce_only === true) req.reduceOnly = true
    if (typeof p.cl_ord_id === 'string') req.clOrdId = p.cl_ord_id
    return req
  }
}
