import { describe, expect, it } from 'vitest'
import {
  addTradeVolume,
  buildLadderRows,
  centreOf,
  ladderRows,
  myOrdersByPrice,
  newTradeMarks,
  recentreTo,
  touchOutside,
} from '../../../src-renderer/panels/ladderModel'
import type { BookView, OrderView } from '../../../src-preload/contract/types'

const book = (bids: [string, string][], asks: [string, string][]): BookView => ({
  symbol: 'BTC/USD',
  bids,
  asks,
  tickSize: '0.1',
  pricePrecision: 1,
  qtyPrecision: 8,
  status: 'live',
  updates: 0,
  checksumFailures: 0,
  updatedAt: 0,
})

describe('ladder model', () => {
  const b = book(
    [
      ['100.0', '1.00000000'],
      ['99.8', '3.00000000'],
    ],
    [
      ['100.3', '2.00000000'],
      ['100.4', '0.50000000'],
    ],
  )
  it('centres on the mid snapped to the tick grid', () => {
    expect(centreOf(b)).toBe(1002) // (1000 + 1003) / 2 = 1001.5 -> 1002
    expect(centreOf(book([], []))).toBeNull()
    expect(centreOf(book([['5.0', '1']], []))).toBe(50)
  })
  it('lays out one row per tick, highest price first, with exact quantities and best markers', () => {
    const rows = buildLadderRows(b, 1002, 7)
    expect(rows.map((r) => r.priceText)).toEqual([
      '100.5',
      '100.4',
      '100.3',
      '100.2',
      '100.1',
      '100.0',
      '99.9',
    ])
    expect(rows.find((r) => r.bestAsk)?.priceText).toBe('100.3')
    expect(rows.find((r) => r.bestBid)?.priceText).toBe('100.0')
    expect(rows[1]!.askQty).toBe('0.50000000')
    expect(rows[5]!.bidQty).toBe('1.00000000')
    expect(rows[3]!.bidQty).toBeNull()
    // depth bars relative to the largest size on screen (99.8 is off screen here)
    expect(rows[2]!.askDepth).toBe(1)
    expect(rows[5]!.bidDepth).toBe(0.5)
  })
  it('knows when the touch has left the screen', () => {
    expect(touchOutside(b, 1002, 7)).toBe(false)
    expect(touchOutside(b, 1010, 7)).toBe(true)
  })

  it('re-centres only on the first data or when the touch leaves the screen', () => {
    expect(recentreTo(b, null, 7)).toBe(1002)
    expect(recentreTo(b, 1002, 7)).toBeNull()
    expect(recentreTo(b, 1004, 7)).toBeNull() // touch still on screen
    expect(recentreTo(b, 1010, 7)).toBe(1002)
    expect(recentreTo(book([], []), null, 7)).toBeNull()
  })

  const order = (over: Partial<OrderView>): OrderView => ({
    clOrdId: 'a',
    symbol: 'BTC/USD',
    side: 'buy',
    type: 'limit',
    qty: '0.05',
    limitPrice: '100.0',
    tif: 'GTC',
    protocol: 'ws',
    state: 'open',
    filledQty: '0.01',
    createdAt: 0,
    updatedAt: 0,
    ...over,
  })

  it('groups my working orders by price: "100" and "100.0" are one row, other symbols and market orders are not mine here', () => {
    const m = myOrdersByPrice(
      [
        order({ clOrdId: 'a' }),
        order({ clOrdId: 'b', limitPrice: '100', qty: '0.02', filledQty: '0' }),
        order({ clOrdId: 'c', side: 'sell', limitPrice: '100.3', qty: '1', filledQty: '0' }),
        order({ clOrdId: 'd', symbol: 'ETH/USD' }),
        order({ clOrdId: 'e', type: 'market', limitPrice: undefined }),
      ],
      'BTC/USD',
      1,
    )
    expect([...m.keys()]).toEqual([1000, 1003])
    expect(m.get(1000)).toEqual({ buy: 0.06, sell: 0, ids: ['a', 'b'] })
    expect(m.get(1003)).toEqual({ buy: 0, sell: 1, ids: ['c'] })
    expect(myOrdersByPrice([order({})], 'BTC/USD', undefined).size).toBe(0)
  })

  it('gives the canvas and the mirror the same rows: sizes, whole-percent bars, my orders, volume, last trade', () => {
    const marks = newTradeMarks()
    marks.volume.set(1003, 0.25)
    marks.last = { price: 1003, side: 'buy' }
    const mine = myOrdersByPrice([order({ qty: '0.01000000', filledQty: '0' })], 'BTC/USD', 1)
    const rows = ladderRows(b, 1002, 7, mine, marks)
    const at = (p: string) => rows.find((r) => r.priceText === p)!
    expect(at('100.3')).toMatchObject({
      price: 1003,
      askPct: 100,
      lastSide: 'buy',
      volume: '0.2500',
      bestAsk: true,
    })
    expect(at('100.0')).toMatchObject({
      bidQty: '1.00000000',
      bidPct: 50,
      myBuy: '0.01',
      mySell: '',
      bestBid: true,
    })
    expect(at('100.4')).toMatchObject({ askPct: 25, lastSide: null, volume: '' })
  })

  it('a whole-contract book (quantity precision 0) shows my 100 as 100, not 1', () => {
    const whole = { ...b, qtyPrecision: 0 }
    const mine = myOrdersByPrice([order({ qty: '100', filledQty: '0' })], 'BTC/USD', 1)
    const rows = ladderRows(whole, 1002, 7, mine, newTradeMarks())
    expect(rows.find((r) => r.priceText === '100.0')).toMatchObject({ myBuy: '100' })
  })

  it('sums the volume traded at each price', () => {
    const marks = newTradeMarks()
    addTradeVolume(marks, 1003, 0.25)
    addTradeVolume(marks, 1002, 1)
    addTradeVolume(marks, 1003, 0.5)
    expect([...marks.volume]).toEqual([
      [1002, 1],
      [1003, 0.75],
    ])
  })

  it('keeps the volume of the 5,000 prices traded most recently, however far the price walks over a day', () => {
    const marks = newTradeMarks()
    // a price that trades all day long keeps its volume
    addTradeVolume(marks, 999, 1)
    // the price walks up through 6,000 distinct prices, one lot each, the held price trading between
    for (let p = 1000; p < 7000; p++) {
      addTradeVolume(marks, p, 1)
      if (p % 1000 === 0) addTradeVolume(marks, 999, 1)
    }
    expect(marks.volume.size).toBe(5000)
    // 6,001 prices traded: the 1,001 least recently traded, 1000 .. 2000, are dropped (999 traded
    // again at 6000, after them, so it stays with all of its volume)
    expect(marks.volume.get(999)).toBe(7)
    expect(marks.volume.has(1000)).toBe(false)
    expect(marks.volume.has(2000)).toBe(false)
    expect(marks.volume.get(2001)).toBe(1)
    expect(marks.volume.get(6999)).toBe(1)
    expect([...marks.volume.keys()].slice(0, 3)).toEqual([2001, 2002, 2003])
    // in the order last traded: 999 between 6000 and 6001
    expect([...marks.volume.keys()].slice(3999, 4002)).toEqual([6000, 999, 6001])
  })

  it("marks bracket legs on their rows: a target at its limit, a stop at its trigger, on the leg's side", () => {
    const legs = new Map([
      [1003, [{ role: 'target' as const, side: 'sell' as const, clOrdId: 'T1', type: 'limit', qty: 0.01 }]],
      [1000, [{ role: 'stop' as const, side: 'sell' as const, clOrdId: 'S1', type: 'stop-loss', qty: 0.01 }]],
    ])
    const rows = ladderRows(b, 1002, 7, new Map(), newTradeMarks(), legs)
    const at = (p: string) => rows.find((r) => r.priceText === p)!
    expect(at('100.3')).toMatchObject({
      legSell: 'T 0.01',
      legSellKind: 'target',
      legBuy: '',
      legBuyKind: '',
    })
    expect(at('100.0')).toMatchObject({ legSell: 'S 0.01', legSellKind: 'stop' })
    expect(at('100.1').legSell).toBeUndefined()
  })
})
