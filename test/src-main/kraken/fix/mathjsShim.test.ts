import { format } from 'mathjs'
import { describe, expect, it } from 'vitest'
import { formatFixed } from '../../../../src-main/kraken/fix/mathjsShim'

describe("mathjs shim: jspurefix's one call, format(v, { notation: 'fixed' })", () => {
  it('writes the texts mathjs writes', () => {
    expect(formatFixed(0.1)).toBe('0.1')
    expect(formatFixed(1.5e-7)).toBe('0.00000015')
    expect(formatFixed(-2.25)).toBe('-2.25')
    expect(formatFixed(1e21 + 0.5)).toBe('1000000000000000000000')
    expect(formatFixed(0.30000000000000004)).toBe('0.30000000000000004')
    expect(formatFixed(65000.3)).toBe('65000.3')
  })

  it('agrees with mathjs on 100,000 numbers of every magnitude', () => {
    let seed = 7
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 50_000; i++) {
      const a = (rnd() - 0.5) * 10 ** (Math.floor(rnd() * 40) - 20)
      const b = Math.round(rnd() * 1e6) / 10 ** Math.floor(rnd() * 8)
      for (const v of [a, b]) expect(formatFixed(v), String(v)).toBe(format(v, { notation: 'fixed' }))
    }
  })
})
