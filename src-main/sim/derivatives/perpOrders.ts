/**
 * The derivatives market's order model: what a client asks for, what it is told, and the rules
 * that sit beside the spot engine's (which does the matching): trigger reference, reduce-only,
 * liquidation, UUID order ids.
 */
import type { NewOrder, SimOrder, Side } from '../engine/types'

export type PerpOrderType =
  'limit' | 'market' | 'stop-loss' | 'stop-loss-limit' | 'take-profit' | 'take-profit-limit'

/** Kraken documents only these two trigger references for UWS (§5.1); default `last` */
export type TriggerReference = 'last' | 'index'

export interface PerpOrderRequest {
  account: string
  symbol: string
  side: Side
  type: PerpOrderType
  /** qty units (the lot increment) */
  qty: bigint
  /** price units (the tick) */
  limitPrice?: bigint
  trigger?: { reference: TriggerReference; price: bigint }
  tif: 'GTC' | 'IOC' | 'GTD'
  expireAt?: number
  postOnly?: boolean
  reduceOnly?: boolean
  clOrdId?: string
  /** test hook: the order id to give it (a UUID; default a random one) */
  id?: string
}

/** What the market keeps beside an engine order (or instead of one, while an index trigger waits). */
export interface OrderMeta {
  /** the order id clients see: a UUID, as Kraken's derivatives ids are (§5.2) */
  uuid: string
  account: string
  type: PerpOrderType
  reduceOnly: boolean
  liquidation: boolean
  reference: TriggerReference | null
  /** an index trigger's price (an engine order holds a `last` trigger's own) */
  indexTrigger?: bigint
  /** `new` already reported (an index order fired into the engine is not new again) */
  announced: boolean
  engineId?: string
}

export type PerpOrderStatus = 'open' | 'closed' | 'canceled' | 'expired'

export interface PerpOrderView {
  id: string
  clOrdId?: string
  account: string
  symbol: string
  side: Side
  type: PerpOrderType
  qty: bigint
  filled: bigint
  /** money (10^-18 USD) */
  cost: bigint
  fee: bigint
  limitPrice?: bigint
  trigger?: { reference: TriggerReference; price: bigint; triggered: boolean }
  tif: 'GTC' | 'IOC' | 'GTD'
  postOnly: boolean
  reduceOnly: boolean
  status: PerpOrderStatus
  reason?: string
  time: number
  liquidation: boolean
}

/** The engine order an index trigger turns into once it fires (a *-limit works as a limit). */
export function firedType(t: PerpOrderType): 'market' | 'limit' {
  return t === 'stop-loss-limit' || t === 'take-profit-limit' || t === 'limit' ? 'limit' : 'market'
}

/** Kraken's trigger rule (the spot engine's, triggers.ts) against the index instead of the last. */
export function indexFires(type: PerpOrderType, side: Side, index: bigint, trigger: bigint): boolean {
  if (type === 'stop-loss' || type === 'stop-loss-limit')
    return side === 'sell' ? index <= trigger : index >= trigger
  if (type === 'take-profit' || type === 'take-profit-limit')
    return side === 'sell' ? index >= trigger : index <= trigger
  return false
}

/** The spot engine's order for a request (`fired`: an index trigger that has just fired). */
export function engineOrder(req: PerpOrderRequest, qty: bigint, fired = false): NewOrder {
  const indexed = req.trigger?.reference === 'index'
  const o: NewOrder = {
    account: req.account,
    symbol: req.symbol,
    side: req.side,
    type: fired ? firedType(req.type) : req.type,
    qty,
    tif: req.tif,
    source: { protocol: 'ws' },
  }
  if (req.limitPrice !== undefined) o.limitPrice = Number(req.limitPrice)
  if (req.trigger && !indexed) o.triggerPrice = Number(req.trigger.price)
  if (req.expireAt !== undefined) o.expireAt = req.expireAt
  if (req.postOnly) o.postOnly = true
  if (req.clOrdId !== undefined) o.clOrdId = req.clOrdId
  return o
}

export function viewOf(o: SimOrder, meta: OrderMeta): PerpOrderView {
  const v: PerpOrderView = {
    id: meta.uuid,
    account: o.account,
    symbol: o.symbol,
    side: o.side,
    type: meta.type,
    qty: o.qty,
    filled: o.filled,
    cost: o.cost,
    fee: o.fee,
    tif: o.tif === 'FOK' ? 'IOC' : o.tif,
    postOnly: o.postOnly,
    reduceOnly: meta.reduceOnly,
    status: o.status === 'pending' ? 'open' : o.status,
    time: o.closedAt ?? o.lastChangedAt,
    liquidation: meta.liquidation,
  }
  if (o.clOrdId !== undefined) v.clOrdId = o.clOrdId
  if (o.limitPrice !== undefined) v.limitPrice = BigInt(o.limitPrice)
  if (meta.reference === 'index' && meta.indexTrigger !== undefined)
    v.trigger = { reference: 'index', price: meta.indexTrigger, triggered: true }
  else if (o.triggerPrice !== undefined)
    v.trigger = { reference: 'last', price: BigInt(o.triggerPrice), triggered: !o.untriggered }
  if (o.reason !== undefined) v.reason = o.reason
  return v
}

/** An index-triggered order still waiting (it is not in the engine yet). */
export function waitingView(
  req: PerpOrderRequest,
  meta: OrderMeta,
  status: PerpOrderStatus,
  time: number,
): PerpOrderView {
  const v: PerpOrderView = {
    id: meta.uuid,
    account: req.account,
    symbol: req.symbol,
    side: req.side,
    type: req.type,
    qty: req.qty,
    filled: 0n,
    cost: 0n,
    fee: 0n,
    tif: req.tif,
    postOnly: req.postOnly ?? false,
    reduceOnly: meta.reduceOnly,
    status,
    time,
    liquidation: false,
    trigger: { reference: 'index', price: req.trigger!.price, triggered: false },
  }
  if (req.clOrdId !== undefined) v.clOrdId = req.clOrdId
  if (req.limitPrice !== undefined) v.limitPrice = req.limitPrice
  return v
}

/** The request an engine order stands for (what an amend is checked as). */
export function engineRequest(o: SimOrder, meta: OrderMeta): PerpOrderRequest {
  return { account: o.account, symbol: o.symbol, side: o.side, type: meta.type, qty: o.qty, tif: 'GTC' }
}
