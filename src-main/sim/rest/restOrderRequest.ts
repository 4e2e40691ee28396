/**
 * A Kraken Spot REST AddOrder request (or one order of AddOrderBatch, JSON or form-encoded) read
 * into the engine's NewOrder, with Kraken's refusal texts for what it cannot read.
 */
import { KrakenError, type NewOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import {
  parseBool,
  parseClOrdId,
  parseOffset,
  parseOrderType,
  parsePrice,
  parseQty,
  parseStp,
  parseTif,
  parseUserref,
  text,
} from '../requests'
import { checkRestPrice } from './priceChecks'
import type { Params } from './restDeps'

export function restOrderRequest(account: string, p: Params, inst: SimInstrument): NewOrder {
  const type = parseOrderType(p.ordertype)
  checkRestPrice(p.price, inst, 'price')
  checkRestPrice(p.price2, inst, 'price2')
  const side = text(p.type)
  if (side !== 'buy' && side !== 'sell') throw new KrakenError('EGeneral:Invalid arguments:type')
  const req: NewOrder = {
    account,
    symbol: inst.symbol,
    side,
    type,
    qty: parseQty(p.volume, inst, 'volume'),
    tif: parseTif(p.timeinforce),
    source: { protocol: 'rest' },
  }
  // REST: price = limit price for limit/iceberg, trigger price for triggered types; price2 = limit leg
  if (p.price !== undefined) {
    if (type === 'limit' || type === 'iceberg') req.limitPrice = parsePrice(p.price, inst, 'price')
    else if (type === 'trailing-stop') req.triggerPrice = parseOffset(p.price, inst, 'price')
    else if (type !== 'market') req.triggerPrice = parsePrice(p.price, inst, 'price')
  }
  if (p.price2 !== undefined) req.limitPrice = parsePrice(p.price2, inst, 'price2')
  if (p.displayvol !== undefined) req.displayQty = parseQty(p.displayvol, inst, 'displayvol')
  const oflags = (text(p.oflags) ?? '').split(',').filter(Boolean)
  for (const f of oflags)
    if (!['post', 'fcib', 'fciq', 'nompp', 'viqc'].includes(f))
      throw new KrakenError('EGeneral:Invalid arguments:oflags')
  if (oflags.includes('post')) req.postOnly = true
  if (p.expiretm !== undefined) {
    const t = text(p.expiretm)!
    const secs = t.startsWith('+') ? Date.now() / 1000 + Number(t.slice(1)) : Number(t)
    if (!Number.isFinite(secs)) throw new KrakenError('EGeneral:Invalid arguments:expiretm')
    req.expireAt = Math.round(secs * 1000)
  }
  const leverage = parseLeverage(p.leverage)
  if (leverage !== undefined) req.leverage = leverage
  if (p.reduce_only !== undefined) req.reduceOnly = parseBool(p.reduce_only)
  const cl = parseClOrdId(p.cl_ord_id)
  if (cl !== undefined) req.clOrdId = cl
  const ur = parseUserref(p.userref)
  if (ur !== undefined) req.userref = ur
  if (cl !== undefined && ur !== undefined)
    throw new KrakenError('EGeneral:Invalid arguments:cl_ord_id and userref are exclusive')
  const stp = parseStp(p.stptype)
  if (stp !== undefined) req.stp = stp
  if (parseBool(p.validate)) req.validateOnly = true
  return req
}

/** orders[0][ordertype]=limit&orders[0][price]=... (form-encoded AddOrderBatch) */
export function formOrders(p: Params): Params[] {
  const out: Params[] = []
  for (const [k, v] of Object.entries(p)) {
    const m = /^orders\[(\d+)\]\[([a-z_0-9]+)\]$/.exec(k)
    if (!m) continue
    const i = Number(m[1])
    out[i] ??= {}
    out[i]![m[2]!] = v
  }
  return out.filter(Boolean)
}

/**
 * AddOrder `leverage`: a string, "2" (ccxt's recorded margin order sends "5"), also written "2:1"
 * as Kraken echoes it; "none" (Kraken's echo for a cash order) or absent is a cash order. Whether
 * the pair lists the level is the engine's check.
 */
export function parseLeverage(v: unknown): number | undefined {
  const t = text(v)
  if (t === undefined || t === 'none') return undefined
  const m = /^([1-9]\d?)(?::1)?$/.exec(t)
  if (!m) throw new KrakenError('EGeneral:Invalid arguments:leverage')
  return Number(m[1])
}
