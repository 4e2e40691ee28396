import { isDerivativesSymbol } from '../../src-domain/derivatives'
import type { OrderTracker } from '../core/orders/OrderTracker'
import type { OrderService } from '../features/orders/OrderService'
import { NOT_SENT } from '../features/orders/Reconciler'

/** An order changed this recently may be in flight past the snapshot: it is not judged by it. */
export const IN_FLIGHT_MS = 5_000

/** An order left unjudged by a snapshot, as it was then. */
export interface Unanswered {
  clOrdId: string
  lastChangedAt: number
}

/**
 * Derivatives orders after a (re)connect of the Unified WS: Kraken retires its Derivatives REST,
 * so the executions snapshot (open orders, and the last fills, applied before this runs) is the
 * record. A working contract order it does not list has ended while Trident was away — cancelled
 * if Kraken had acknowledged it, never placed if not (journaled, then Trident stopped).
 *
 * Returns the Unified WS orders it left as in flight that Kraken never answered: placed on the
 * connection that dropped, just before it did. The snapshot comes before the new connection
 * takes orders, so none of them was sent on it; if Kraken got one, the new subscription tells
 * its execution. `settleUnanswered` judges them once IN_FLIGHT_MS has passed (without it, an
 * add_order lost with the link stayed "pending new" for good: the derivatives soak saw one).
 */
export function settleContracts(
  orders: Pick<OrderService, 'apply'>,
  tracker: Pick<OrderTracker, 'working'>,
  open: ReadonlySet<string>,
  now = Date.now(),
): Unanswered[] {
  const later: Unanswered[] = []
  for (const o of tracker.working()) {
    if (!isDerivativesSymbol(o.symbol)) continue
    if (open.has(o.clOrdId) || (o.venueOrderId !== undefined && open.has(o.venueOrderId))) continue
    if (now - o.lastChangedAt < IN_FLIGHT_MS) {
      if (o.protocol === 'ws' && o.state === 'pending-new' && o.venueOrderId === undefined)
        later.push({ clOrdId: o.clOrdId, lastChangedAt: o.lastChangedAt })
      continue
    }
    const ref = { clOrdId: o.clOrdId, protocol: o.protocol, at: now }
    orders.apply(
      ref,
      o.venueOrderId
        ? {
            kind: 'cancelled',
            reason: 'Not open at Kraken after the reconnect: it ended while the link was down',
          }
        : { kind: 'rejected', reason: NOT_SENT },
    )
  }
  return later
}

/**
 * The orders a snapshot left in flight, IN_FLIGHT_MS later: one still pending with nothing heard
 * since (no acknowledgement, no execution on the new subscription) never reached Kraken.
 */
export function settleUnanswered(
  orders: Pick<OrderService, 'apply'>,
  tracker: Pick<OrderTracker, 'get'>,
  left: readonly Unanswered[],
  now = Date.now(),
): void {
  for (const u of left) {
    const o = tracker.get(u.clOrdId)
    if (
      !o ||
      o.state !== 'pending-new' ||
      o.venueOrderId !== undefined ||
      o.lastChangedAt !== u.lastChangedAt
    )
      continue
    orders.apply(
      { clOrdId: o.clOrdId, protocol: o.protocol, at: now },
      { kind: 'rejected', reason: NOT_SENT },
    )
  }
}
