import { describe, expect, it } from 'vitest'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { ChaseOrders } from '../../../../src-main/features/brackets/ChaseOrders'
import type { OrderEntry } from '../../../../src-main/features/orders/OrderCommands'

const BTC = { id: 'BTC/USD', pricePrecision: 1, qtyPrecision: 8, tickSize: '0.1' } as Instrument

/** chases over a real tracker: each starts a limit buy at the bid, which the venue then ends */
function setup(kept: number) {
  const tracker = new OrderTracker()
  const amends: [string, string | undefined][] = []
  const touch = { bid: '65000.0', ask: '65000.1' }
  const entry = {
    amend: (clOrdId: string, c: { limitPrice?: string }) => {
      amends.push([clOrdId, c.limitPrice])
      return Promise.resolve()
    },
  } as unknown as OrderEntry
  const chases = new ChaseOrders(
    {
      entry: () => entry,
      tracker,
      instrument: () => BTC,
      touch: () => touch,
      notices: { notice: () => {} },
      rateRoom: () => true,
      refuse: (t) => {
        throw new Error(t)
      },
      publish: () => {},
      interestChanged: () => {},
      now: () => 0,
    },
    kept,
  )
  let seq = 0
  const start = async () => {
    const clOrdId = `C${++seq}`
    await chases.start(
      { symbol: 'BTC/USD', side: 'buy', qty: '0.1', offsetTicks: 0, maxChaseTicks: 50 },
      async (limitPrice) => {
        tracker.submit(
          {
            clOrdId,
            symbol: 'BTC/USD',
            side: 'buy',
            type: 'limit',
            qty: '0.1',
            limitPrice,
            tif: 'GTC',
            protocol: 'ws',
            qtyPrecision: 8,
            pricePrecision: 1,
          },
          0,
        )
        return { clOrdId, state: 'pending-new' }
      },
    )
    const r = tracker.apply({ clOrdId, protocol: 'ws', at: 1 }, { kind: 'accepted', orderId: `O${seq}` })
    chases.onOrder(r.order!)
    return clOrdId
  }
  const end = (clOrdId: string, kind: 'cancelled' | 'fill') => {
    const r = tracker.apply(
      { clOrdId, protocol: 'ws', at: 2 },
      kind === 'fill' ? { kind: 'fill', tradeId: `T-${clOrdId}`, qty: '0.1', price: '65000.0' } : { kind },
    )
    chases.onOrder(r.order!)
  }
  return { chases, start, end, touch, amends }
}

describe('ChaseOrders (issue 20: a day of chases is bounded)', () => {
  it('keeps the newest ended chases up to its bound; chases still working are never dropped', async () => {
    const { chases, start, end } = setup(2)
    const working = await start()
    const ended: string[] = []
    for (let i = 0; i < 5; i++) {
      const id = await start()
      end(id, i % 2 ? 'fill' : 'cancelled')
      ended.push(id)
    }
    expect(chases.view().map((c) => [c.clOrdId, c.state])).toEqual([
      [working, 'chasing'],
      [ended[3], 'filled'],
      [ended[4], 'done'],
    ])
    expect(chases.kept).toBe(3)
    expect(chases.instruments()).toEqual(['BTC/USD'])
  })

  it('a chase still follows the touch after older ones were forgotten', async () => {
    const { chases, start, end, touch, amends } = setup(0)
    end(await start(), 'cancelled')
    const id = await start()
    expect(chases.kept).toBe(1)
    touch.bid = '65000.5'
    chases.onTop('BTC/USD')
    expect(amends).toEqual([[id, '65000.5']])
  })
})
