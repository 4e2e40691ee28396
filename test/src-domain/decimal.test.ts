import { describe, expect, it } from 'vitest'
import { fromUnits, toPriceUnits, toUnits, trimZeros } from '../../src-domain/decimal'

describe('decimal units', () => {
  it('converts decimal text to integer units exactly', () => {
    expect(toUnits('0.00100000', 8)).toBe('100000')
    expect(toUnits('45285.2', 1)).toBe('452852')
    expect(toUnits('0.1', 8)).toBe('10000000')
    expect(toUnits('0', 8)).toBe('0')
    expect(toUnits('0.00000000', 8)).toBe('0')
    expect(toUnits('12', 0)).toBe('12')
    expect(toUnits('007.50', 2)).toBe('750')
  })
  it('handles exponent notation without floating point', () => {
    expect(toUnits('1e-8', 8)).toBe('1')
    expect(toUnits('1.5E3', 2)).toBe('150000')
    expect(toUnits('123456789012345678901234567890', 8)).toBe('12345678901234567890123456789000000000')
  })
  it('refuses text with more decimals than the precision, unless they are zeros', () => {
    expect(() => toUnits('0.123', 2)).toThrow(/more than 2 decimals/)
    expect(toUnits('0.1200', 2)).toBe('12')
  })
  it('refuses non-decimal text', () => {
    for (const bad of ['', '-1', 'abc', '1.2.3', ' 1', 'NaN', 'Infinity', '0x10', '.5']) {
      expect(() => toUnits(bad, 8), bad).toThrow(/not a non-negative decimal/)
    }
  })
  it('formats units back with the full precision', () => {
    expect(fromUnits('100000', 8)).toBe('0.00100000')
    expect(fromUnits('452852', 1)).toBe('45285.2')
    expect(fromUnits('0', 2)).toBe('0.00')
    expect(fromUnits('5', 0)).toBe('5')
    expect(() => fromUnits('1.5', 2)).toThrow()
  })
  it('round-trips', () => {
    for (const [t, p] of [
      ['0.00000001', 8],
      ['65000.1', 1],
      ['1.23456', 5],
    ] as const) {
      expect(fromUnits(toUnits(t, p), p)).toBe(t)
    }
  })
  it('keeps prices as safe integers only', () => {
    expect(toPriceUnits('65000.1', 1)).toBe(650001)
    expect(() => toPriceUnits('99999999999', 8)).toThrow(/out of range/)
  })

  it("trims the zeros after a decimal point, never a whole number's", () => {
    expect(['0.0100', '65000.0', '0.10000000', '1.5', '100', '100.', '0.000'].map(trimZeros)).toEqual([
      '0.01',
      '65000',
      '0.1',
      '1.5',
      '100',
      '100',
      '0',
    ])
  })
})
