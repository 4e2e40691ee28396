import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { priceUnits } from '../../../../src-main/core/book/priceUnits'
import { toPriceUnits } from '../../../../src-domain/decimal'

const outcome = (f: () => number): number | string => {
  try {
    return f()
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`
  }
}

describe('priceUnits', () => {
  it('reads plain prices exactly', () => {
    expect(priceUnits('65000.1', 1)).toBe(650001)
    expect(priceUnits('65000', 1)).toBe(650000)
    expect(priceUnits('0.00001234', 8)).toBe(1234)
    expect(priceUnits('45283.50', 2)).toBe(4528350)
    expect(priceUnits('45283.50', 1)).toBe(452835) // a trailing zero beyond the precision
    expect(() => priceUnits('45283.51', 1)).toThrow('45283.51 has more than 1 decimals')
    expect(() => priceUnits('-1', 1)).toThrow('not a non-negative decimal')
    expect(() => priceUnits('9007199254740993', 0)).toThrow('out of range')
    expect(() => priceUnits('900719925474.0993', 4)).toThrow('out of range')
  })

  it('gives the same result or error as toPriceUnits on any text (property)', () => {
    const text = fc.oneof(
      fc
        .tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 9 }))
        .map(([a, b, d]) => (d ? `${a}.${String(b).slice(0, d)}` : String(a))),
      fc.stringMatching(/^[0-9.eE+-]{0,18}$/),
      fc.bigInt({ min: 0n, max: 10n ** 17n }).map(String),
    )
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 12 }), (t, p) => {
        expect(outcome(() => priceUnits(t, p))).toEqual(outcome(() => toPriceUnits(t, p)))
      }),
      { numRuns: 5000 },
    )
  })
})
