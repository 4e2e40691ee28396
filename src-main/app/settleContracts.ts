import { isDerivativesSymbol } from '../../src-domain/derivatives'
import type { OrderTracker } from '../core/orders/OrderTracker'
import type { OrderService } from '../features/orders/OrderService'
import { NOT_SENT } from '../features/orders/Reconciler'

/** An order changed this recently may be in flight past the snapshot: it is not judged by it. */
const IN_FLIGHT_MS = 5_000

/**
 * Derivatives orders after a (re)connect of the Unified WS: Kraken retires its Derivatives REST,
 * so the executions snapshot (open orders, and the last fills, applied before this runs) is the
 * record. A working contract order it does not list has ended while Trident was away — cancelled
 * if Kraken had acknowledged it, never placed if not (journaled, then Trident stopped).
 */
export function settleContracts(
  orders: Pick<OrderService, 'apply'>,
  tracker: Pick<OrderTracker, 'working'>,
  open: ReadonlySet<string>,
  now = Date.now(),
): void {
  for (const o of tracker.working()) {
    if (!isDerivativesSymbol(o.symbol) || now - o.lastChangedAt < IN_FLIGHT_MS) continue
    if (open.has(o.clOrdId) || (o.venueOrderId !== undefined && open.has(o.venueOrderId))) continue
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
}
