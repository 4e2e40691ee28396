import { describe, expect, it } from 'vitest'
import { TradingDesk } from '../../../../src-main/features/trading/TradingDesk'
import type { Instrument } from '../../../../src-main/core/instruments/InstrumentRegistry'
import { OrderTracker, type TrackedOrder } from '../../../../src-main/core/orders/OrderTracker'

/** A filled order as the tracker reports it (one fill). */
function filled(clOrdId: string, side: 'buy' | 'sell', qty: string, price: string): TrackedOrder {
  return {
    clOrdId,
    symbol: 'BTC/USD',
    side,
    type: 'limit',
    qty,
    limitPrice: price,
    tif: 'GTC',
    protocol: 'ws',
    qtyPrecision: 8,
    pricePrecision: 1,
    state: 'filled',
    filledQty: qty,
    fills: [{ tradeId: `t-${clOrdId}`, qty, price, at: 1, protocol: 'ws' }],
    createdAt: 1,
    lastChangedAt: 1,
    updatedAt: 1,
  } as TrackedOrder
}

describe('position marks: where the position would close', () => {
  it('long at the bid, short at the ask, flat at the mid; the core is told which books to follow', () => {
    const top = { bid: '65000.0' as string | null, ask: '65001.0' as string | null }
    const followed: string[][] = []
    const published: string[] = []
    const t = new TradingDesk({
      execution: () => null,
      instrument: () => ({ id: 'BTC/USD' }) as Instrument,
      tracker: new OrderTracker(),
      mid: () => '65000.50',
      touch: () => top,
      publish: (x) => published.push(x),
      watchBooks: (s) => followed.push([...s]),
    })
    expect(followed).toEqual([])
    t.outcomes.onOrder(filled('a', 'buy', '0.14', '64990.0'))
    expect(followed).toEqual([['BTC/USD']])
    const long = () => t.positions.view().positions[0]!
    // 0.14 x (65000.0 - 64990.0) = 1.400
    expect(long()).toMatchObject({
      net: '0.14000000',
      mark: '65000.0',
      markSource: 'bid',
      unrealisedPnl: '1.400',
    })
    // the book moves, no fill: the next view is marked at the new bid, and positions are pushed
    top.bid = '65001.3'
    published.length = 0
    t.onTopOfBook('BTC/USD')
    expect(published).toEqual(['positions'])
    expect(long()).toMatchObject({ mark: '65001.3', unrealisedPnl: '1.582' })
    // short: at the ask
    t.outcomes.onOrder(filled('b', 'sell', '0.24', '65000.0'))
    expect(long()).toMatchObject({
      net: '-0.10000000',
      mark: '65001.0',
      markSource: 'ask',
      unrealisedPnl: '-0.100',
    })
    // no offers: the mid
    top.ask = null
    expect(long()).toMatchObject({ mark: '65000.50', markSource: 'mid' })
    // flat: the mid
    top.ask = '65001.0'
    t.outcomes.onOrder(filled('c', 'buy', '0.10', '65000.0'))
    expect(long()).toMatchObject({
      net: '0.00000000',
      mark: '65000.50',
      markSource: 'mid',
      unrealisedPnl: '0.000',
    })
    // flat: main lets the book go
    expect(followed.at(-1)).toEqual([])
  })

  it('books of waiting alerts are followed; a fired alert lets its book go', () => {
    const followed: string[][] = []
    const t = new TradingDesk({
      execution: () => null,
      instrument: () => ({ id: 'ETH/USD' }) as Instrument,
      tracker: new OrderTracker(),
      mid: () => null,
      publish: () => {},
      watchBooks: (s) => followed.push([...s]),
    })
    t.alerts.add({ symbol: 'ETH/USD', op: 'above', price: '4000.00' })
    expect(followed).toEqual([['ETH/USD']])
    t.alerts.check('ETH/USD', '3999.99')
    expect(followed).toHaveLength(1)
    t.alerts.check('ETH/USD', '4000.00')
    expect(t.alerts.view().alerts[0]!.triggerMid).toBe('4000.00')
    expect(followed).toEqual([['ETH/USD'], []])
  })
})
