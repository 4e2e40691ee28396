import { describe, expect, it } from 'vitest'
import type { ExitTemplate } from '../../../../src-main/core/brackets/exitTemplate'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import type { PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { BracketDesk } from '../../../../src-main/features/brackets/BracketDesk'
import { BracketJournal } from '../../../../src-main/store/BracketJournal'
import { OrderJournal } from '../../../../src-main/store/OrderJournal'
import { openDb } from '../../../../src-main/store/TridentDb'
import { trackedOrder } from '../../../helpers/trackedOrder'

const BTC = {
  id: 'BTC/USD',
  pricePrecision: 1,
  qtyPrecision: 8,
  tickSize: '0.1',
  ordermin: '0.00005',
  costmin: '0.5',
} as Instrument
const template: ExitTemplate = {
  id: 't1',
  name: 'Scalp',
  targets: [{ offset: { ticks: 20 }, percent: 100 }],
  stop: { offset: { ticks: 20 }, type: 'stop-loss' },
}

/**
 * The desk over a stand-in order service that does what the real one does in the same turn:
 * the order is tracked and claimed (desk.onNew) before its bytes would leave, and told
 * (desk.onOrder) after; what the journal held as the bytes left is recorded per send.
 */
function setup(
  halted: string | null = null,
  now = 1_000,
  touch = { bid: null as string | null, ask: null as string | null },
  bounds: { finishedKept?: number; trackerKept?: number } = {},
  counter: { targetsHeld?: boolean; rateRoom?: () => boolean } = {},
) {
  const tracker = new OrderTracker(bounds.trackerKept)
  const journal = new BracketJournal(openDb(':memory:'), 'test')
  const notices: string[] = []
  const sent: { req: PlaceRequest; clOrdId: string; journaled: unknown }[] = []
  const amends: ([string, unknown] | [string, unknown, 'protective'])[] = []
  const cancels: string[] = []
  /** while set, an amend's answer waits for it (the venue has not answered yet) */
  let gate: Promise<void> | null = null
  let seq = 0
  const entry = {
    place(req: PlaceRequest): Promise<TrackedOrder> {
      const clOrdId = String(++seq).padStart(18, '0')
      const o = tracker.submit(
        {
          clOrdId,
          symbol: req.symbol,
          side: req.side,
          type: req.type,
          qty: req.qty,
          tif: req.tif,
          protocol: 'ws',
          qtyPrecision: 8,
          pricePrecision: 1,
          ...(req.limitPrice ? { limitPrice: req.limitPrice } : {}),
          ...(req.triggerPrice ? { triggerPrice: req.triggerPrice } : {}),
        },
        0,
      )
      desk.onNew(o)
      // the bytes leave now: what does the bracket journal hold?
      sent.push({
        req,
        clOrdId,
        journaled: journal.brackets().map((b) => [b.stop.clOrdId, b.targets[0]!.clOrdId]),
      })
      desk.onOrder(o, false)
      return Promise.resolve(o)
    },
    amend: (clOrdId: string, changes: unknown) => {
      amends.push([clOrdId, changes])
      return gate ?? Promise.resolve()
    },
    // the desk's own shrinks and resizes, marked so they may use the counter's kept points
    amendProtective: (clOrdId: string, changes: unknown) => {
      amends.push([clOrdId, changes, 'protective' as const])
      return gate ?? Promise.resolve()
    },
    cancel: (clOrdId: string) => {
      cancels.push(clOrdId)
      return Promise.resolve()
    },
    cancelAllAfter: () => Promise.resolve(0),
    cancelEverything: () => Promise.resolve([]),
  }
  const desk: BracketDesk = new BracketDesk({
    entry: () => entry,
    tracker,
    instrument: () => BTC,
    touch: () => touch,
    notices: { notice: (_l, text) => void notices.push(text) },
    cancelAsked: () => {},
    journal: () => journal,
    publish: () => {},
    halted: () => halted,
    now: () => now,
    ...(bounds.finishedKept !== undefined ? { finishedKept: bounds.finishedKept } : {}),
    // the balance cannot hold a target beside the stop: Trident holds it and fires it at the touch
    ...(counter.targetsHeld ? { room: (_s: string, l: { role: string }) => l.role !== 'target' } : {}),
    ...(counter.rateRoom ? { rateRoom: counter.rateRoom } : {}),
  })
  const fill = async (id: string, qty: string) => {
    const r = tracker.apply(
      { clOrdId: id, protocol: 'ws', at: 1 },
      { kind: 'fill', tradeId: `T${qty}`, qty, price: '65000.0' },
    )
    if (r.changed) desk.onOrder(r.order, false)
    await new Promise((r) => setImmediate(r))
  }
  /** the venue says something of an order, and the desk hears it as from OrderOutcomes */
  const venue = (clOrdId: string, e: Parameters<OrderTracker['apply']>[1]) => {
    const r = tracker.apply({ clOrdId, protocol: 'ws', at: 2 }, e)
    if (r.changed) desk.onOrder(r.order, false)
  }
  /** a limit buy of 0.1 at 65000.0 placed with the template, then filled whole: its client order id */
  const buyFilled = async (t: ExitTemplate): Promise<string> => {
    const r = await desk.placeEntry(t, async () => {
      const o = await entry.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.10000000',
        limitPrice: '65000.0',
        tif: 'GTC',
      })
      return { clOrdId: o.clOrdId, state: o.state }
    })
    const id = 'clOrdId' in r ? r.clOrdId : ''
    await fill(id, '0.10000000')
    return id
  }
  const holdAmends = (): (() => void) => {
    let open: () => void = () => {}
    gate = new Promise((r) => (open = r))
    return () => {
      gate = null
      open()
    }
  }
  return { desk, entry, sent, notices, fill, journal, amends, cancels, venue, holdAmends, buyFilled, tracker }
}

describe('BracketDesk', () => {
  it("each leg's client order id is in the bracket journal before the leg is sent", async () => {
    const { desk, entry, sent, fill } = setup()
    const r = await desk.placeEntry(template, async () => {
      const o = await entry.place({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.10000000',
        limitPrice: '65000.0',
        tif: 'GTC',
      })
      return { clOrdId: o.clOrdId, state: o.state }
    })
    expect(sent[0]!.journaled).toEqual([]) // the entry: no bracket yet
    await fill('clOrdId' in r ? r.clOrdId : '', '0.10000000')
    expect(sent.slice(1).map((s) => [s.req.type, s.req.qty, s.req.limitPrice ?? s.req.triggerPrice])).toEqual(
      [
        ['stop-loss', '0.10000000', '64998.0'],
        ['limit', '0.10000000', '65002.0'],
      ],
    )
    // the stop is journaled with its id as it leaves; the target with its own as it leaves
    expect(sent[1]!.journaled).toEqual([[sent[1]!.clOrdId, undefined]])
    expect(sent[2]!.journaled).toEqual([[sent[1]!.clOrdId, sent[2]!.clOrdId]])
  })

  it('with the kill switch engaged no leg is sent, and the trader is told the fill is unprotected', async () => {
    const { sent, notices, buyFilled } = setup(
      'Trading is stopped by the kill switch. Re-arm it to trade again.',
    )
    const id = await buyFilled(template)
    expect(sent).toHaveLength(1) // the entry only
    expect(notices).toEqual([
      `Bracket ${id}-1 (0.10000000 BTC/USD from 65000.0): stop not placed: Trading is stopped by the kill switch. Re-arm it to trade again. The fill is not protected by it`,
      `Bracket ${id}-1 (0.10000000 BTC/USD from 65000.0): target not placed: Trading is stopped by the kill switch. Re-arm it to trade again. The fill is not protected by it`,
    ])
  })

  it("a template's time limit makes the legs good till then, at Kraken (GTD)", async () => {
    const { sent, buyFilled } = setup(null, 1_700_000_000_000)
    await buyFilled({ ...template, timeLimitSec: 90 })
    expect(sent.slice(1).map((s) => [s.req.type, s.req.tif, s.req.expireAt])).toEqual([
      ['stop-loss', 'GTD', 1_700_000_090_000],
      ['limit', 'GTD', 1_700_000_090_000],
    ])
  })

  it('a stop the trader tightened by hand is the one breakeven starts from: never moved back to the entry', async () => {
    const touch = { bid: '65000.0' as string | null, ask: '65000.1' as string | null }
    const { desk, sent, journal, amends, venue, buyFilled } = setup(null, 1_000, touch)
    await buyFilled({ ...template, breakevenAfterTicks: 10 })
    const stop = sent[1]!.clOrdId
    expect(sent[1]!.req.triggerPrice).toBe('64998.0')
    venue(stop, { kind: 'accepted', orderId: 'O-STOP' })
    // the trader drags the stop above the entry, to 65001.0; Kraken's amended report says so
    venue(stop, { kind: 'amended', triggerPrice: '65001.0' })
    expect(journal.brackets()[0]!.stop.triggerPrice).toBe('65001.0')
    // the market runs 30 ticks in favour: breakeven (65000.0) is behind the trader's stop
    touch.bid = '65003.0'
    touch.ask = '65003.1'
    desk.onTop('BTC/USD')
    await new Promise((r) => setImmediate(r))
    expect(amends).toEqual([])
  })

  it("a stop the trader moves while the desk's own breakeven amend is on its way is the trader's", async () => {
    const touch = { bid: '65000.0' as string | null, ask: '65000.1' as string | null }
    const { desk, sent, journal, amends, venue, holdAmends, buyFilled } = setup(null, 1_000, touch)
    await buyFilled({ ...template, breakevenAfterTicks: 10 })
    const stop = sent[1]!.clOrdId
    venue(stop, { kind: 'accepted', orderId: 'O-STOP' })
    // 30 ticks up: breakeven asks Kraken to move the stop 64998.0 -> 65000.0; no answer yet
    const answer = holdAmends()
    touch.bid = '65003.0'
    desk.onTop('BTC/USD')
    expect(amends).toEqual([[stop, { triggerPrice: '65000.0' }]])
    // Kraken applies it, then the trader's drag to 65002.0, both reported before the desk's answer
    venue(stop, { kind: 'amended', triggerPrice: '65000.0' })
    venue(stop, { kind: 'amended', triggerPrice: '65002.0' })
    answer()
    await new Promise((r) => setImmediate(r))
    expect(journal.brackets()[0]!.stop.triggerPrice).toBe('65002.0')
  })
})

describe('BracketDesk: a held target fires only while the pair has counter room', () => {
  it('the bid at its target fires it (the stop is cancelled to free the balance) only under half the counter', async () => {
    const touch = { bid: '65000.0' as string | null, ask: '65000.1' as string | null }
    let room = false
    const { desk, sent, cancels, venue, buyFilled } = setup(
      null,
      1_000,
      touch,
      {},
      {
        targetsHeld: true,
        rateRoom: () => room,
      },
    )
    await buyFilled(template)
    // the stop alone is sent; the target (65002.0) is held in Trident
    expect(sent.map((x) => x.req.type)).toEqual(['limit', 'stop-loss'])
    venue(sent[1]!.clOrdId, { kind: 'accepted', orderId: 'O-STOP' })
    touch.bid = '65002.0'
    touch.ask = '65002.1'
    // a firing is a round trip of requests at a second's pace: not while the counter is over half,
    // where it would spend the points kept for cancels and one-cancels-other
    desk.onTop('BTC/USD')
    await new Promise((r) => setImmediate(r))
    expect(cancels).toEqual([])
    room = true
    desk.onTop('BTC/USD')
    await new Promise((r) => setImmediate(r))
    expect(cancels).toEqual([sent[1]!.clOrdId])
  })
})

describe('BracketDesk: what it still reads of the tracker (memory over a trading day)', () => {
  it('needs its entry and the legs of a working bracket; a done bracket needs no leg', async () => {
    const { desk, sent, venue, buyFilled } = setup()
    const entryId = await buyFilled(template)
    const [stopId, targetId] = [sent[1]!.clOrdId, sent[2]!.clOrdId]
    expect([
      desk.needs(entryId),
      desk.needs(stopId),
      desk.needs(targetId),
      desk.needs('000000000000000099'),
    ]).toEqual([true, true, true, false])
    // the target fills whole: the stop is cancelled, the bracket is done
    venue(targetId, { kind: 'accepted', orderId: 'OT' })
    venue(targetId, { kind: 'fill', tradeId: 'TT', qty: '0.10000000', price: '65010.0' })
    venue(stopId, { kind: 'cancelled' })
    expect([desk.needs(stopId), desk.needs(targetId)]).toEqual([false, false])
    // its order filled, its fill protected, its bracket done: the entry is finished too
    expect(desk.needs(entryId)).toBe(false)
  })

  it('forgets the oldest finished entries past its bound, and the tracker then forgets their orders', async () => {
    const { desk, sent, venue, buyFilled, tracker, journal } = setup(null, 1_000, undefined, {
      finishedKept: 3,
      trackerKept: 2,
    })
    tracker.keepWhile((id) => desk.needs(id)) // as registerBrackets wires it
    const entries: string[] = []
    for (let i = 0; i < 8; i++) {
      entries.push(await buyFilled(template))
      const [stopId, targetId] = [sent.at(-2)!.clOrdId, sent.at(-1)!.clOrdId]
      venue(targetId, { kind: 'accepted', orderId: `OT${i}` })
      venue(targetId, { kind: 'fill', tradeId: `TT${i}`, qty: '0.10000000', price: '65010.0' })
      venue(stopId, { kind: 'cancelled' })
    }
    expect(desk.book.sizes).toEqual({ entries: 3, brackets: 3, legs: 6 })
    expect([...desk.book.entries.keys()]).toEqual(entries.slice(5))
    // nothing reads a finished entry's order: the tracker keeps its own two finished orders and
    // the last entry (still needed when the tracker last looked, a moment before its bracket ended)
    expect(tracker.get(entries[0]!)).toBeUndefined()
    expect(tracker.all().length).toBeLessThanOrEqual(3)
    // the journal keeps every bracket
    expect(journal.brackets()).toHaveLength(8)
  })

  it('after a restart, an entry whose order the order journal folded has ended: it goes, and one not folded stays', () => {
    const db = openDb(':memory:')
    const journal = new BracketJournal(db, 'test')
    const orders = new OrderJournal(db, 'test')
    // two limit entries cancelled unfilled (no bracket) in earlier sessions; one was folded since
    for (const id of ['000000000000000001', '000000000000000002']) {
      journal.saveEntry({
        entryClOrdId: id,
        symbol: 'BTC/USD',
        side: 'buy',
        template,
        covered: [],
        createdAt: 1,
      })
      orders.saveOrder(trackedOrder({ clOrdId: id, state: 'cancelled' }))
    }
    orders.foldOrders(['000000000000000001'], [])
    const desk = new BracketDesk({
      entry: () => null,
      tracker: new OrderTracker(), // a start reads no folded order: the tracker has neither here
      instrument: () => BTC,
      touch: () => ({ bid: null, ask: null }),
      notices: { notice: () => {} },
      cancelAsked: () => {},
      journal: () => journal,
      publish: () => {},
      halted: () => null,
      finishedKept: 0,
    })
    desk.onRecovered()
    expect([desk.needs('000000000000000001'), desk.needs('000000000000000002')]).toEqual([false, true])
  })
})
