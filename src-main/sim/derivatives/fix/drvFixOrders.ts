/**
 * Kraken's derivatives FIX order messages (Unified FIX, docs/kraken-derivatives.md §6) read into
 * the derivatives market's requests, and its ExecutionReports written from the market's views.
 * Tags: 18 ExecInst (E reduce-only, P post-only, s single fee: accepted, one fee schedule here),
 * 99 StopPx, 388 DiscretionInst trigger reference (1 index, 5 last, the default), 59 1/3 (GTC,
 * IOC; FOK and GTD are refused for derivatives here), 11 ClOrdID (a UUID on Futures).
 */
import { randomUUID } from 'node:crypto'
import { KrakenError, type Fill } from '../../engine/types'
import { fixTime, type Field, type FixMessage } from '../../fix/fixCodec'
import { required } from '../../fix/fixRequired'
import { FixRequestError } from '../../fix/krakenFixDialect'
import type { PerpOrderRequest, PerpOrderType, PerpOrderView } from '../perpOrders'
import { perpetual } from '../perpetuals'
import { formatPrice, formatQty, moneyPerQtyPrice, parsePrice, parseQty } from '../units'

const ORD_TYPES: Record<string, PerpOrderType> = {
  '1': 'market',
  '2': 'limit',
  '3': 'stop-loss',
  '4': 'stop-loss-limit',
  R: 'take-profit',
  T: 'take-profit-limit',
}
const ORD_CODE = Object.fromEntries(Object.entries(ORD_TYPES).map(([k, v]) => [v, k])) as Record<
  PerpOrderType,
  string
>
const TIF: Record<string, 'GTC' | 'IOC'> = { '1': 'GTC', '3': 'IOC' }
const TIF_CODE: Record<string, string> = { GTC: '1', IOC: '3', GTD: '6' }
const outOfRange = (tag: number): FixRequestError =>
  new FixRequestError('reject', `Value is incorrect (out of range) for this tag: ${tag}`, tag, 5)

/** A NewOrderSingle (D) as a derivatives order of `account`, with a fresh UUID order id. */
export function drvNewOrder(m: FixMessage, account: string): PerpOrderRequest {
  // nos-fix marks 11 38 40 54 55 59 60 required, 44 on limit-priced types
  required(m, 11, 55, 54, 38, 40, 59, 60)
  const symbol = m.get(55)!
  let inst
  try {
    inst = perpetual(symbol)
  } catch {
    throw new KrakenError('EQuery:Unknown asset pair')
  }
  const side = m.get(54) === '1' ? 'buy' : m.get(54) === '2' ? 'sell' : null
  if (!side) throw outOfRange(54)
  const type = ORD_TYPES[m.get(40)!]
  if (!type) throw outOfRange(40)
  if (type === 'limit' || type.endsWith('-limit')) required(m, 44)
  const tif = TIF[m.get(59)!]
  if (!tif) throw outOfRange(59)
  const num = (tag: number, parse: (t: string) => bigint): bigint => {
    try {
      return parse(m.get(tag) ?? '')
    } catch {
      throw new FixRequestError('reject', `Incorrect data format for value: ${tag}`, tag, 6)
    }
  }
  const req: PerpOrderRequest = {
    account,
    symbol,
    side,
    type,
    qty: num(38, (t) => parseQty(inst, t)),
    tif,
    clOrdId: m.get(11)!,
    id: randomUUID(),
  }
  if (m.get(44) !== undefined && type !== 'market' && type !== 'stop-loss' && type !== 'take-profit')
    req.limitPrice = num(44, (t) => parsePrice(inst, t))
  if (type !== 'limit' && type !== 'market') {
    required(m, 99)
    const ref = m.get(388) ?? '5'
    if (ref !== '1' && ref !== '5') throw outOfRange(388)
    req.trigger = { reference: ref === '1' ? 'index' : 'last', price: num(99, (t) => parsePrice(inst, t)) }
  }
  const exec = (m.get(18) ?? '').split(' ')
  if (exec.includes('E')) req.reduceOnly = true
  if (exec.includes('P')) req.postOnly = true
  return req
}

const EXEC_CODE: Record<string, string> = { new: '0', trade: 'F', canceled: '4', expired: 'C', amended: '5' }

/** ExecutionReport (8) body for a derivatives order event, or null when FIX reports nothing. */
export function drvExecutionReport(exec: string, v: PerpOrderView, fill?: Fill): Field[] | null {
  const code = EXEC_CODE[exec]
  if (!code) return null // filled: the last trade's ER already says 39=2
  const inst = perpetual(v.symbol)
  const status =
    v.status === 'canceled'
      ? '4'
      : v.status === 'expired'
        ? 'C'
        : v.status === 'closed'
          ? '2'
          : v.filled > 0n
            ? '1'
            : '0'
  const avg = v.filled > 0n ? v.cost / (v.filled * moneyPerQtyPrice(inst)) : 0n
  const f: Field[] = [
    [37, v.id],
    [11, v.clOrdId ?? v.id],
    [17, fill ? `${fill.tradeId}-${v.side === 'buy' ? 'B' : 'S'}` : `${v.id}-${exec}-${v.filled}`],
    [150, code],
    [39, status],
    [55, v.symbol],
    [54, v.side === 'buy' ? '1' : '2'],
    [38, formatQty(inst, v.qty)],
    [40, ORD_CODE[v.type]],
  ]
  if (v.limitPrice !== undefined) f.push([44, formatPrice(inst, v.limitPrice)])
  if (v.trigger)
    f.push([99, formatPrice(inst, v.trigger.price)], [388, v.trigger.reference === 'index' ? '1' : '5'])
  const execInst = [v.reduceOnly ? 'E' : '', v.postOnly ? 'P' : ''].filter(Boolean).join(' ')
  if (execInst) f.push([18, execInst])
  f.push(
    [59, TIF_CODE[v.tif]!],
    [14, formatQty(inst, v.filled)],
    [151, formatQty(inst, v.status === 'open' ? v.qty - v.filled : 0n)],
    [6, formatPrice(inst, avg)],
  )
  if (fill)
    f.push(
      [31, formatPrice(inst, BigInt(fill.price))],
      [32, formatQty(inst, fill.qty)],
      // the trade number, as on spot FIX and as the Unified WS trade_id: one fill, one id
      [527, String(fill.tradeSeq)],
      [851, fill.maker ? '1' : '2'],
    )
  if (v.reason && (exec === 'canceled' || exec === 'expired')) f.push([58, v.reason])
  f.push([60, fixTime(fill?.time ?? v.time)])
  return f
}
