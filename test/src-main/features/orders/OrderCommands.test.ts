import { describe, expect, it } from 'vitest'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'
import { OrderRefused, type PlaceRequest } from '../../../../src-main/core/orders/PlaceRequest'
import { DEFAULT_LIMITS, RiskManager } from '../../../../src-main/core/risk/RiskManager'
import { OrderCommands, type OrderEntry } from '../../../../src-main/features/orders/OrderCommands'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

class Refused extends Error {}

function commands(entry: Partial<OrderEntry> | null, tracker = new OrderTracker(), risk = new RiskManager()) {
  const said: string[] = []
  const asked: string[] = []
  const unasked: string[] = []
  const rejected: string[] = []
  const c = new OrderCommands({
    entry: () => entry as OrderEntry | null,
    instrument: (s) => (conformanceRegistry.has(s) ? conformanceRegistry.resolve(s) : null),
    tracker,
    risk,
    mid: () => '65000.0',
    net: () => '0',
    notices: { notice: (level, text, kind) => said.push(`${level} ${kind ?? 'note'} ${text}`) },
    refuse: (text) => {
      said.push(`warn refusal ${text}`)
      throw new Refused(text)
    },
    refuseQuietly: (text) => {
      throw new Refused(text)
    },
    cancelAsked: (id) => asked.push(id),
    cancelNotSent: (id) => unasked.push(id),
    sayRejected: (o) => rejected.push(o.clOrdId),
    now: () => 1_000,
  })
  return { c, said, asked, unasked, rejected }
}

const buy = { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01', limitPrice: '65000.0' } as const

describe('OrderCommands', () => {
  it('before the venue is up an order is refused in words to the caller, with no notice', async () => {
    const { c, said } = commands(null)
    await expect(c.place(buy)).rejects.toThrow(
      'Trading is not available yet: the venue connection is still starting',
    )
    expect(said).toEqual([])
  })

  it("the order service's refusal is said as a refusal and thrown; a venue reject is said once, by the outcomes", async () => {
    const sent: PlaceRequest[] = []
    const { c, said, rejected } = commands({
      place: (r: PlaceRequest) => {
        sent.push(r)
        if (sent.length === 1) return Promise.reject(new OrderRefused('WebSocket is not connected'))
        return Promise.resolve({
          clOrdId: 'x',
          state: 'rejected',
          reason: 'Insufficient funds',
        } as TrackedOrder)
      },
    })
    await expect(c.place({ ...buy, protocol: 'ws' })).rejects.toThrow('WebSocket is not connected')
    expect(said).toEqual(['warn refusal WebSocket is not connected'])
    expect(sent[0]).toEqual({ ...buy, tif: 'GTC', protocol: 'ws' })
    // a different order (no duplicate question): rejected by the venue
    expect(await c.place({ ...buy, qty: '0.02' })).toEqual({
      clOrdId: 'x',
      state: 'rejected',
      reason: 'Insufficient funds',
    })
    expect(rejected).toEqual(['x'])
  })

  it("the open-orders limit counts the instrument's working orders as they start and end", async () => {
    const tracker = new OrderTracker()
    const risk = new RiskManager({ ...DEFAULT_LIMITS, maxOpenOrders: 2 })
    const sent: PlaceRequest[] = []
    const { c, said } = commands(
      {
        place: (r: PlaceRequest) => (
          sent.push(r),
          Promise.resolve({ clOrdId: 'x', state: 'open' } as TrackedOrder)
        ),
      },
      tracker,
      risk,
    )
    const work = (clOrdId: string, symbol: string) =>
      tracker.submit(
        {
          clOrdId,
          symbol,
          side: 'buy',
          type: 'limit',
          qty: '0.01',
          limitPrice: '1000.0',
          tif: 'GTC',
          protocol: 'ws',
          qtyPrecision: 8,
          pricePrecision: 1,
        },
        1,
      )
    work('b1', 'BTC/USD')
    work('b2', 'BTC/USD')
    work('e1', 'ETH/USD')
    await expect(c.place(buy)).rejects.toThrow('You already have 2 working orders (limit 2)')
    expect(said).toEqual(['warn refusal You already have 2 working orders (limit 2)'])
    // one ends: room for one more
    tracker.apply({ clOrdId: 'b1', protocol: 'ws', at: 2 }, { kind: 'cancelled' })
    await c.place(buy)
    expect(sent).toHaveLength(1)
  })

  it('a cancel marks the order as asked for before it is sent; a failure is said as an error and thrown', async () => {
    const { c, said, asked } = commands({ cancel: () => Promise.reject(new Error('EOrder:Unknown order')) })
    await expect(c.cancel({ clOrdId: 'a' })).rejects.toThrow('EOrder:Unknown order')
    expect(asked).toEqual(['a'])
    expect(said).toEqual(['error note EOrder:Unknown order'])
  })

  it("a cancel refused before it leaves (the rate budget) is not Trident's after all; one the venue refused stays asked", async () => {
    const budget = commands({
      cancel: () =>
        Promise.reject(
          new OrderRefused("cancel on BTC/USD would take Kraken's trading counter to 61.0 of 60; wait 1.0 s"),
        ),
    })
    await expect(budget.c.cancel({ clOrdId: 'a' })).rejects.toThrow('wait 1.0 s')
    expect([budget.asked, budget.unasked]).toEqual([['a'], ['a']])
    // refused by the venue: the cancel left, so what becomes of the order is still Trident's doing
    const venue = commands({ cancel: () => Promise.reject(new Error('EOrder:Unknown order')) })
    await expect(venue.c.cancel({ clOrdId: 'b' })).rejects.toThrow('EOrder:Unknown order')
    expect([venue.asked, venue.unasked]).toEqual([['b'], []])
  })

  it('before the venue is up a cancel is refused and nothing is marked as asked', async () => {
    const { c, asked } = commands(null)
    await expect(c.cancel({ clOrdId: 'a' })).rejects.toThrow('Trading is not available yet')
    expect(asked).toEqual([])
  })
})
