import { crc32 } from 'node:zlib'
import { formatAsset } from '../engine/Accounts'
import { ASSET_DECIMALS, type Fill, type SimOrder } from '../engine/types'
import { ASSET_BY_REST, type SimInstrument } from '../instruments'
import type { Candle, PublicTrade } from '../market/MarketData'
import { unitsToDecimal } from '../decimal'

/**
 * Kraken WS v2 wire formatting for the simulator. Prices and quantities are written as JSON
 * numbers carrying full precision (e.g. 0.00100000), as Kraken does: a client that parses them
 * with JSON.parse loses the trailing zeros, which is exactly what the checksum catches.
 * Messages are assembled as text so that no number ever passes through a JS float.
 */

/** A JSON fragment inserted verbatim (an exact decimal number). */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON.stringify that writes Raw values verbatim. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const parts: string[] = []
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJson(v)}`)
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(value)
}

export function wireTime(ms: number = Date.now()): string {
  // Kraken sends microsecond RFC3339 timestamps
  return new Date(ms).toISOString().replace('Z', '000Z')
}

export const price = (p: number, inst: SimInstrument): Raw => new Raw(unitsToDecimal(p, inst.pricePrecision))
export const qty = (q: bigint, inst: SimInstrument): Raw => new Raw(unitsToDecimal(q, inst.qtyPrecision))
/** quote money at ASSET_SCALE, shown at the pair's cost precision */
export const money = (m: bigint, inst: SimInstrument): Raw => new Raw(formatAsset(m, inst.costPrecision))
export const assetAmount = (m: bigint, restAsset: string): Raw =>
  new Raw(formatAsset(m, ASSET_BY_REST.get(restAsset)?.decimals ?? 8))

export function levels(ls: readonly [number, bigint][], inst: SimInstrument): { price: Raw; qty: Raw }[] {
  return ls.map(([p, q]) => ({ price: price(p, inst), qty: qty(q, inst) }))
}

/** Kraken v2 book checksum over the top 10 asks then top 10 bids (the simulator's own implementation). */
export function bookChecksum(bids: readonly [number, bigint][], asks: readonly [number, bigint][]): number {
  let s = ''
  for (const [p, q] of asks.slice(0, 10)) s += String(p) + q.toString()
  for (const [p, q] of bids.slice(0, 10)) s += String(p) + q.toString()
  return crc32(s) >>> 0
}

export function instrumentSnapshot(instruments: readonly SimInstrument[]): unknown {
  const assets = new Map<string, { id: string; precision: number }>()
  const pairs = instruments.map((i) => {
    const [base, quote] = i.symbol.split('/') as [string, string]
    assets.set(base, { id: base, precision: ASSET_BY_REST.get(i.base)?.decimals ?? 8 })
    assets.set(quote, { id: quote, precision: ASSET_BY_REST.get(i.quote)?.decimals ?? 4 })
    return {
      symbol: i.symbol,
      base,
      quote,
      status: 'online',
      qty_precision: i.qtyPrecision,
      qty_increment: new Raw(i.qtyIncrement),
      price_precision: i.pricePrecision,
      cost_precision: i.costPrecision,
      marginable: i.marginLeverage !== undefined,
      has_index: true,
      cost_min: new Raw(i.costmin),
      tick_size: new Raw(i.tickSize),
      price_increment: new Raw(i.tickSize),
      qty_min: new Raw(i.ordermin),
    }
  })
  return {
    channel: 'instrument',
    type: 'snapshot',
    data: {
      assets: [...assets.values()].map((a) => ({
        id: a.id,
        status: 'enabled',
        precision: a.precision,
        precision_display: 5,
        borrowable: false,
        collateral_value: new Raw('0.00'),
        margin_rate: new Raw('0.00'),
      })),
      pairs,
    },
  }
}

export function tradeData(symbol: string, t: PublicTrade, inst: SimInstrument): unknown {
  return {
    symbol,
    side: t.side,
    price: price(t.price, inst),
    qty: qty(t.qty, inst),
    ord_type: t.ordType,
    trade_id: t.seq,
    timestamp: wireTime(t.time),
  }
}

export function ohlcData(symbol: string, interval: number, c: Candle, inst: SimInstrument): unknown {
  const vwap = c.volume > 0n ? c.pq / c.volume : BigInt(c.close)
  return {
    symbol,
    open: price(c.open, inst),
    high: price(c.high, inst),
    low: price(c.low, inst),
    close: price(c.close, inst),
    trades: c.count,
    volume: qty(c.volume, inst),
    vwap: price(Number(vwap), inst),
    interval_begin: wireTime(c.start * 1000),
    interval,
    timestamp: wireTime(),
  }
}

const ORDER_STATUS: Record<string, string> = {
  pending: 'pending_new',
  open: 'new',
  closed: 'filled',
  canceled: 'canceled',
  expired: 'expired',
}

/** One executions entry for an order event, with the fields Kraken sends for that exec_type. */
export function executionData(
  exec: string,
  o: SimOrder,
  inst: SimInstrument,
  fill?: Fill,
  opts: { snapshot?: boolean } = {},
): Record<string, unknown> {
  const status =
    exec === 'pending_new'
      ? 'pending_new'
      : o.status === 'open' && o.filled > 0n
        ? 'partially_filled'
        : (ORDER_STATUS[o.status] ?? o.status)
  const d: Record<string, unknown> = {
    exec_type: exec,
    order_id: o.id,
    cl_ord_id: o.clOrdId,
    order_userref: o.userref ?? 0,
    symbol: o.symbol,
    side: o.side,
    order_type: o.type,
    order_qty: qty(o.qty, inst),
    order_status: status,
    time_in_force: o.tif,
    timestamp: wireTime(fill?.time ?? o.closedAt ?? o.lastChangedAt),
  }
  if (o.limitPrice !== undefined) d.limit_price = price(o.limitPrice, inst)
  if (o.triggerPrice !== undefined)
    d.triggers = {
      reference: 'last',
      price: price(o.triggerPrice, inst),
      price_type: o.type === 'trailing-stop' ? 'quote' : 'static',
      triggered: !o.untriggered,
    }
  if (o.displayQty !== undefined) d.display_qty = qty(o.displayQty, inst)
  if (o.postOnly) d.post_only = true
  // margin orders say so (executions `margin`, `reduce_only`: booleans, present when true)
  if (o.leverage !== undefined) d.margin = true
  if (o.reduceOnly) d.reduce_only = true
  if (fill) {
    d.exec_id = `${fill.tradeId}-${o.side === 'buy' ? 'B' : 'S'}`
    d.trade_id = fill.tradeSeq
    d.last_qty = qty(fill.qty, inst)
    d.last_price = price(fill.price, inst)
    d.liquidity_ind = fill.maker ? 'm' : 't'
    d.cost = money(fill.cost, inst)
    d.fees = [{ asset: inst.symbol.split('/')[1], qty: money(fill.fee, inst) }]
    d.fee_usd_equiv = money(fill.fee, inst)
  }
  // a snapshot's order entry carries the running totals (a live new event has nothing filled yet)
  if ((exec !== 'pending_new' && exec !== 'new') || (opts.snapshot && o.filled > 0n)) {
    d.cum_qty = qty(o.filled, inst)
    d.cum_cost = money(o.cost, inst)
    if (o.filled > 0n) d.avg_price = avgPrice(o, inst)
  }
  if (exec === 'canceled' || exec === 'expired') d.cancel_reason = o.reason ?? 'User requested'
  if (exec === 'amended') {
    d.amended = true
    d.reason = 'User requested'
  }
  return d
}

/** Average fill price, at the pair's price precision (truncated). */
export function avgPrice(o: SimOrder, inst: SimInstrument): Raw {
  if (o.filled === 0n) return price(0, inst)
  // cost (ASSET_SCALE) / filled (10^-qp) -> price units (10^-pp)
  const scale = 10n ** BigInt(ASSET_DECIMALS - inst.qtyPrecision - inst.pricePrecision)
  return price(Number(o.cost / scale / o.filled), inst)
}

/** Kraken v2 level3 checksum: top 10 levels per side, every order in queue order (the simulator's own). */
export function l3Checksum(
  bids: readonly { price: number; orders: { qty: bigint }[] }[],
  asks: readonly { price: number; orders: { qty: bigint }[] }[],
): number {
  let s = ''
  for (const side of [asks, bids])
    for (const l of side.slice(0, 10)) for (const o of l.orders) s += String(l.price) + o.qty.toString()
  return crc32(s) >>> 0
}
