import type { TrackedFill, TrackedOrder } from '../orders/OrderTracker'

/** Trade ids already counted, per client order id. */
export type CountedFills = Map<string, Set<string>>

/**
 * The order's fills not counted yet, each marked counted as it is returned: a fill that WS, FIX
 * and a REST reconcile all report counts once. `skip`: fills never to count here.
 */
export function uncountedFills(
  counted: CountedFills,
  o: TrackedOrder,
  skip?: (f: TrackedFill) => boolean,
): TrackedFill[] {
  let ids = counted.get(o.clOrdId)
  const fresh: TrackedFill[] = []
  for (const f of o.fills) {
    if (skip?.(f) || ids?.has(f.tradeId)) continue
    if (!ids) counted.set(o.clOrdId, (ids = new Set()))
    ids.add(f.tradeId)
    fresh.push(f)
  }
  return fresh
}

/** One fill of an order as a position book takes it. */
export function fillTrade(o: TrackedOrder, f: TrackedFill) {
  return {
    symbol: o.symbol,
    side: o.side,
    qty: f.qty,
    price: f.price,
    qtyPrecision: o.qtyPrecision,
    pricePrecision: o.pricePrecision,
  }
}
