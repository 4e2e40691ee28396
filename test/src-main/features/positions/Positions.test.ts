import { describe, expect, it } from 'vitest'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { Positions } from '../../../../src-main/features/positions/Positions'

describe('Positions: fills counted once, kept per order only while the tracker keeps the order (issue 20)', () => {
  it('forgotten orders leave their fills in the position and their trade ids behind; recent orders still count each fill once', () => {
    const tracker = new OrderTracker(2)
    const positions = new Positions({ mid: () => null, publish: () => {} })
    tracker.onForget((o) => positions.forget(o))
    const counted = () => (positions as unknown as { applied: Map<string, Set<string>> }).applied
    for (let i = 1; i <= 5; i++) {
      tracker.submit(
        {
          clOrdId: `b${i}`,
          symbol: 'BTC/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.02',
          limitPrice: '65000.0',
          tif: 'GTC',
          protocol: 'ws',
          qtyPrecision: 8,
          pricePrecision: 1,
        },
        i,
      )
      for (const t of ['a', 'b']) {
        const r = tracker.apply(
          { clOrdId: `b${i}`, protocol: 'ws', at: i },
          { kind: 'fill', tradeId: `T${i}${t}`, qty: '0.01', price: '65000.0' },
        )
        expect(positions.applyFills(r.order!).map((f) => f.tradeId)).toEqual([`T${i}${t}`])
      }
    }
    expect(positions.net('BTC/USD')).toBe('0.10000000')
    expect([...counted().keys()]).toEqual(['b4', 'b5'])
    expect([...counted().get('b5')!]).toEqual(['T5a', 'T5b'])
    // the same order reported again (FIX after WS, a reconcile): nothing counted twice
    expect(positions.applyFills(tracker.get('b5')!)).toEqual([])
    expect(positions.net('BTC/USD')).toBe('0.10000000')
  })
})
