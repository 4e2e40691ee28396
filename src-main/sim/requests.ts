import { isLosslessNumber } from 'lossless-json'
import { decimalToUnits } from './decimal'
import type { Amendment, MatchingEngine, OrderRef } from './engine/MatchingEngine'
import {
  KrakenError,
  type NewOrder,
  type OrderType,
  type SimOrder,
  type Stp,
  type TimeInForce,
} from './engine/types'
import type { SimInstrument } from './instruments'

/** Turning protocol fields into engine requests, with Kraken's errors for bad values. */

export const ORDER_TYPES: readonly OrderType[] = [
  'market',
  'limit',
  'iceberg',
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
]

export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'string') return v
  // a JSON number token kept as its exact text (WS v2 requests are parsed losslessly)
  if (isLosslessNumber(v)) return v.value
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return undefined
}

export function parseQty(v: unknown, inst: SimInstrument, field: string): bigint {
  const t = text(v)
  const u = t === undefined ? null : decimalToUnits(t, inst.qtyPrecision)
  if (u === null) throw new KrakenError(`EGeneral:Invalid arguments:${field}`)
  return u
}

export function parsePrice(v: unknown, inst: SimInstrument, field: string): number {
  const t = text(v)
  if (t === undefined || !/^\d+(\.\d+)?$/.test(t))
    throw new KrakenError(`EGeneral:Invalid arguments:${field}`)
  const u = decimalToUnits(t, inst.pricePrecision)
  if (u === null) {
    throw new KrakenError(
      `EOrder:Invalid price:${inst.altname} price can only be specified up to ${inst.pricePrecision} decimals.`,
    )
  }
  const n = Number(u)
  if (!Number.isSafeInteger(n)) throw new KrakenError(`EGeneral:Invalid arguments:${field}`)
  return n
}

/** Kraken relative price "+100.5" (trailing-stop offset): units, or an error. */
export function parseOffset(v: unknown, inst: SimInstrument, field: string): number {
  const t = text(v)
  if (t === undefined || !t.startsWith('+')) throw new KrakenError(`EGeneral:Invalid arguments:${field}`)
  return parsePrice(t.slice(1), inst, field)
}

export function parseTif(v: unknown): TimeInForce {
  const t = (text(v) ?? 'GTC').toUpperCase()
  if (t === 'GTC' || t === 'IOC' || t === 'GTD' || t === 'FOK') return t
  throw new KrakenError('EGeneral:Invalid arguments:timeinforce')
}

export function parseStp(v: unknown): Stp | undefined {
  const t = text(v)
  if (t === undefined) return undefined
  const n = t.replace(/_/g, '-')
  if (n === 'cancel-newest' || n === 'cancel-oldest' || n === 'cancel-both') return n
  throw new KrakenError('EGeneral:Invalid arguments:stptype')
}

export function parseOrderType(v: unknown): OrderType {
  const t = text(v)
  if (t && (ORDER_TYPES as readonly string[]).includes(t)) return t as OrderType
  throw new KrakenError('EGeneral:Invalid arguments:ordertype')
}

/** cl_ord_id: UUID (with or without dashes) or free text of at most 18 printable ASCII characters. */
export function parseClOrdId(v: unknown): string | undefined {
  const t = text(v)
  if (t === undefined) return undefined
  const uuid = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/
  if (uuid.test(t) || /^[\x21-\x7e]{1,18}$/.test(t)) return t
  throw new KrakenError('EGeneral:Invalid arguments:cl_ord_id')
}

export function parseUserref(v: unknown): number | undefined {
  const t = text(v)
  if (t === undefined) return undefined
  const n = Number(t)
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31)
    throw new KrakenError('EGeneral:Invalid arguments:userref')
  return n
}

export function parseBool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1
}

/** AmendOrder (REST) and amend_order (WS) share their field names. */
export function parseAmendment(p: Record<string, unknown>, inst: SimInstrument): Amendment {
  const a: Amendment = {}
  if (p.order_qty !== undefined) a.qty = parseQty(p.order_qty, inst, 'order_qty')
  if (p.limit_price !== undefined) a.limitPrice = parsePrice(p.limit_price, inst, 'limit_price')
  if (p.trigger_price !== undefined) a.triggerPrice = parsePrice(p.trigger_price, inst, 'trigger_price')
  if (p.display_qty !== undefined) a.displayQty = parseQty(p.display_qty, inst, 'display_qty')
  if (p.post_only !== undefined) a.postOnly = parseBool(p.post_only)
  return a
}

/** The open order a request names, or Kraken's error. */
export function openOrderOrThrow(engine: MatchingEngine, account: string, ref: OrderRef): SimOrder {
  const o = engine.find(account, ref).find((x) => x.status === 'open')
  if (!o) throw new KrakenError('EOrder:Unknown order')
  return o
}

export function instrumentOrThrow(engine: MatchingEngine, symbol: string | undefined): SimInstrument {
  if (!symbol) throw new KrakenError('EGeneral:Invalid arguments:pair')
  return engine.instrument(symbol)
}

export type { NewOrder }
