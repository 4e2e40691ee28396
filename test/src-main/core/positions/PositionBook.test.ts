import { describe, expect, it } from 'vitest'
import { PositionBook } from '../../../../src-main/core/positions/PositionBook'

const f = (side: 'buy' | 'sell', qty: string, price: string) => ({
  symbol: 'BTC/USD',
  side,
  qty,
  price,
  qtyPrecision: 8,
  pricePrecision: 1,
})

describe('PositionBook', () => {
  it('averages entries, realises on reduction, marks the rest, exactly', () => {
    const b = new PositionBook()
    b.apply(f('buy', '0.1', '60000.0'))
    b.apply(f('buy', '0.3', '64000.0'))
    // avg = (6000 + 19200) / 0.4 = 63000
    expect(b.view('BTC/USD', '65000.0')).toEqual({
      symbol: 'BTC/USD',
      net: '0.40000000',
      avgPrice: '63000.000',
      realisedPnl: '0.000',
      unrealisedPnl: '800.000',
    })
    b.apply(f('sell', '0.1', '66000.0')) // realise 0.1 * (66000 - 63000) = 300
    expect(b.view('BTC/USD', '63000.0')).toMatchObject({
      net: '0.30000000',
      avgPrice: '63000.000',
      realisedPnl: '300.000',
      unrealisedPnl: '0.000',
    })
  })

  it('flips through zero: the remainder opens at the fill price', () => {
    const b = new PositionBook()
    b.apply(f('buy', '0.2', '60000.0'))
    b.apply(f('sell', '0.5', '61000.0')) // close 0.2 (+200), open -0.3 at 61000
    expect(b.view('BTC/USD', '60000.0')).toEqual({
      symbol: 'BTC/USD',
      net: '-0.30000000',
      avgPrice: '61000.000',
      realisedPnl: '200.000',
      unrealisedPnl: '300.000',
    })
    b.apply(f('buy', '0.3', '62000.0')) // close short at a loss of 300
    expect(b.view('BTC/USD', null)).toMatchObject({
      net: '0.00000000',
      avgPrice: '',
      realisedPnl: '-100.000',
    })
  })

  it('marks at a mid that has one more decimal than prices (half a tick)', () => {
    const b = new PositionBook()
    b.apply(f('buy', '0.05', '65000.1'))
    expect(b.view('BTC/USD', '65000.15')!.unrealisedPnl).toBe('0.002') // 0.05 * 0.05 = 0.0025, truncated
  })

  it('never drifts through floating point (0.1 + 0.2)', () => {
    const b = new PositionBook()
    b.apply(f('buy', '0.1', '0.1'))
    b.apply(f('buy', '0.2', '0.2'))
    expect(b.net('BTC/USD')).toBe('0.30000000')
  })
})

describe("PositionBook: saved and taken back (the journal's position base)", () => {
  it('a book loaded from a saved state moves on exactly as the book it was saved from', () => {
    const a = new PositionBook()
    a.apply(f('buy', '0.30000000', '65000.0'))
    a.apply(f('buy', '0.20000000', '65010.0'))
    a.apply(f('sell', '0.10000000', '64900.0'))
    const saved = JSON.parse(JSON.stringify(a.state())) as ReturnType<PositionBook['state']>
    expect(saved).toEqual([
      { symbol: 'BTC/USD', qp: 8, pp: 1, net: '40000000', cost: '26001600000000', realised: '-10400000000' },
    ])
    const b = new PositionBook()
    b.load(saved)
    for (const book of [a, b]) book.apply(f('sell', '0.25000000', '64900.0'))
    expect(b.view('BTC/USD', '65000.0')).toEqual(a.view('BTC/USD', '65000.0'))
    expect(b.view('BTC/USD', '65000.0')).toEqual({
      symbol: 'BTC/USD',
      net: '0.15000000',
      avgPrice: '65004.000',
      realisedPnl: '-36.400',
      unrealisedPnl: '-0.600',
    })
  })

  it('refuses, in words and changing nothing, a saved state it did not write', () => {
    const b = new PositionBook()
    b.apply(f('buy', '1.00000000', '65000.0'))
    expect(() => b.load([{ symbol: 'BTC/USD', qp: 8, pp: 1, net: '1.5', cost: '0', realised: '0' }])).toThrow(
      /not a saved position/,
    )
    expect(() => b.load({ not: 'a list' } as never)).toThrow('not a saved position list')
    expect(b.net('BTC/USD')).toBe('1.00000000')
  })
})
