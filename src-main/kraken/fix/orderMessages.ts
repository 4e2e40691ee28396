import type { OrderType } from '../../../src-domain/orders'
import { utcTimestamp } from './fixFields'

/** The app's order types; FIX spells them as OrdType codes below. */
export type FixOrdType = OrderType

export const ORD_TYPE: Record<FixOrdType, string> = {
  market: '1',
  limit: '2',
  iceberg: '2',
  'stop-loss': '3',
  'stop-loss-limit': '4',
  'take-profit': 'R',
  'take-profit-limit': 'T',
  'trailing-stop': 'U',
}
export const TIF: Record<string, string> = { GTC: '1', IOC: '3', FOK: '4', GTD: '6' }

export interface FixNewOrder {
  clOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  type: FixOrdType
  /** decimal texts */
  qty: string
  limitPrice?: string
  triggerPrice?: string
  displayQty?: string
  tif: 'GTC' | 'IOC' | 'FOK' | 'GTD'
  expireAt?: number
  postOnly?: boolean
  /** derivatives: ExecInst E, Kraken keeps the order from growing the position */
  reduceOnly?: boolean
  /** derivatives: ExecInst s ("single fee"), on every derivatives order in Kraken's example */
  singleFee?: boolean
  /** derivatives trigger orders: DiscretionInst 388 (1 index, 5 last — Kraken's default) */
  triggerReference?: 'index' | 'last'
}

/** A NewOrderSingle (35=D) body as jspurefix names its fields (Kraken's NOS page for the tags). */
export function newOrderSingle(
  o: FixNewOrder,
  transactTime: string,
  allocs: Record<string, unknown>,
): Record<string, unknown> {
  const msg: Record<string, unknown> = {
    ClOrdID: o.clOrdId,
    ...allocs,
    Instrument: { Symbol: o.symbol },
    Side: o.side === 'buy' ? '1' : '2',
    TransactTime: transactTime,
    OrderQtyData: { OrderQty: o.qty },
    OrdType: ORD_TYPE[o.type],
    TimeInForce: TIF[o.tif],
  }
  if (o.limitPrice !== undefined) msg.Price = o.limitPrice
  if (o.triggerPrice !== undefined) msg.StopPx = o.triggerPrice
  if (o.expireAt !== undefined) msg.ExpireTime = utcTimestamp(new Date(o.expireAt))
  // ExecInst is a space-separated list (Kraken's NOS page): post-only, reduce-only, single fee
  const inst = [o.postOnly && 'P', o.reduceOnly && 'E', o.singleFee && 's'].filter(Boolean)
  if (inst.length) msg.ExecInst = inst.join(' ')
  if (o.triggerReference)
    msg.DiscretionInstructions = { DiscretionInst: o.triggerReference === 'index' ? '1' : '5' }
  if (o.displayQty !== undefined) msg.DisplayQty = o.displayQty
  return msg
}
