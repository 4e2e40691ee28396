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

  it('a fill already in the base (its order folded, then found working and adopted again) never moves the position twice', () => {
    const inBase = new Set<string>()
    const tracker = new OrderTracker(0)
    const positions = new Positions({ mid: () => null, publish: () => {}, inBase: (id) => inBase.has(id) })
    tracker.onForget((o) => {
      positions.forget(o)
      for (const f of o.fills) inBase.add(f.tradeId) // the fold's commit marks its fills
    })
    const a = {
      clOrdId: 'a',
      symbol: 'BTC/USD',
      side: 'buy' as const,
      type: 'limit',
      qty: '0.05',
      limitPrice: '65000.0',
      tif: 'GTC',
      protocol: 'ws' as const,
      qtyPrecision: 8,
      pricePrecision: 1,
    }
    tracker.submit(a, 1)
    positions.applyFills(
      tracker.apply(
        { clOrdId: 'a', protocol: 'ws', at: 2 },
        { kind: 'fill', tradeId: 'T1', qty: '0.01', price: '65000.0' },
      ).order!,
    )
    tracker.apply({ clOrdId: 'a', protocol: 'ws', at: 3 }, { kind: 'cancelled' })
    tracker.submit({ ...a, clOrdId: 'b' }, 4)
    tracker.apply({ clOrdId: 'b', protocol: 'ws', at: 5 }, { kind: 'rejected', reason: 'no' }) // a goes
    expect(tracker.get('a')).toBeUndefined()
    expect(positions.net('BTC/USD')).toBe('0.01000000')
    expect(positions.baseState().map((p) => p.net)).toEqual(['1000000'])
    // Kraken lists a as open after all: adopted again with its earlier fill, then a new one
    const back = tracker.adopt({
      ...a,
      state: 'partially-filled',
      filledQty: '0.01000000',
      fills: [{ tradeId: 'T1', qty: '0.01', price: '65000.0', at: 2, protocol: 'rest' }],
      createdAt: 1,
      lastChangedAt: 1,
      updatedAt: 6,
    })
    expect(positions.applyFills(back)).toEqual([]) // T1: in the base, not told or counted again
    const later = tracker.apply(
      { clOrdId: 'a', protocol: 'ws', at: 7 },
      { kind: 'fill', tradeId: 'T2', qty: '0.02', price: '65000.0' },
    ).order!
    expect(positions.applyFills(later).map((f) => f.tradeId)).toEqual(['T2'])
    expect(positions.net('BTC/USD')).toBe('0.03000000')
    // it ends and goes again: only T2 joins the base
    tracker.apply({ clOrdId: 'a', protocol: 'ws', at: 8 }, { kind: 'cancelled' })
    tracker.submit({ ...a, clOrdId: 'c' }, 9)
    tracker.apply({ clOrdId: 'c', protocol: 'ws', at: 10 }, { kind: 'rejected', reason: 'no' })
    expect(positions.baseState().map((p) => p.net)).toEqual(['3000000'])
    expect(positions.net('BTC/USD')).toBe('0.03000000')
  })
})
