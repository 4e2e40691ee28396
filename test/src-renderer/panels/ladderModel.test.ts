import { describe, expect, it } from 'vitest'
import { buildLadderRows, centreOf, touchOutside } from '../../../src-renderer/panels/ladderModel'
import type { BookView } from '../../../src-preload/contract/types'

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
})
