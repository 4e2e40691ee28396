import { describe, expect, it } from 'vitest'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { OrderOutcomes, type CancelNotes } from '../../../../src-main/features/orders/OrderOutcomes'
import { OrdersViews } from '../../../../src-main/features/orders/OrdersViews'
import { Positions } from '../../../../src-main/features/positions/Positions'
import { trackedOrder } from '../../../helpers/trackedOrder'

function outcomes(journal?: CancelNotes, finishedKept?: number) {
  const said: string[] = []
  const cancelled: string[] = []
  const tracker = new OrderTracker(finishedKept)
  const positions = new Positions({ mid: () => null, publish: () => {} })
  const views = new OrdersViews(tracker)
  const o = new OrderOutcomes({
    tracker,
    positions,
    views,
    notices: { notice: (level, text, kind) => said.push(`${level} ${kind} ${text}`) },
    publish: () => {},
    interestChanged: () => {},
    cancel: () => (id) => {
      cancelled.push(id)
      return Promise.resolve()
    },
    ...(journal ? { journal: () => journal } : {}),
  })
  const submit = (
    clOrdId: string,
    over: { side?: 'buy' | 'sell'; qty?: string; reduceOnly?: boolean } = {},
  ) =>
    tracker.submit(
      {
        clOrdId,
        symbol: 'BTC/USD',
        side: over.side ?? 'buy',
        type: 'limit',
        qty: over.qty ?? '0.01',
        limitPrice: '65000.0',
        tif: 'GTC',
        protocol: 'ws',
        qtyPrecision: 8,
        pricePrecision: 1,
        ...(over.reduceOnly ? { reduceOnly: true } : {}),
      },
      1,
    )
  const fill = (clOrdId: string, tradeId: string, qty: string) =>
    tracker.apply({ clOrdId, protocol: 'ws', at: 2 }, { kind: 'fill', tradeId, qty, price: '65000.0' })
  return { o, said, cancelled, tracker, positions, views, submit, fill }
}

describe('OrderOutcomes', () => {
  it('asked-for cancels are noted in the journal; a journal that cannot be written is said and holds nothing back', () => {
    const noted: string[][] = []
    const ok = outcomes({ noteCancelsAsked: (ids) => void noted.push([...ids]), clearCancelAsked: () => {} })
    ok.o.asked('a', 'b')
    expect(noted).toEqual([['a', 'b']])
    const full = outcomes({
      noteCancelsAsked: () => {
        throw new Error('database or disk is full')
      },
      clearCancelAsked: () => {},
    })
    // the kill switch's cancels: asked() must return (the cancel_all is sent right after it)
    expect(() => full.o.asked('a', 'b')).not.toThrow()
    expect(full.said).toEqual([
      'warn undefined Could not note in the journal that Trident asked to cancel 2 orders (database or disk is full); the cancel goes ahead',
    ])
    // and the cancel it asked for is still Trident's own: its end is not news
    full.submit('a')
    const r = full.tracker.apply(
      { clOrdId: 'a', protocol: 'ws', at: 3 },
      { kind: 'cancelled', reason: 'User requested' },
    )
    full.o.onOrder(r.order!)
    expect(full.said).toHaveLength(1)
  })

  it('a fill moves the position once, however often the order is reported', () => {
    const { o, said, positions, views, submit, fill } = outcomes()
    submit('a')
    const r = fill('a', 'BTC/USD:1', '0.004')
    o.onOrder(r.order!)
    o.onOrder(r.order!)
    expect(positions.net('BTC/USD')).toBe('0.00400000')
    expect(views.view().fills.map((f) => [f.tradeId, f.qty])).toEqual([['BTC/USD:1', '0.004']])
    expect(said).toEqual(['info fill Filled: bought 0.004 BTC/USD at 65000.0 (order a, ws)'])
  })

  it("the trader's own cancel is not news; a cancel they did not ask for is said with Kraken's reason in words", () => {
    const { o, said, tracker, submit } = outcomes()
    submit('mine')
    submit('stp')
    o.asked('mine')
    o.onOrder(
      tracker.apply(
        { clOrdId: 'mine', protocol: 'ws', at: 3 },
        { kind: 'cancelled', reason: 'User requested' },
      ).order!,
    )
    const r = tracker.apply(
      { clOrdId: 'stp', protocol: 'ws', at: 3 },
      { kind: 'cancelled', reason: 'self_trade_prevention' },
    )
    o.onOrder(r.order!)
    o.onOrder(r.order!)
    expect(said).toEqual([
      'error venue-cancel Buy 0.01 BTC/USD @ 65000.0 cancelled: self-trade prevention — it would have traded against your own order',
    ])
  })

  it('a reduce-only sell the position no longer allows is cancelled once, and said', () => {
    const { o, said, cancelled, submit, fill } = outcomes()
    submit('long', { qty: '0.01' })
    o.onOrder(fill('long', 'BTC/USD:1', '0.01').order!)
    submit('ro', { side: 'sell', qty: '0.01', reduceOnly: true })
    // the position is sold down by another order: 0.01 -> 0.004, and the reduce-only sell of 0.01 could flip it
    submit('s', { side: 'sell', qty: '0.006' })
    o.onOrder(fill('s', 'BTC/USD:2', '0.006').order!)
    o.onOrder(fill('s', 'BTC/USD:2', '0.006').order!)
    expect(cancelled).toEqual(['ro'])
    expect(said.filter((s) => s.includes('Reduce-only'))).toEqual([
      'warn venue-cancel Reduce-only ro cancelled: the BTC/USD position is now 0.00400000, and it could grow it',
    ])
  })

  it('forgets what it kept of an order once the tracker forgets the order; positions stay whole (issue 20)', () => {
    const { o, said, tracker, positions, submit, fill } = outcomes(undefined, 2)
    const held = (x: object, field: string) =>
      (x as Record<string, Map<string, unknown> | Set<string>>)[field]!.size
    for (let i = 1; i <= 6; i++) {
      submit(`c${i}`)
      o.asked(`c${i}`)
      o.onOrder(fill(`c${i}`, `T${i}`, '0.004').order!)
      o.onOrder(tracker.apply({ clOrdId: `c${i}`, protocol: 'ws', at: 3 }, { kind: 'cancelled' }).order!)
      submit(`r${i}`)
      o.onOrder(
        tracker.apply(
          { clOrdId: `r${i}`, protocol: 'ws', at: 3 },
          { kind: 'rejected', reason: 'EOrder:Insufficient funds' },
        ).order!,
      )
    }
    expect(tracker.all().map((x) => x.clOrdId)).toEqual(['c6', 'r6'])
    // every fill counted once, forgotten orders' included
    expect(positions.net('BTC/USD')).toBe('0.02400000')
    expect(held(o, 'told')).toBe(2)
    expect(held(o, 'cancelAsked')).toBe(1)
    expect(held(positions, 'applied')).toBe(1)
    // the newest still say nothing twice and count no fill twice
    o.onOrder(tracker.get('c6')!)
    o.onOrder(tracker.get('r6')!)
    expect(positions.net('BTC/USD')).toBe('0.02400000')
    expect(said.filter((s) => s.includes('rejected'))).toHaveLength(6)
    expect(said.filter((s) => s.includes('cancelled'))).toHaveLength(0)
  })

  it('folds forgotten orders into the journal with the base that holds their fills; a failed save is said once and retried', async () => {
    const saves: { ids: string[]; net: string }[] = []
    let full = true
    const journal: CancelNotes = {
      noteCancelsAsked: () => {},
      clearCancelAsked: () => {},
      foldOrders: (ids, base) => {
        if (full) throw new Error('database or disk is full')
        saves.push({ ids: [...ids], net: base.map((b) => `${b.symbol} ${b.net}`).join() })
      },
    }
    const { o, said: all, tracker, positions, submit, fill } = outcomes(journal, 1)
    const said = {
      get warnings() {
        return all.filter((x) => x.startsWith('warn'))
      },
    }
    const trade = (id: string, qty: string) => {
      submit(id)
      o.onOrder(fill(id, `T-${id}`, qty).order!)
      o.onOrder(tracker.apply({ clOrdId: id, protocol: 'ws', at: 3 }, { kind: 'filled' }).order!)
    }
    const afterTheEvent = () => new Promise<void>((r) => setImmediate(r))
    trade('a', '0.01')
    trade('b', '0.02') // a is forgotten
    await afterTheEvent()
    expect(saves).toEqual([])
    expect(said.warnings).toEqual([
      "warn undefined Could not save finished orders into the journal's position base (database or disk is full); the next start reads them in full",
    ])
    trade('c', '0.04') // b is forgotten; said once only
    await afterTheEvent()
    expect(said.warnings).toHaveLength(1)
    full = false
    trade('d', '0.08') // c is forgotten: a, b and c go together, with a base of their fills
    await afterTheEvent()
    expect(saves).toEqual([{ ids: ['a', 'b', 'c'], net: 'BTC/USD 7000000' }])
    // the live position is the base and the order still kept
    expect(positions.net('BTC/USD')).toBe('0.15000000')
    trade('e', '0.16')
    await afterTheEvent()
    expect(saves.at(-1)).toEqual({ ids: ['d'], net: 'BTC/USD 15000000' })
  })

  it('a late fill to the oldest restored order is counted once, and the order goes into the base with it, not before', async () => {
    const saves: { ids: string[]; net: string }[] = []
    const journal: CancelNotes = {
      noteCancelsAsked: () => {},
      clearCancelAsked: () => {},
      foldOrders: (ids, base) => void saves.push({ ids: [...ids], net: base.map((b) => b.net).join() }),
    }
    const { o, tracker, positions } = outcomes(journal, 1)
    // a first start after an upgrade: three finished orders read back whole (adopt never forgets)
    for (const [id, trade] of [
      ['a', 'T1'],
      ['b', 'T2'],
      ['c', 'T3'],
    ] as const)
      tracker.adopt(
        trackedOrder({
          clOrdId: id,
          state: 'cancelled',
          filledQty: '0.01000000',
          fills: [{ tradeId: trade, qty: '0.01000000', price: '65000.0', at: 5, protocol: 'ws' }],
        }),
      )
    o.onRestored()
    expect(positions.net('BTC/USD')).toBe('0.03000000')
    // the reconcile finds a fill of the oldest that beat its cancel: the event that brings it must
    // not forget that order before its fill is counted
    const r = tracker.apply(
      { clOrdId: 'a', protocol: 'rest', at: 9 },
      { kind: 'fill', tradeId: 'T4', qty: '0.00100000', price: '65000.0' },
    )
    expect(r.changed).toBe(true)
    o.onOrder(r.order!)
    expect(positions.net('BTC/USD')).toBe('0.03100000')
    await new Promise<void>((done) => setImmediate(done))
    // b went with this event (the bound is 1 and a was kept for it): its fill alone is in the base
    expect(saves).toEqual([{ ids: ['b'], net: '1000000' }])
    // the next event lets a go, with both its fills
    o.onOrder(tracker.apply({ clOrdId: 'c', protocol: 'rest', at: 10 }, { kind: 'cancelled' }).order!)
    await new Promise<void>((done) => setImmediate(done))
    expect(saves.at(-1)).toEqual({ ids: ['a'], net: '2100000' })
    expect(positions.net('BTC/USD')).toBe('0.03100000')
  })

  it('margin and derivatives fills are folded without moving the spot base', async () => {
    const saves: string[] = []
    const journal: CancelNotes = {
      noteCancelsAsked: () => {},
      clearCancelAsked: () => {},
      foldOrders: (ids, base) => void saves.push(`${ids.join()}: ${JSON.stringify(base)}`),
    }
    const { o, tracker } = outcomes(journal, 0)
    const filled = (id: string, over: object) => {
      tracker.adopt(
        trackedOrder({
          clOrdId: id,
          state: 'filled',
          filledQty: '0.00100000',
          fills: [{ tradeId: `T-${id}`, qty: '0.00100000', price: '65000.0', at: 5, protocol: 'ws' }],
          ...over,
        }),
      )
    }
    filled('m', { leverage: '2' })
    filled('d', { symbol: 'PF_XBTUSD' })
    filled('x', { state: 'open', filledQty: '0.00000000', fills: [] })
    o.onRestored()
    o.onOrder(tracker.apply({ clOrdId: 'x', protocol: 'ws', at: 9 }, { kind: 'cancelled' }).order!)
    await new Promise<void>((done) => setImmediate(done))
    expect(saves).toEqual(['m,d: []'])
  })

  it('an order forgotten and adopted again in the same turn is not marked folded; the fills its base holds are, by trade id', async () => {
    const saves: { ids: string[]; trades: string[] }[] = []
    const journal: CancelNotes = {
      noteCancelsAsked: () => {},
      clearCancelAsked: () => {},
      foldOrders: (ids, _base, trades = []) => void saves.push({ ids: [...ids], trades: [...trades] }),
    }
    const { o, tracker, submit, fill } = outcomes(journal, 0)
    submit('a')
    o.onOrder(fill('a', 'T1', '0.01').order!)
    o.onOrder(tracker.apply({ clOrdId: 'a', protocol: 'ws', at: 3 }, { kind: 'cancelled' }).order!)
    submit('b')
    o.onOrder(
      tracker.apply({ clOrdId: 'b', protocol: 'ws', at: 4 }, { kind: 'rejected', reason: 'no' }).order!,
    ) // a goes
    expect(tracker.get('a')).toBeUndefined()
    // before the fold is saved, Kraken lists a as working: adopted again under its id
    tracker.adopt(
      trackedOrder({
        clOrdId: 'a',
        state: 'open',
        filledQty: '0.01000000',
        fills: [{ tradeId: 'T1', qty: '0.01000000', price: '65000.0', at: 2, protocol: 'rest' }],
      }),
    )
    await new Promise<void>((done) => setImmediate(done))
    expect(saves).toEqual([{ ids: [], trades: ['T1'] }])
  })
})
