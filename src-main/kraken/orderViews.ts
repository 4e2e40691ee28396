import type { VenueOrderView } from '../core/orders/OrderGateway'
import type { OrderState } from '../../src-domain/orders'

type Json = Record<string, unknown>

/*
 * Kraken's order entries (REST OpenOrders/QueryOrders, WS v2 executions snapshot) read into
 * Trident's terms. Pure parsers, tested against recorded payloads: the gateways use them to turn
 * what the venue reports into orders the order service can adopt after a restart.
 */

/** What Kraken says about one order, in Trident's terms (decimal text kept as Kraken wrote it). */
/** A venue's order as the order service reads it (the port's VenueOrderView, without the symbol each protocol names its own way). */
export type OrderView = Omit<VenueOrderView, 'symbol'> & {
  /** spot margin (WS v2 executions `margin: true`, which names no level) */
  margin?: boolean
}

/** "0", "0.00000", "" and absent all mean "no price" in Kraken's order reports. */
export function priceText(v: unknown): string | undefined {
  const t = typeof v === 'number' ? String(v) : v
  return typeof t === 'string' && /^\d+(\.\d+)?$/.test(t) && /[1-9]/.test(t) ? t : undefined
}

/** A trailing offset "+50.0" -> "50.0"; a percent offset ("+50.0000%") has no quote amount. */
function offsetText(v: unknown): string | undefined {
  return typeof v === 'string' ? priceText(v.replace(/^[+-]/, '')) : undefined
}

const REST_STATE: Record<string, OrderState> = {
  closed: 'filled',
  canceled: 'cancelled',
  expired: 'expired',
}

/**
 * One entry of REST OpenOrders / ClosedOrders / QueryOrders, read as Kraken documents it
 * (docs.kraken.com/api/docs/rest-api/get-open-orders): descr.price is the primary price (the
 * limit of limit/iceberg, the trigger of stop-loss, take-profit and their -limit forms, the
 * "+offset" of trailing stops), descr.price2 the secondary (the limit of -limit orders);
 * top-level stopprice/limitprice are the stop and triggered limit once known; vol_exec is what
 * filled; oflags lists post; expiretm non-zero means good-till-date. Null if the entry names no
 * pair or order type (nor an "order" text to read them from).
 */
export function restOrderView(info: Json): (OrderView & { pair: string }) | null {
  const d = (info.descr ?? {}) as Json
  let pair = typeof d.pair === 'string' ? d.pair : undefined
  let side = d.type
  let type = typeof d.ordertype === 'string' ? d.ordertype : undefined
  let price: unknown = d.price
  // older reports (and Kraken's first examples) carry only descr.order: "sell 3.00000000 XBTUSD @ limit 500.00000"
  const text =
    typeof d.order === 'string' ? /^(buy|sell) \S+ (\S+) @ (limit|market)(?: (\S+))?/.exec(d.order) : null
  if ((!pair || !type) && text) {
    ;[, side, pair, type, price] = text
  }
  if (!pair || !type || (side !== 'buy' && side !== 'sell')) return null
  const v: OrderView & { pair: string } = {
    pair,
    side,
    type,
    qty: String(info.vol),
    filledQty: info.vol_exec === undefined ? '0' : String(info.vol_exec),
    tif: priceText(info.expiretm) ? 'GTD' : 'GTC',
    postOnly: typeof info.oflags === 'string' && info.oflags.split(',').includes('post'),
    state: 'open',
  }
  if (type === 'limit' || type === 'iceberg') {
    const lp = priceText(price)
    if (lp) v.limitPrice = lp
  } else if (type.startsWith('trailing-stop')) {
    const tp = offsetText(price)
    if (tp) v.triggerPrice = tp
  } else if (type !== 'market') {
    const tp = priceText(price) ?? priceText(info.stopprice)
    if (tp) v.triggerPrice = tp
    if (type.endsWith('-limit')) {
      const lp = priceText(d.price2) ?? priceText(info.limitprice)
      if (lp) v.limitPrice = lp
    }
  }
  if (priceText(info.vol_exec)) {
    const avg = priceText(info.price)
    const cost = priceText(info.cost)
    if (avg) v.avgPrice = avg
    if (cost) v.cumCost = cost
  }
  const dv = priceText(info.displayvol)
  if (dv) v.displayQty = dv
  // "none" on a cash order, "5:1" on a margin one
  const lev = typeof d.leverage === 'string' ? /^(\d+)(?::1)?$/.exec(d.leverage) : null
  if (lev && lev[1] !== '0') {
    v.leverage = lev[1]!
    v.margin = true
  }
  const status = String(info.status ?? 'open')
  v.state = REST_STATE[status] ?? (priceText(v.filledQty) ? 'partially-filled' : 'open')
  if (v.state !== 'open' && v.state !== 'partially-filled' && typeof info.reason === 'string')
    v.reason = info.reason
  return v
}

/**
 * One entry of a WS v2 executions snapshot (docs.kraken.com/api/docs/websocket-v2/executions):
 * order_qty, cum_qty (filled), limit_price, triggers.price (the trigger; for a trailing stop the
 * offset when price_type is quote), time_in_force, post_only. Numbers arrive as exact text.
 */
export function wsOrderView(e: Json): OrderView & { symbol: string } {
  const trig = (e.triggers ?? {}) as Json
  const v: OrderView & { symbol: string } = {
    symbol: String(e.symbol),
    side: e.side === 'sell' ? 'sell' : 'buy',
    type: String(e.order_type),
    qty: String(e.order_qty),
    filledQty: e.cum_qty === undefined ? '0' : String(e.cum_qty),
    tif: String(e.time_in_force ?? 'GTC').toUpperCase(),
    postOnly: e.post_only === true,
    state: 'open',
  }
  const lp = priceText(e.limit_price)
  if (lp) v.limitPrice = lp
  // a pct trailing offset is not a price Trident can show or amend
  const tp = trig.price_type === 'pct' ? undefined : priceText(trig.price)
  if (tp) v.triggerPrice = tp
  if (priceText(v.filledQty)) {
    v.state = 'partially-filled'
    const avg = priceText(e.avg_price)
    const cost = priceText(e.cum_cost)
    if (avg) v.avgPrice = avg
    if (cost) v.cumCost = cost
  }
  const dv = priceText(e.display_qty)
  if (dv) v.displayQty = dv
  if (e.margin === true) v.margin = true
  if (e.reduce_only === true) v.reduceOnly = true
  // a contract's trigger reference (Unified WS); spot orders are not given one by Trident
  if (e.asset_class === 'derivatives' && (trig.reference === 'index' || trig.reference === 'last'))
    v.triggerSignal = trig.reference
  return v
}

/**
 * The dead-man switch's triggerTime (REST CancelAllOrdersAfter, WS cancel_all_orders_after) in ms
 * since epoch, 0 when it is off. Kraken writes RFC 3339 ("2023-09-21T15:51:09Z") while armed and
 * "0" once disarmed; only a date is read as one (Date.parse("0") is 2000-01-01 in V8).
 */
export function triggerTimeMs(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)) return 0
  const t = Date.parse(v)
  return Number.isFinite(t) ? t : 0
}
