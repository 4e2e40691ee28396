import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import type { OrderTracker, Protocol } from '../../core/orders/OrderTracker'
import type { VenueOrderView } from '../../core/orders/OrderGateway'

type Adopted = Parameters<OrderTracker['adopt']>[0]

/**
 * An order Trident did not place (found at the venue after a restart or a reconnect), as the
 * tracker keeps it: everything the venue said about it, at the pair's precisions, its age now
 * (Kraken's rate penalties count from the last change the venue saw, which we cannot know).
 */
export function adoptedOrder(
  v: VenueOrderView,
  inst: Instrument,
  clOrdId: string,
  venueOrderId: string,
  protocol: Protocol,
  now: number,
): Adopted {
  return {
    clOrdId,
    venueOrderId,
    symbol: inst.id,
    side: v.side,
    type: v.type,
    qty: v.qty,
    filledQty: v.filledQty,
    tif: v.tif,
    protocol,
    qtyPrecision: inst.qtyPrecision,
    pricePrecision: inst.pricePrecision,
    state: v.state,
    createdAt: now,
    lastChangedAt: now,
    updatedAt: now,
    ...(v.limitPrice !== undefined ? { limitPrice: v.limitPrice } : {}),
    ...(v.triggerPrice !== undefined ? { triggerPrice: v.triggerPrice } : {}),
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(v.postOnly ? { postOnly: true } : {}),
    ...(v.reduceOnly ? { reduceOnly: true } : {}),
    ...(v.triggerSignal ? { triggerSignal: v.triggerSignal } : {}),
    ...(v.leverage !== undefined ? { leverage: v.leverage } : {}),
    ...(v.displayQty !== undefined ? { displayQty: v.displayQty } : {}),
    ...(v.avgPrice !== undefined ? { avgPrice: v.avgPrice } : {}),
    ...(v.cumCost !== undefined ? { cumCost: v.cumCost } : {}),
  }
}
