/**
 * Reading Kraken FIX order messages into engine requests: a NewOrderSingle (D) into a NewOrder, an
 * OrderCancelReplaceRequest's (G) changes into an Amendment, and their fields — instrument (55),
 * quantities and prices as exact decimals — with the rejects Kraken answers for bad values.
 */
import { decimalToUnits } from '../decimal'
import type { Amendment } from '../engine/MatchingEngine'
import { KrakenError, type NewOrder } from '../engine/types'
import type { SimInstrument } from '../instruments'
import { parseClOrdId } from '../requests'
import { parseFixTime, type FixMessage } from './fixCodec'
import { required } from './fixRequired'
import { FixRequestError, ORD_TYPES, TIF } from './krakenFixDialect'

/** Kraken's limit-priced order types: Price (44) is required on them (nos-fix, ocrr-fix). */
export const PRICED = new Set(['2', '4', 'T', 'V'])

/** The instrument a message's Symbol (55) names, in FIX `XBT/USD` form. */
export function fixInstrument(m: FixMessage, bySymbol: Map<string, SimInstrument>): SimInstrument {
  const i = bySymbol.get(m.get(55) ?? '')
  if (!i) throw new KrakenError('EQuery:Unknown asset pair')
  return i
}

function fixQty(m: FixMessage, tag: number, i: SimInstrument): bigint {
  const u = decimalToUnits(m.get(tag) ?? '', i.qtyPrecision)
  if (u === null || u <= 0n)
    throw new FixRequestError('reject', `Incorrect data format for value: ${tag}`, tag, 6)
  return u
}

function fixPrice(m: FixMessage, tag: number, i: SimInstrument): number {
  const u = decimalToUnits(m.get(tag) ?? '', i.pricePrecision)
  if (u === null)
    throw new KrakenError(
      `EOrder:Invalid price:${i.altname} price can only be specified up to ${i.pricePrecision} decimals.`,
    )
  return Number(u)
}

/** A NewOrderSingle (D) for `account` on FIX session `session`; throws the reject to answer. */
export function fixNewOrder(
  m: FixMessage,
  bySymbol: Map<string, SimInstrument>,
  account: string,
  session: string,
): NewOrder {
  // nos-fix marks 11 38 40 54 55 59 60 required, 44 on limit-priced types
  required(m, 11, 55, 54, 38, 40, 59, 60)
  if (PRICED.has(m.get(40)!)) required(m, 44)
  const i = fixInstrument(m, bySymbol)
  const side = m.get(54) === '1' ? 'buy' : m.get(54) === '2' ? 'sell' : null
  if (!side) throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 54', 54, 5)
  let type = ORD_TYPES[m.get(40)!]
  if (!type) throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 40', 40, 5)
  if (type === 'limit' && m.get(1138) !== undefined) type = 'iceberg'
  const tif = TIF[m.get(59)!]
  if (!tif) throw new FixRequestError('reject', 'Value is incorrect (out of range) for this tag: 59', 59, 5)
  const clOrdId = parseClOrdId(m.get(11))
  const req: NewOrder = {
    account,
    symbol: i.symbol,
    side,
    type,
    qty: fixQty(m, 38, i),
    tif,
    source: { protocol: 'fix', session },
  }
  if (clOrdId !== undefined) req.clOrdId = clOrdId
  if (m.get(44) !== undefined) req.limitPrice = fixPrice(m, 44, i)
  if (m.get(99) !== undefined) req.triggerPrice = fixPrice(m, 99, i)
  if (m.get(1138) !== undefined) req.displayQty = fixQty(m, 1138, i)
  if (tif === 'GTD') {
    const t = parseFixTime(m.get(126))
    if (t === null) throw new FixRequestError('reject', 'Missing Mandatory Field: ExpireTime (126)', 126, 1)
    req.expireAt = t
  }
  const inst = (m.get(18) ?? '').split(' ')
  if (inst.includes('P')) req.postOnly = true
  if (inst.includes('E')) req.reduceOnly = true
  const stp = m.get(7928)
  if (stp !== undefined)
    req.stp = stp === '0' ? 'cancel-both' : stp === '2' ? 'cancel-oldest' : 'cancel-newest'
  return req
}

/** The changes an OrderCancelReplaceRequest (G) asks for on an order of instrument `i`. */
export function fixAmendment(m: FixMessage, i: SimInstrument): Amendment {
  const a: Amendment = {}
  if (m.get(38) !== undefined) a.qty = fixQty(m, 38, i)
  if (m.get(44) !== undefined) a.limitPrice = fixPrice(m, 44, i)
  if (m.get(99) !== undefined) a.triggerPrice = fixPrice(m, 99, i)
  if (m.get(1138) !== undefined) a.displayQty = fixQty(m, 1138, i)
  if ((m.get(18) ?? '').split(' ').includes('P')) a.postOnly = true
  return a
}
