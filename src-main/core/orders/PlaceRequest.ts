import { toUnits } from '../../../src-domain/decimal'
import type { Instrument } from '../instruments/InstrumentRegistry'
import type { OrderIntent } from './OrderTracker'
import {
  LIMIT_PRICED,
  TRIGGERED,
  type OrderType,
  type Protocol,
  type Side,
  type TimeInForce,
} from '../../../src-domain/orders'

import type { TriggerSignal } from '../../../src-domain/derivatives'

export type { OrderType }

export interface PlaceRequest {
  symbol: string
  side: Side
  type: OrderType
  /** decimal text in base units */
  qty: string
  limitPrice?: string
  /** trigger price; for trailing-stop the distance from the market */
  triggerPrice?: string
  displayQty?: string
  tif: TimeInForce
  expireAt?: number
  postOnly?: boolean
  /**
   * never grow the position: enforced by Trident against the position, and on derivatives also
   * sent as Kraken's `reduce_only` (spot cash orders have none at Kraken)
   */
  reduceOnly?: boolean
  /** derivatives trigger orders: what the trigger watches (Kraken's default: last) */
  triggerSignal?: TriggerSignal
  /** spot margin: leverage to borrow at ("2"…"5"); absent: a cash order */
  leverage?: string
  /** the trader's protocol choice; otherwise the router picks */
  protocol?: Protocol
  /**
   * a bracket's protective leg (set by the desk, never by a window's frame): it may use the
   * trading counter's points a normal order leaves free (RateGovernor's TRADING_KEPT)
   */
  protective?: true
}

/** Refused before anything was sent, with words a trader understands. */
export class OrderRefused extends Error {
  override readonly name = 'OrderRefused'
}

const NEEDS_LIMIT = LIMIT_PRICED
const NEEDS_TRIGGER = TRIGGERED

function units(text: string, precision: number, what: string, inst: Instrument): bigint {
  try {
    return BigInt(toUnits(text, precision))
  } catch {
    throw new OrderRefused(`${what} ${text} is not valid for ${inst.id}: at most ${precision} decimals`)
  }
}

/** The checks Kraken would fail an order on, done before it leaves (pure). */
export function validatePlace(req: PlaceRequest, inst: Instrument): void {
  const qty = units(req.qty, inst.qtyPrecision, 'Quantity', inst)
  if (qty <= 0n) throw new OrderRefused('Quantity must be above zero')
  if (qty < units(inst.ordermin, inst.qtyPrecision, 'Minimum', inst)) {
    throw new OrderRefused(`Quantity ${req.qty} is below the ${inst.id} minimum of ${inst.ordermin}`)
  }
  if (NEEDS_LIMIT.has(req.type) && req.limitPrice === undefined)
    throw new OrderRefused(`A ${req.type} order needs a limit price`)
  if (NEEDS_TRIGGER.has(req.type) && req.triggerPrice === undefined)
    throw new OrderRefused(`A ${req.type} order needs a trigger price`)
  const tick = units(inst.tickSize, inst.pricePrecision, 'Tick', inst)
  for (const [what, p] of [
    ['Limit price', req.limitPrice],
    ['Trigger price', req.type === 'trailing-stop' ? undefined : req.triggerPrice],
  ] as const) {
    if (p === undefined) continue
    const u = units(p, inst.pricePrecision, what, inst)
    if (u <= 0n) throw new OrderRefused(`${what} must be above zero`)
    if (u % tick !== 0n) throw new OrderRefused(`${what} ${p} is off the ${inst.id} tick of ${inst.tickSize}`)
  }
  const ref = req.limitPrice ?? (req.type === 'trailing-stop' ? undefined : req.triggerPrice)
  if (ref !== undefined) {
    // cost = qty * price, compared at the combined precision, exactly
    const cost = qty * units(ref, inst.pricePrecision, 'Price', inst)
    const min = units(inst.costmin, inst.qtyPrecision + inst.pricePrecision, 'Cost minimum', inst)
    if (cost < min)
      throw new OrderRefused(`Order value is below the ${inst.id} minimum of ${inst.costmin} ${inst.quote}`)
  }
  if (req.type === 'iceberg') {
    if (req.displayQty === undefined) throw new OrderRefused('An iceberg order needs a display quantity')
    const d = units(req.displayQty, inst.qtyPrecision, 'Display quantity', inst)
    if (d * 15n < qty) throw new OrderRefused('An iceberg must show at least 1/15 of its quantity')
  }
  contractRules(req, inst, qty)
  if (req.tif === 'GTD' && req.expireAt === undefined)
    throw new OrderRefused('A good-till-date order needs an expiry time')
  if (req.postOnly && !NEEDS_LIMIT.has(req.type))
    throw new OrderRefused('Post-only applies to limit-priced orders only')
}

/** What differs for a derivatives contract (Kraken's Unified WS add_order, docs/kraken-derivatives.md §5.1). */
function contractRules(req: PlaceRequest, inst: Instrument, qty: bigint): void {
  if (inst.assetClass !== 'derivatives') {
    if (req.triggerSignal !== undefined)
      throw new OrderRefused(`A trigger signal applies to derivatives orders; ${inst.id} is spot`)
    return
  }
  if (req.type === 'iceberg') throw new OrderRefused(`Kraken does not take iceberg orders on ${inst.id}`)
  if (req.leverage !== undefined)
    throw new OrderRefused(`${inst.id} takes its leverage from the market's preference, not from the order`)
  if (req.triggerSignal !== undefined && !NEEDS_TRIGGER.has(req.type))
    throw new OrderRefused(`A trigger signal applies to trigger orders only; this is a ${req.type} order`)
  const step = inst.contract?.qtyStep
  if (step !== undefined) {
    const s = units(step, inst.qtyPrecision, 'Contract step', inst)
    if (s > 0n && qty % s !== 0n)
      throw new OrderRefused(
        `Quantity ${req.qty} is not a whole number of ${inst.id} steps of ${step} contracts`,
      )
  }
}

/** The order the tracker keeps for `req`, as placed over `protocol` (and on FIX session `fixSession`). */
export function orderIntent(
  req: PlaceRequest,
  inst: Instrument,
  clOrdId: string,
  protocol: Protocol,
  fixSession?: string | null,
): OrderIntent {
  const intent: OrderIntent = {
    clOrdId,
    symbol: inst.id,
    side: req.side,
    type: req.type,
    qty: req.qty,
    tif: req.tif,
    protocol,
    qtyPrecision: inst.qtyPrecision,
    pricePrecision: inst.pricePrecision,
  }
  if (req.limitPrice !== undefined) intent.limitPrice = req.limitPrice
  if (req.triggerPrice !== undefined) intent.triggerPrice = req.triggerPrice
  if (fixSession) intent.fixSession = fixSession
  if (req.reduceOnly) intent.reduceOnly = true
  if (req.triggerSignal) intent.triggerSignal = req.triggerSignal
  if (req.leverage) intent.leverage = req.leverage
  if (req.postOnly) intent.postOnly = true
  if (req.displayQty !== undefined) intent.displayQty = req.displayQty
  return intent
}
