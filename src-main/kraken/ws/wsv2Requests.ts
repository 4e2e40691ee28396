/**
 * Kraken WS v2 trading requests, built as Kraken types them and written as exact JSON text.
 *
 * Kraken types prices and quantities of the trading methods as JSON numbers ("float") and refuses
 * strings: live replies read `Limit_price field must be a number_float`. Trident keeps money as
 * decimal text, so a float field is carried as a WireNumber and written verbatim as a number
 * token: "0.10000000" goes on the wire as 0.10000000, never through a JS float (Number() would
 * turn it into 0.1, or 1e-7 into "1e-7", and round anything past 17 significant digits).
 */
import type { OrderType } from '../../../src-domain/orders'

/** An exact decimal written as a JSON number token. */
export class WireNumber {
  constructor(readonly text: string) {
    // JSON's number grammar without exponent: what Kraken's own examples use (e.g. 0.123456789)
    if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text))
      throw new Error(`not a decimal Kraken can read as a number: ${JSON.stringify(text)}`)
  }
}

/** A float field of a trading request, from the exact decimal text. */
export const num = (text: string): WireNumber => new WireNumber(text)

/** JSON text with WireNumbers written verbatim; undefined members are left out, as JSON.stringify does. */
export function toWireJson(value: unknown): string {
  if (value instanceof WireNumber) return value.text
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : toWireJson(v))).join(',')}]`
  if (value !== null && typeof value === 'object') {
    // one string grown in place, no entry arrays (issue 20: every order's frame is written here)
    let out = ''
    for (const k of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[k]
      if (v !== undefined) out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${toWireJson(v)}`
    }
    return `{${out}}`
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    // a float here would be money that skipped WireNumber: refuse rather than round it
    throw new Error(`a request holds the JS number ${value}; money must be a WireNumber`)
  return JSON.stringify(value)
}

export type Params = Record<string, unknown>

/** The whole frame, in the field order of Kraken's examples: method, params, req_id. */
export function frameText(method: string, params: Params, reqId: number): string {
  return `{"method":${JSON.stringify(method)},"params":${toWireJson(params)},"req_id":${toWireJson(reqId)}}`
}

// ------------------------------------------------------------------ intents -> params

/** Kraken's WS v2 spells the order types as Trident's core does. */
export type WsOrderType = OrderType

/** One order as Trident means it (decimal text), before Kraken's naming. */
export interface WsOrderIntent {
  type: WsOrderType
  side: 'buy' | 'sell'
  /** decimal text */
  qty: string
  limitPrice?: string
  /** trigger price; for trailing-stop the distance from the peak (quote currency) */
  triggerPrice?: string
  displayQty?: string
  /** GTC IOC FOK GTD (Trident's spelling); Kraken's WS v2 spells them lower case */
  tif?: string
  /** ms since epoch, for GTD */
  expireAt?: number
  postOnly?: boolean
  /** spot margin, on/off only: WS v2 has no leverage level (Kraken refuses a `leverage` field) */
  margin?: boolean
  /** reduce a margin position only (Kraken's reduce_only) */
  reduceOnly?: boolean
  clOrdId?: string
  userref?: number
}

/** The order fields shared by add_order and each batch_add entry (no symbol, no token). */
export function orderFields(o: WsOrderIntent): Params {
  const p: Params = { order_type: o.type, side: o.side, order_qty: num(o.qty) }
  if (o.limitPrice !== undefined) p.limit_price = num(o.limitPrice)
  if (o.triggerPrice !== undefined) {
    p.triggers = {
      reference: 'last',
      price: num(o.triggerPrice),
      // trailing-stop: an offset in quote currency; every other trigger is an absolute price
      price_type: o.type === 'trailing-stop' ? 'quote' : 'static',
    }
  }
  // gtc is Kraken's default: left out, as in Kraken's own add_order and batch_add examples
  if (o.tif !== undefined && o.tif.toUpperCase() !== 'GTC') p.time_in_force = o.tif.toLowerCase()
  if (o.displayQty !== undefined) p.display_qty = num(o.displayQty)
  if (o.expireAt !== undefined) p.expire_time = new Date(o.expireAt).toISOString()
  if (o.postOnly) p.post_only = true
  if (o.margin) p.margin = true
  if (o.reduceOnly) p.reduce_only = true
  if (o.clOrdId !== undefined) p.cl_ord_id = o.clOrdId
  if (o.userref !== undefined) p.order_userref = o.userref
  return p
}

export function addOrderParams(symbol: string, o: WsOrderIntent): Params {
  return { ...orderFields(o), symbol }
}

/** batch_add: 2 to 15 orders of one symbol. */
export function batchAddParams(symbol: string, orders: WsOrderIntent[], deadline?: string): Params {
  const p: Params = { symbol, orders: orders.map(orderFields) }
  if (deadline !== undefined) p.deadline = deadline
  return p
}

export type OrderRef = { orderId: string } | { clOrdId: string }

const refField = (r: OrderRef): Params =>
  'orderId' in r ? { order_id: r.orderId } : { cl_ord_id: r.clOrdId }

export interface Changes {
  qty?: string
  limitPrice?: string
  triggerPrice?: string
  displayQty?: string
  postOnly?: boolean
}

/** amend_order: the order keeps its id and (where Kraken allows) its queue place. */
export function amendOrderParams(ref: OrderRef, c: Changes): Params {
  const p = refField(ref)
  if (c.qty !== undefined) p.order_qty = num(c.qty)
  if (c.limitPrice !== undefined) p.limit_price = num(c.limitPrice)
  if (c.triggerPrice !== undefined) p.trigger_price = num(c.triggerPrice)
  if (c.displayQty !== undefined) p.display_qty = num(c.displayQty)
  if (c.postOnly !== undefined) p.post_only = c.postOnly
  return p
}

/** edit_order: Kraken cancels and replaces (a new order id); it names the order by order_id only. */
export function editOrderParams(orderId: string, symbol: string, c: Changes): Params {
  const p: Params = { order_id: orderId }
  if (c.qty !== undefined) p.order_qty = num(c.qty)
  if (c.limitPrice !== undefined) p.limit_price = num(c.limitPrice)
  if (c.triggerPrice !== undefined) p.triggers = { price: num(c.triggerPrice) }
  if (c.displayQty !== undefined) p.display_qty = num(c.displayQty)
  if (c.postOnly !== undefined) p.post_only = c.postOnly
  p.symbol = symbol
  return p
}

export function cancelOrderParams(refs: OrderRef[]): Params {
  const ids = refs.filter((r): r is { orderId: string } => 'orderId' in r).map((r) => r.orderId)
  const cls = refs.filter((r): r is { clOrdId: string } => 'clOrdId' in r).map((r) => r.clOrdId)
  // Kraken's cancel_order page: order_id "cannot be combined with cl_ord_id or order_userref in
  // the same request" (spot v2 and the Unified WS alike): one kind per request
  if (ids.length && cls.length)
    throw new Error('cancel_order takes Kraken order ids or client order ids, not both in one request')
  const p: Params = {}
  if (ids.length) p.order_id = ids
  if (cls.length) p.cl_ord_id = cls
  return p
}

/** cancel_all_orders_after: `timeout` is a whole number of seconds (0 disarms). */
export function cancelAllAfterParams(seconds: number): Params {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new Error(`cancel_all_orders_after needs whole seconds, not ${seconds}`)
  return { timeout: seconds }
}
