import { describe, expect, it } from 'vitest'
import { OrderRouter, type RouteContext } from '../../../../src-main/core/orders/OrderRouter'
import { FINISHED_KEPT, OrderTracker, type OrderIntent } from '../../../../src-main/core/orders/OrderTracker'

const intent = (clOrdId: string, over: Partial<OrderIntent> = {}): OrderIntent => ({
  clOrdId,
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '1.00000000',
  limitPrice: '65000.0',
  tif: 'GTC',
  protocol: 'ws',
  qtyPrecision: 8,
  pricePrecision: 1,
  ...over,
})

describe('OrderTracker', () => {
  it('follows the lifecycle and counts each fill once, whichever protocol reports it', () => {
    const t = new OrderTracker()
    t.submit(intent('a'), 0)
    expect(t.get('a')!.state).toBe('pending-new')
    expect(
      t.apply({ clOrdId: 'a', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'OAAAA' }).changed,
    ).toBe(true)
    t.apply(
      { orderId: 'OAAAA', protocol: 'ws', at: 2 },
      { kind: 'fill', tradeId: 'T1', qty: '0.4', price: '65000.0' },
    )
    // the same fill again, from a REST reconcile: ignored
    const dup = t.apply(
      { orderId: 'OAAAA', protocol: 'rest', at: 3 },
      { kind: 'fill', tradeId: 'T1', qty: '0.4', price: '65000.0' },
    )
    expect(dup).toMatchObject({ changed: false, why: 'fill T1 already counted' })
    expect(t.get('a')).toMatchObject({
      state: 'partially-filled',
      filledQty: '0.40000000',
      venueOrderId: 'OAAAA',
    })
    t.apply(
      { orderId: 'OAAAA', protocol: 'fix', at: 4 },
      { kind: 'fill', tradeId: 'T2', qty: '0.6', price: '65000.0' },
    )
    expect(t.get('a')).toMatchObject({ state: 'filled', filledQty: '1.00000000' })
    expect(t.get('a')!.fills.map((f) => f.protocol)).toEqual(['ws', 'fix'])
  })

  it('never leaves a terminal state, but a fill that the cancel overtook still counts', () => {
    const t = new OrderTracker()
    t.submit(intent('b'), 0)
    t.apply({ clOrdId: 'b', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'OB' })
    t.apply({ clOrdId: 'b', protocol: 'ws', at: 2 }, { kind: 'cancelled', reason: 'User requested' })
    expect(t.apply({ clOrdId: 'b', protocol: 'ws', at: 3 }, { kind: 'open' }).changed).toBe(false) // a late 'new'
    t.apply(
      { clOrdId: 'b', protocol: 'ws', at: 4 },
      { kind: 'fill', tradeId: 'T9', qty: '0.25', price: '65000.0' },
    )
    expect(t.get('b')).toMatchObject({
      state: 'cancelled',
      filledQty: '0.25000000',
      reason: 'User requested',
    })
    t.submit(intent('c', { qty: '0.5' }), 0)
    t.apply({ clOrdId: 'c', protocol: 'ws', at: 1 }, { kind: 'cancelled' })
    t.apply(
      { clOrdId: 'c', protocol: 'ws', at: 2 },
      { kind: 'fill', tradeId: 'T10', qty: '0.5', price: '65000.0' },
    )
    expect(t.get('c')!.state).toBe('filled')
  })

  it('refuses a reused client order id and reports events for unknown orders', () => {
    const t = new OrderTracker()
    t.submit(intent('d'), 0)
    expect(() => t.submit(intent('d'), 1)).toThrow('client order id d is already in use')
    expect(t.apply({ orderId: 'NOPE', protocol: 'ws', at: 0 }, { kind: 'open' })).toEqual({
      changed: false,
      why: 'no order for NOPE',
    })
  })

  it('amends update the order and the age Kraken penalises', () => {
    const t = new OrderTracker()
    t.submit(intent('e'), 0)
    t.apply({ clOrdId: 'e', protocol: 'fix', at: 1 }, { kind: 'accepted', orderId: 'OE' })
    t.apply(
      { clOrdId: 'e', protocol: 'fix', at: 5000 },
      { kind: 'amended', qty: '2.00000000', limitPrice: '65001.0' },
    )
    expect(t.get('e')).toMatchObject({ qty: '2.00000000', limitPrice: '65001.0', lastChangedAt: 5000 })
  })

  it("a stop's new trigger alone is a change the trader sees (a stop dragged on the ladder)", () => {
    const t = new OrderTracker()
    t.submit(intent('s', { type: 'stop-loss', triggerPrice: '64990.0' }), 0)
    t.apply({ clOrdId: 's', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'OS' })
    const r = t.apply({ clOrdId: 's', protocol: 'ws', at: 2 }, { kind: 'amended', triggerPrice: '64995.0' })
    expect(r).toMatchObject({ changed: true, order: { triggerPrice: '64995.0' } })
  })

  it('counts working orders per instrument as they start, end and are read back (no copy of the working set)', () => {
    const t = new OrderTracker(0)
    const counts = () => [t.workingCount('BTC/USD'), t.workingCount('ETH/USD')]
    t.submit(intent('a'), 0)
    t.submit(intent('b'), 0)
    t.submit(intent('e', { symbol: 'ETH/USD' }), 0)
    expect(counts()).toEqual([2, 1])
    // an ack, a part fill and an amend keep it working: counted once
    t.apply({ clOrdId: 'a', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'OA' })
    t.apply(
      { clOrdId: 'a', protocol: 'ws', at: 2 },
      { kind: 'fill', tradeId: 'T1', qty: '0.5', price: '65000.0' },
    )
    t.apply({ clOrdId: 'a', protocol: 'ws', at: 3 }, { kind: 'amended', limitPrice: '64000.0' })
    expect(counts()).toEqual([2, 1])
    t.apply({ clOrdId: 'b', protocol: 'ws', at: 4 }, { kind: 'rejected', reason: 'no' })
    // an event for an ended order changes no count
    t.apply({ clOrdId: 'b', protocol: 'fix', at: 5 }, { kind: 'cancelled' })
    t.apply({ clOrdId: 'e', protocol: 'ws', at: 6 }, { kind: 'expired' })
    expect(counts()).toEqual([1, 0])
    // adopted: a working order read back from the journal counts, an ended one does not
    t.adopt({ ...intent('j'), state: 'open', createdAt: 7, lastChangedAt: 7, updatedAt: 7 })
    t.adopt({
      ...intent('k'),
      state: 'filled',
      filledQty: '1.00000000',
      createdAt: 7,
      lastChangedAt: 7,
      updatedAt: 7,
    })
    expect(counts()).toEqual([2, 0])
    expect(t.working().filter((o) => o.symbol === 'BTC/USD')).toHaveLength(2)
  })
})

describe('OrderRouter', () => {
  const r = new OrderRouter()
  const all: RouteContext = { links: { ws: true, fix: true, rest: true }, fixSession: 'S2' }
  const t = new OrderTracker()
  const wsOrder = t.submit(intent('w'), 0)
  const fixOrder = t.submit(intent('f', { protocol: 'fix', fixSession: 'S2' }), 0)
  const oldFix = t.submit(intent('o', { protocol: 'fix', fixSession: 'S1' }), 0)

  it('places over WS by default, over the override when it is up', () => {
    expect(r.place(all)).toEqual({ protocol: 'ws' })
    expect(r.place(all, 'fix')).toEqual({ protocol: 'fix' })
    expect(r.place({ ...all, links: { ws: false, fix: false, rest: true } })).toEqual({ protocol: 'rest' })
    expect(r.place({ ...all, links: { ws: true, fix: false, rest: true } }, 'fix')).toEqual({
      refused: 'FIX is not connected',
    })
  })

  it('amends and cancels FIX orders of this session over FIX; everything else over WS', () => {
    expect(r.modify('cancel', fixOrder, all)).toEqual({ protocol: 'fix' })
    expect(r.modify('amend', fixOrder, all)).toEqual({ protocol: 'fix' })
    expect(r.modify('cancel', wsOrder, all)).toEqual({ protocol: 'ws' })
    expect(r.modify('cancel', oldFix, all)).toMatchObject({
      protocol: 'ws',
      note: expect.stringContaining('earlier FIX session'),
    })
  })

  it('refuses a forced FIX cancel of an order FIX cannot reach, in words', () => {
    expect(r.modify('cancel', wsOrder, all, 'fix')).toEqual({
      refused:
        'FIX can cancel only orders placed on this FIX session; w was placed over WebSocket. Use WebSocket or REST, or a FIX mass cancel.',
    })
    expect(r.modify('amend', oldFix, all, 'fix')).toMatchObject({
      refused: expect.stringContaining('an earlier FIX session'),
    })
  })

  it('kill switch uses every protocol that is up', () => {
    expect(r.cancelEverything(all)).toEqual(['ws', 'fix', 'rest'])
    expect(r.cancelEverything({ ...all, links: { ws: false, fix: true, rest: true } })).toEqual([
      'fix',
      'rest',
    ])
  })

  it('keeps the working set as states change, in the order orders were first tracked', () => {
    const t = new OrderTracker()
    const ids = () => t.working().map((o) => o.clOrdId)
    t.submit(intent('a'), 0)
    t.submit(intent('b'), 0)
    t.submit(intent('c'), 0)
    expect(ids()).toEqual(['a', 'b', 'c'])
    t.apply({ clOrdId: 'a', protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: 'OA' })
    t.apply(
      { clOrdId: 'b', protocol: 'ws', at: 1 },
      { kind: 'fill', tradeId: 'T1', qty: '0.5', price: '65000.0' },
    )
    expect(ids()).toEqual(['a', 'b', 'c'])
    t.apply(
      { clOrdId: 'b', protocol: 'ws', at: 2 },
      { kind: 'fill', tradeId: 'T2', qty: '0.5', price: '65000.0' },
    )
    t.apply({ clOrdId: 'c', protocol: 'ws', at: 2 }, { kind: 'cancelled' })
    expect(ids()).toEqual(['a'])
    // a late report for a finished order does not bring it back
    t.apply({ clOrdId: 'c', protocol: 'rest', at: 3 }, { kind: 'accepted', orderId: 'OC' })
    expect(ids()).toEqual(['a'])
    t.adopt({
      ...intent('d'),
      state: 'open',
      createdAt: 4,
      lastChangedAt: 4,
      updatedAt: 4,
      venueOrderId: 'OD',
    })
    t.adopt({
      ...intent('e'),
      state: 'filled',
      createdAt: 4,
      lastChangedAt: 4,
      updatedAt: 4,
      venueOrderId: 'OE',
    })
    expect(ids()).toEqual(['a', 'd'])
    expect(t.all().map((o) => o.clOrdId)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('OrderTracker: finished orders are kept up to a bound (issue 20)', () => {
  const finish = (t: OrderTracker, id: string, at: number) => {
    t.submit(intent(id), at)
    t.apply({ clOrdId: id, protocol: 'ws', at }, { kind: 'accepted', orderId: `O${id}` })
    return t.apply(
      { clOrdId: id, protocol: 'ws', at },
      { kind: 'fill', tradeId: `T${id}`, qty: '1.0', price: '65000.0' },
    )
  }

  it('forgets the oldest finished orders past the bound, never a working one; recent ones still take late reports once', () => {
    const t = new OrderTracker(3)
    const forgotten: string[] = []
    t.onForget((o) => forgotten.push(o.clOrdId))
    t.submit(intent('w'), 0) // working all day: never forgotten, however old
    for (let i = 1; i <= 6; i++) finish(t, `f${i}`, i)
    expect(t.all().map((o) => o.clOrdId)).toEqual(['w', 'f4', 'f5', 'f6'])
    expect(forgotten).toEqual(['f1', 'f2', 'f3'])
    expect(t.get('f1')).toBeUndefined()
    expect(t.byOrderId('Of1')).toBeUndefined()
    // every fill of the session still counted, forgotten orders' included
    expect(t.fillCount()).toBe(6)
    // a report for a forgotten order changes nothing and brings nothing back
    expect(
      t.apply(
        { orderId: 'Of2', protocol: 'rest', at: 7 },
        { kind: 'fill', tradeId: 'Tf2', qty: '1.0', price: '65000.0' },
      ),
    ).toEqual({ changed: false, why: 'no order for Of2' })
    expect(t.all()).toHaveLength(4)
    // the newest finished are still found by venue id, and a repeated fill is still refused
    expect(t.byOrderId('Of4')?.clOrdId).toBe('f4')
    expect(
      t.apply(
        { orderId: 'Of4', protocol: 'rest', at: 8 },
        { kind: 'fill', tradeId: 'Tf4', qty: '1.0', price: '65000.0' },
      ),
    ).toMatchObject({ changed: false, why: 'fill Tf4 already counted' })
    // the working order still works and, once finished, is the newest kept
    t.apply({ clOrdId: 'w', protocol: 'ws', at: 9 }, { kind: 'cancelled' })
    expect(t.all().map((o) => o.clOrdId)).toEqual(['w', 'f5', 'f6'])
    expect(forgotten).toEqual(['f1', 'f2', 'f3', 'f4'])
  })

  it('keeps a finished order while something still needs it (a working bracket leg), outside the bound', () => {
    const t = new OrderTracker(2)
    const needed = new Set(['leg'])
    t.keepWhile((id) => needed.has(id))
    finish(t, 'leg', 1) // a bracket's first target, filled: the bracket still works
    for (let i = 2; i <= 5; i++) finish(t, `f${i}`, i)
    // the leg stays, and does not take one of the two places of the newest finished
    expect(t.all().map((o) => o.clOrdId)).toEqual(['leg', 'f4', 'f5'])
    expect(t.get('leg')?.filledQty).toBe('1.00000000')
    // the bracket is done: the leg goes at the next event like any old finished order
    needed.clear()
    finish(t, 'f6', 6)
    expect(t.all().map((o) => o.clOrdId)).toEqual(['f5', 'f6'])
  })

  it('a journal restore keeps every order until the next event (its fills are counted first)', () => {
    const t = new OrderTracker(2)
    for (let i = 1; i <= 4; i++)
      t.adopt({ ...intent(`r${i}`), state: 'cancelled', createdAt: i, lastChangedAt: i, updatedAt: i })
    expect(t.all()).toHaveLength(4)
    finish(t, 'n', 5)
    expect(t.all().map((o) => o.clOrdId)).toEqual(['r4', 'n'])
  })

  it('keeps twice the blotter history by default', () => {
    expect(FINISHED_KEPT).toBe(4000)
    const t = new OrderTracker()
    for (let i = 0; i < FINISHED_KEPT + 50; i++) finish(t, `o${String(i).padStart(5, '0')}`, i)
    expect(t.all()).toHaveLength(FINISHED_KEPT)
    expect(t.all()[0]!.clOrdId).toBe('o00050')
  })
})
