import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { qtyUnits } from '../../../../src-main/core/book/qtyUnits'
import { toUnits } from '../../../../src-domain/decimal'

const outcome = (f: () => string): string => {
  try {
    return f()
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`
  }
}

describe('qtyUnits', () => {
  it('reads plain quantities exactly', () => {
    expect(qtyUnits('0.10000000', 8)).toBe('10000000')
    expect(qtyUnits('1.54582015', 8)).toBe('154582015')
    expect(qtyUnits('0.00000000', 8)).toBe('0')
    expect(qtyUnits('0', 8)).toBe('0')
    expect(qtyUnits('12', 3)).toBe('12000')
    expect(qtyUnits('0.5', 8)).toBe('50000000')
    expect(qtyUnits('1098.3947558', 8)).toBe('109839475580')
    expect(qtyUnits('123456789012345678901234567890', 0)).toBe('123456789012345678901234567890')
    expect(() => qtyUnits('0.123', 2)).toThrow('0.123 has more than 2 decimals')
    expect(qtyUnits('1.', 2)).toBe('100') // as toUnits reads it
    expect(() => qtyUnits('-1', 2)).toThrow('not a non-negative decimal')
  })

  it('gives the same result or error as toUnits on any text (property)', () => {
    const text = fc.oneof(
      fc
        .tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 10 }))
        .map(([a, b, d]) =>
          d ? `${a % 7 === 0 ? 0 : a}.${String(b).padStart(10, '0').slice(0, d)}` : String(a),
        ),
      fc.stringMatching(/^[0-9.eE+-]{0,20}$/),
      fc.stringMatching(/^0*[0-9]{0,45}(\.[0-9]{0,12})?$/),
    )
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 12 }), (t, p) => {
        expect(outcome(() => qtyUnits(t, p))).toEqual(outcome(() => toUnits(t, p)))
      }),
      { numRuns: 5000 },
    )
  })
})
