import { describe, expect, it } from 'vitest'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'
import { midOf, touchOf } from '../../../../src-main/features/marketData/touch'
import type { BookState } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'

function book(pricePrecision: number, bids: string[], asks: string[]): BookState {
  const engine = new BookEngine('X/USD', { pricePrecision, qtyPrecision: 8 }, 10)
  const lvl = (price: string) => ({ price, qty: '1.00000000' })
  engine.applySnapshot(bids.map(lvl), asks.map(lvl))
  return {
    engine,
    status: 'live',
    checksumFailures: 0,
    instrument: { pricePrecision, qtyPrecision: 8 } as BookState['instrument'],
  }
}

describe('touch and mid of a book (read from its best levels)', () => {
  it('gives the best bid and ask as exact text at the pair precision', () => {
    expect(touchOf(book(1, ['64999.9', '64999.0'], ['65000.1', '65002.0']))).toEqual({
      bid: '64999.9',
      ask: '65000.1',
    })
    expect(touchOf(book(5, ['0.00012'], ['0.00013']))).toEqual({ bid: '0.00012', ask: '0.00013' })
  })

  it('gives the mid with one more decimal, so a half tick stays exact', () => {
    expect(midOf(book(1, ['64999.9'], ['65000.1']))).toBe('65000.00')
    expect(midOf(book(1, ['64999.9'], ['65000.0']))).toBe('64999.95')
    expect(midOf(book(0, ['650'], ['651']))).toBe('650.5')
    expect(midOf(book(5, ['0.00012'], ['0.00013']))).toBe('0.000125')
  })

  it('stays exact where the sum in tenths of a tick is past what a double holds exactly', () => {
    // (1e15 + 1e15 + 1) * 5 units: a double would round the last digit
    expect(midOf(book(8, ['10000000.00000000'], ['10000000.00000001']))).toBe('10000000.000000005')
  })

  it('falls back to the one side there is, then to null', () => {
    expect(midOf(book(1, ['64999.9'], []))).toBe('64999.9')
    expect(midOf(book(1, [], ['65000.1']))).toBe('65000.1')
    expect(midOf(book(1, [], []))).toBeNull()
    expect(midOf(undefined)).toBeNull()
    expect(touchOf(undefined)).toEqual({ bid: null, ask: null })
  })
})
