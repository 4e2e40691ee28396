/**
 * Kraken Unified WebSocket trading requests for derivatives (wss://uws.kraken.com/v2/private),
 * built as Kraken documents them (docs/kraken-derivatives.md §5, §11) and written with the spot
 * WS v2 writer: prices and quantities are WireNumbers, so "0.10000000" goes on the wire as the
 * number token 0.10000000, never through a JS float.
 *
 * Where UWS differs from spot v2 (and why this is its own builder): `asset_class` is required on
 * every trading method that names a market; `order_userref` is refused for derivatives; cancel_order
 * cannot mix `order_id` and `cl_ord_id`; derivatives order ids are UUIDs; leverage is a per-market
 * preference (set_preference), never an order field.
 *
 * Key order follows Kraken's examples (asset_class first, the reference next, then the changes),
 * so a frame can be compared with a documented vector byte for byte. The token is added last by
 * the private client, as in those examples.
 */
import type { OrderType } from '../../../src-domain/orders'
import { num, type Params, type WireNumber } from '../ws/wsv2Requests'

export { frameText, num, toWireJson, WireNumber, type Params } from '../ws/wsv2Requests'

/** Refused before anything was sent: the words say what Kraken would not take, and why. */
export class UwsRequestRefused extends Error {
  override readonly name = 'UwsRequestRefused'
}

const ASSET_CLASS = 'derivatives'

/** Kraken: "Derivatives order IDs must be UUIDs" (batch_cancel, cancel_order pages). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function uuid(id: string, what: string): string {
  if (!UUID.test(id))
    throw new UwsRequestRefused(
      `${what} ${JSON.stringify(id)} is not a UUID; Kraken requires UUIDs for derivatives orders`,
    )
  return id
}

/** The UWS add_order order types (§5.1) that Trident can send for derivatives. */
const SENDABLE: ReadonlySet<string> = new Set([
  'limit',
  'market',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
])
const LIMIT_PRICED: ReadonlySet<string> = new Set(['limit', 'stop-loss-limit', 'take-profit-limit'])
const TRIGGERED: ReadonlySet<string> = new Set([
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
])

/** One derivatives order as Trident means it (decimal text, quantities in contracts). */
export interface UwsOrderIntent {
  /** the venue symbol, e.g. PF_XBTUSD */
  symbol: string
  type: OrderType
  side: 'buy' | 'sell'
  qty: string
  limitPrice?: string
  triggerPrice?: string
  /** what the trigger watches; Kraken's default is `last` (no `mark` on UWS, §5.1) */
  triggerReference?: 'last' | 'index'
  /** GTC IOC GTD (Trident's spelling); gtc is Kraken's default and left out */
  tif?: string
  /** ms since epoch, for GTD */
  expireAt?: number
  postOnly?: boolean
  reduceOnly?: boolean
  clOrdId?: string
}

function refuseUnsendable(o: UwsOrderIntent): void {
  if (o.type === 'trailing-stop')
    throw new UwsRequestRefused(
      `${o.type} orders are not sent over the Unified WS: Kraken does not document the trailing offset's price_type for derivatives`,
    )
  if (!SENDABLE.has(o.type))
    throw new UwsRequestRefused(`${o.type} is not a derivatives order type on Kraken's Unified WS`)
  if (LIMIT_PRICED.has(o.type) && o.limitPrice === undefined)
    throw new UwsRequestRefused(`A ${o.type} order needs a limit price`)
  if (TRIGGERED.has(o.type) && o.triggerPrice === undefined)
    throw new UwsRequestRefused(`A ${o.type} order needs a trigger price`)
  if (!TRIGGERED.has(o.type) && (o.triggerPrice !== undefined || o.triggerReference !== undefined))
    throw new UwsRequestRefused(`A ${o.type} order has no trigger`)
}

function timeInForce(tif: string | undefined, expireAt: number | undefined): Params {
  const t = (tif ?? 'GTC').toUpperCase()
  if (t === 'GTC') return {}
  if (t === 'IOC') return { time_in_force: 'ioc' }
  if (t === 'GTD') {
    if (expireAt === undefined) throw new UwsRequestRefused('A good-till-date order needs an expiry time')
    return { time_in_force: 'gtd', expire_time: new Date(expireAt).toISOString() }
  }
  throw new UwsRequestRefused(`time in force ${tif} is not offered for derivatives (GTC, IOC, GTD)`)
}

/** add_order for a derivatives contract (§5.1, §11): never order_userref, margin or leverage. */
export function uwsAddOrderParams(o: UwsOrderIntent): Params {
  refuseUnsendable(o)
  const p: Params = {
    asset_class: ASSET_CLASS,
    order_type: o.type,
    side: o.side,
    order_qty: num(o.qty),
    symbol: o.symbol,
  }
  if (o.limitPrice !== undefined) p.limit_price = num(o.limitPrice)
  if (o.triggerPrice !== undefined)
    p.triggers = { reference: o.triggerReference ?? 'last', price: num(o.triggerPrice), price_type: 'static' }
  Object.assign(p, timeInForce(o.tif, o.expireAt))
  if (o.postOnly) {
    if (!LIMIT_PRICED.has(o.type))
      throw new UwsRequestRefused('Post-only applies to limit-priced orders only')
    p.post_only = true
  }
  if (o.reduceOnly) p.reduce_only = true
  if (o.clOrdId !== undefined) p.cl_ord_id = o.clOrdId
  return p
}

export type UwsOrderRef = { orderId: string } | { clOrdId: string }

export interface UwsChanges {
  qty?: string
  limitPrice?: string
  triggerPrice?: string
  /** RFC 3339: Kraken drops the amend if it cannot be done by then */
  deadline?: string
  postOnly?: boolean
}

/** amend_order (§5.3): the order keeps both ids; field order as Kraken's two examples. */
export function uwsAmendOrderParams(ref: UwsOrderRef, c: UwsChanges): Params {
  const p: Params = { asset_class: ASSET_CLASS }
  if ('orderId' in ref) p.order_id = uuid(ref.orderId, 'order_id')
  else p.cl_ord_id = ref.clOrdId
  if (c.limitPrice !== undefined) p.limit_price = num(c.limitPrice)
  if (c.qty !== undefined) p.order_qty = num(c.qty)
  if (c.triggerPrice !== undefined) p.trigger_price = num(c.triggerPrice)
  if (c.deadline !== undefined) p.deadline = c.deadline
  if (c.postOnly !== undefined) p.post_only = c.postOnly
  const changed = [c.limitPrice, c.qty, c.triggerPrice, c.postOnly].some((x) => x !== undefined)
  if (!changed)
    throw new UwsRequestRefused(
      'amend_order needs a change: quantity, limit price, trigger price or post-only',
    )
  return p
}

/**
 * cancel_order (§5.5): order_id "cannot be combined with cl_ord_id or order_userref in the same
 * request" — one kind per request; a caller with both kinds sends two requests.
 */
export function uwsCancelOrderParams(refs: readonly UwsOrderRef[]): Params {
  if (refs.length === 0) throw new UwsRequestRefused('cancel_order needs at least one order')
  const ids = refs.flatMap((r) => ('orderId' in r ? [uuid(r.orderId, 'order_id')] : []))
  const cls = refs.flatMap((r) => ('clOrdId' in r ? [r.clOrdId] : []))
  if (ids.length && cls.length)
    throw new UwsRequestRefused(
      'cancel_order takes Kraken order ids or client order ids, not both in one request (Kraken: "cannot be combined")',
    )
  return ids.length
    ? { asset_class: ASSET_CLASS, order_id: ids }
    : { asset_class: ASSET_CLASS, cl_ord_id: cls }
}

/** cancel_all (§5.5): per asset class; this one cancels every derivatives order of the account. */
export function uwsCancelAllParams(): Params {
  return { asset_class: ASSET_CLASS }
}

/**
 * cancel_all_orders_after: `timeout` in whole seconds, 0 disarms. Whether UWS takes `asset_class`
 * here is not documented (§5.5: the parameter list was cut off), so it is left out, as on spot v2.
 */
export function uwsCancelAllAfterParams(seconds: number): Params {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new UwsRequestRefused(`cancel_all_orders_after needs whole seconds, not ${seconds}`)
  return { timeout: seconds }
}

/** batch_cancel (§5.4): 2 to 50 orders in total; Kraken order ids (UUIDs) and client ids may be combined. */
export function uwsBatchCancelParams(orderIds: readonly string[], clOrdIds: readonly string[] = []): Params {
  const total = orderIds.length + clOrdIds.length
  if (total < 2 || total > 50) throw new UwsRequestRefused(`batch_cancel takes 2 to 50 orders, not ${total}`)
  const p: Params = { asset_class: ASSET_CLASS }
  if (orderIds.length) p.orders = orderIds.map((id) => uuid(id, 'order id'))
  if (clOrdIds.length) p.cl_ord_id = [...clOrdIds]
  return p
}

/**
 * set_preference leverage_mode (§5.6): a number is fixed (isolated) leverage for that market,
 * null restores cross margin; Kraken: "Send a JSON number, not a quoted string" and omitting
 * max_leverage is rejected, so null is written out.
 */
export function uwsSetLeverageParams(symbol: string, maxLeverage: string | null): Params {
  let lev: WireNumber | null = null
  if (maxLeverage !== null) {
    if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(maxLeverage) || !/[1-9]/.test(maxLeverage))
      throw new UwsRequestRefused(`leverage ${JSON.stringify(maxLeverage)} is not a positive number`)
    lev = num(maxLeverage)
  }
  return { asset_class: ASSET_CLASS, leverage_mode: { symbol, max_leverage: lev } }
}
