import type { TrackedOrder } from '../../src-main/core/orders/OrderTracker'

/**
 * An order as the tracker holds it when it is placed: client id …42, a 0.001 BTC/USD limit buy
 * at 64000.0 IOC over WS, nothing filled, every time 10. `over` sets any field (a journal test's
 * own order, a later state of it).
 */
export function trackedOrder(over: Partial<TrackedOrder> = {}): TrackedOrder {
  return {
    clOrdId: '000000000000000042',
    symbol: 'BTC/USD',
    side: 'buy',
    type: 'limit',
    qty: '0.00100000',
    limitPrice: '64000.0',
    tif: 'IOC',
    protocol: 'ws',
    qtyPrecision: 8,
    pricePrecision: 1,
    state: 'pending-new',
    filledQty: '0.00000000',
    fills: [],
    createdAt: 10,
    lastChangedAt: 10,
    updatedAt: 10,
    ...over,
  }
}
