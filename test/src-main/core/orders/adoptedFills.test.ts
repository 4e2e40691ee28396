import { describe, expect, it } from 'vitest'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'

/**
 * An order adopted part-filled (REST vol_exec, WS cum_qty) keeps that amount when later fills
 * arrive: they add to it, and a fill that was part of the adopted amount is not counted twice.
 */
const adopted = (filledQty: string): Parameters<OrderTracker['adopt']>[0] => ({
  clOrdId: 'venue:OABC12-DEF34-GHI567',
  venueOrderId: 'OABC12-DEF34-GHI567',
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '1.00000000',
  limitPrice: '30000.0',
  tif: 'GTC',
  protocol: 'rest',
  qtyPrecision: 8,
  pricePrecision: 1,
  state: 'partially-filled',
  filledQty,
  createdAt: 0,
  lastChangedAt: 0,
  updatedAt: 0,
})

describe('OrderTracker: adopted filled quantity', () => {
  it('a new fill adds to the adopted 0.3 (0.3 + 0.1 = 0.4), not replaces it', () => {
    const t = new OrderTracker()
    t.adopt(adopted('0.30000000'))
    const r = t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 5 },
      { kind: 'fill', tradeId: 'BTC/USD:900', qty: '0.10000000', price: '30000.0' },
    )
    expect(r.changed).toBe(true)
    expect(t.get('venue:OABC12-DEF34-GHI567')!.filledQty).toBe('0.40000000')
    expect(t.get('venue:OABC12-DEF34-GHI567')!.state).toBe('partially-filled')
  })

  it('a fill that was part of the adopted amount is kept as a fill but not counted again', () => {
    const t = new OrderTracker()
    t.adopt(adopted('0.30000000'))
    t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'rest', at: 5 },
      { kind: 'fill', tradeId: 'BTC/USD:800', qty: '0.30000000', price: '29990.0', beforeAdoption: true },
    )
    const o = t.get('venue:OABC12-DEF34-GHI567')!
    expect(o.filledQty).toBe('0.30000000')
    expect(o.fills.map((f) => f.tradeId)).toEqual(['BTC/USD:800'])
    t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 6 },
      { kind: 'fill', tradeId: 'BTC/USD:901', qty: '0.70000000', price: '30000.0' },
    )
    expect(o.filledQty).toBe('1.00000000')
    expect(o.state).toBe('filled')
  })

  it("the venue's cumulative quantity on a fill wins when it is ahead (a fill missed)", () => {
    const t = new OrderTracker()
    t.adopt(adopted('0.30000000'))
    t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 5 },
      { kind: 'fill', tradeId: 'BTC/USD:902', qty: '0.10000000', price: '30000.0', cumQty: '0.5' },
    )
    expect(t.get('venue:OABC12-DEF34-GHI567')!.filledQty).toBe('0.50000000')
  })

  it('restored from the journal (fills stored, nothing adopted beyond them): fills count once', () => {
    const t = new OrderTracker()
    const o = t.adopt({
      ...adopted('0.20000000'),
      fills: [{ tradeId: 'BTC/USD:1', qty: '0.20000000', price: '30000.0', at: 1, protocol: 'ws' }],
    })
    t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 5 },
      { kind: 'fill', tradeId: 'BTC/USD:2', qty: '0.10000000', price: '30000.0' },
    )
    expect(o.filledQty).toBe('0.30000000')
  })

  it('fills carry their fee as exact text with its asset; the order its average price and cost', () => {
    const t = new OrderTracker()
    t.adopt(adopted('0.00000000'))
    t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 7 },
      {
        kind: 'fill',
        tradeId: 'BTC/USD:62887576',
        qty: '0.005',
        price: '26599.9',
        fee: '0.3458',
        feeAsset: 'USD',
        avgPrice: '26599.9',
        cumCost: '132.9995',
      },
    )
    const o: TrackedOrder = t.get('venue:OABC12-DEF34-GHI567')!
    expect(o.fills).toEqual([
      {
        tradeId: 'BTC/USD:62887576',
        qty: '0.005',
        price: '26599.9',
        fee: '0.3458',
        feeAsset: 'USD',
        at: 7,
        protocol: 'ws',
      },
    ])
    expect(o.avgPrice).toBe('26599.9')
    expect(o.cumCost).toBe('132.9995')
  })
})

describe('OrderRouter: fill-or-kill', () => {
  const all = { links: { rest: true, ws: true, fix: true }, fixSession: 'S1' }
  it('FOK goes over FIX (59=4) when FIX is up, else REST; never the default WebSocket', () => {
    const r = new OrderRouter()
    expect(r.place(all, undefined, { tif: 'FOK' })).toEqual({
      protocol: 'fix',
      note: 'Fill-or-kill goes over FIX: Kraken WebSocket v2 takes only GTC, GTD and IOC',
    })
    expect(
      r.place({ ...all, links: { rest: true, ws: true, fix: false } }, undefined, { tif: 'FOK' }),
    ).toEqual({
      protocol: 'rest',
      note: 'Fill-or-kill goes over REST: Kraken WebSocket v2 takes only GTC, GTD and IOC',
    })
    expect(r.place(all, undefined, { tif: 'GTC' })).toEqual({ protocol: 'ws' })
  })
  it('FOK forced over WebSocket is refused in words', () => {
    expect(new OrderRouter().place(all, 'ws', { tif: 'FOK' })).toEqual({
      refused:
        'Kraken WebSocket v2 does not take fill-or-kill orders (only GTC, GTD and IOC). Send it over REST or FIX.',
    })
  })
})

describe('OrderTracker: venue totals it cannot read at the pair precision', () => {
  it('a cum_qty finer than the pair is ignored (the counted fills stand), never thrown', () => {
    const t = new OrderTracker()
    t.adopt(adopted('0.30000000'))
    const r = t.apply(
      { orderId: 'OABC12-DEF34-GHI567', protocol: 'ws', at: 5 },
      { kind: 'fill', tradeId: 'BTC/USD:903', qty: '0.10000000', price: '30000.0', cumQty: '0.400000001' },
    )
    expect(r.changed).toBe(true)
    expect(t.get('venue:OABC12-DEF34-GHI567')!.filledQty).toBe('0.40000000')
  })
})
